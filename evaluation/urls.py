from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("<uuid:plan_id>/evaluation/", views.evaluation_detail, name="evaluation_detail"),
    path(
        "<uuid:plan_id>/evaluation/outcomes/<int:outcome_id>/",
        views.outcome_edit,
        name="outcome_edit",
    ),
    path("<uuid:plan_id>/evaluation.pdf", views.evaluation_pdf, name="evaluation_pdf"),
    path("<uuid:plan_id>/evaluation.xlsx", views.evaluation_xlsx, name="evaluation_xlsx"),
    path(
        "<uuid:plan_id>/evaluation/documents/<uuid:job_id>/",
        views.document_job,
        name="document_job",
    ),
    path(
        "<uuid:plan_id>/evaluation/measurements/",
        views.measurement_list,
        name="measurement_list",
    ),
    path(
        "<uuid:plan_id>/evaluation/measurements/add/",
        views.measurement_add,
        name="measurement_add",
    ),
    path(
        "<uuid:plan_id>/evaluation/measurements/<int:measurement_id>/remove/",
        views.measurement_remove,
        name="measurement_remove",
    ),
    path(
        "<uuid:plan_id>/evaluation/targets/<int:indicator_id>/",
        views.target_set,
        name="target_set",
    ),
]
