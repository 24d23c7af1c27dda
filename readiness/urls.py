from django.urls import path

from . import action_views, assessment_views, views

app_name = "readiness"

exercise = "exercises/<uuid:exercise_id>/"
assessment = "readiness/<uuid:assessment_id>/"
action = f"{assessment}actions/<int:action_id>/"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise_list"),
    path("exercises/new/", views.exercise_create, name="exercise_create"),
    path(exercise, views.exercise_detail, name="exercise_detail"),
    path(f"{exercise}problem/", views.exercise_details, name="exercise_details"),
    path(f"{exercise}domains/", views.exercise_domains, name="exercise_domains"),
    path(f"{exercise}reasons/", views.exercise_reasons, name="exercise_reasons"),
    path(f"{exercise}start/", views.exercise_start, name="exercise_start"),
    path(f"{exercise}remove/", views.exercise_remove, name="exercise_remove"),
    path("readiness/", assessment_views.assessment_list, name="assessment_list"),
    path("readiness/council/", assessment_views.council_overview, name="council_overview"),
    path(
        "readiness/teams/<int:team_id>/start/",
        assessment_views.assessment_start,
        name="assessment_start",
    ),
    path(assessment, assessment_views.assessment_detail, name="assessment_detail"),
    path(
        f"{assessment}areas/<slug:area>/",
        assessment_views.assessment_area,
        name="assessment_area",
    ),
    path(f"{assessment}submit/", assessment_views.assessment_submit, name="assessment_submit"),
    path(f"{assessment}review/", assessment_views.assessment_review, name="assessment_review"),
    path(f"{assessment}history/", assessment_views.assessment_history, name="assessment_history"),
    path(
        f"{assessment}history/compare/",
        assessment_views.assessment_history_compare,
        name="assessment_history_compare",
    ),
    path(f"{assessment}assessment.pdf", assessment_views.assessment_pdf, name="assessment_pdf"),
    path(
        f"{assessment}documents/<uuid:job_id>/",
        assessment_views.assessment_pdf_job,
        name="assessment_pdf_job",
    ),
    path(f"{assessment}actions/", action_views.assessment_actions, name="assessment_actions"),
    path(f"{assessment}actions/add/", action_views.action_edit, name="action_add"),
    path(action, action_views.action_edit, name="action_edit"),
    path(f"{action}remove/", action_views.action_remove, name="action_remove"),
    path(f"{action}done/", action_views.action_done, name="action_done"),
    path(f"{action}plan/", action_views.action_plan, name="action_plan"),
]
