from django.urls import path

from theory_of_change import views
from theory_of_change.examples import views as example_views
from theory_of_change.history import views as history_views
from theory_of_change.review import views as review_views
from theory_of_change.wizard import indicator_switch, part_views
from theory_of_change.wizard import views as wizard_views

app_name = "theory_of_change"

item = "<uuid:plan_id>/items/<slug:kind>/<int:item_id>/"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", wizard_views.plan_create, name="plan_create"),
    path("<uuid:plan_id>/", views.plan_detail, name="plan_detail"),
    path("examples/", example_views.example_list, name="example_list"),
    path("examples/<slug:slug>/", example_views.example_detail, name="example_detail"),
    path("<uuid:plan_id>/steps/", wizard_views.plan_tasks, name="plan_tasks"),
    path("<uuid:plan_id>/steps/<slug:slug>/", wizard_views.plan_step, name="plan_step"),
    path("<uuid:plan_id>/items/<slug:kind>/add/", part_views.item_add, name="item_add"),
    path(f"{item}change/", part_views.item_change, name="item_change"),
    path(f"{item}remove/", part_views.item_remove, name="item_remove"),
    path(f"{item}move/", part_views.item_move, name="item_move"),
    path(
        "<uuid:plan_id>/outcomes/<int:item_id>/indicators/",
        part_views.outcome_indicators,
        name="outcome_indicators",
    ),
    path(
        "<uuid:plan_id>/outcomes/<int:item_id>/indicators/new/",
        part_views.council_indicator_add,
        name="council_indicator_add",
    ),
    path(
        "<uuid:plan_id>/indicators/<int:indicator_id>/switch/",
        indicator_switch.indicator_switch,
        name="indicator_switch",
    ),
    path(
        "<uuid:plan_id>/assumptions/<int:item_id>/evidence/add/",
        part_views.evidence_add,
        name="evidence_add",
    ),
    path(
        "<uuid:plan_id>/assumptions/<int:item_id>/evidence/<int:evidence_id>/change/",
        part_views.evidence_change,
        name="evidence_change",
    ),
    path(
        "<uuid:plan_id>/assumptions/<int:item_id>/evidence/<int:evidence_id>/remove/",
        part_views.evidence_remove,
        name="evidence_remove",
    ),
    path("<uuid:plan_id>/review/", review_views.plan_review, name="plan_review"),
    path(
        "<uuid:plan_id>/review/<slug:section>/comments/",
        review_views.review_comment_add,
        name="review_comment_add",
    ),
    path(
        "<uuid:plan_id>/review/comments/<int:comment_id>/reply/",
        review_views.review_comment_reply,
        name="review_comment_reply",
    ),
    path(
        "<uuid:plan_id>/review/comments/<int:comment_id>/resolve/",
        review_views.review_comment_resolve,
        name="review_comment_resolve",
    ),
    path(
        "<uuid:plan_id>/status/<slug:slug>/", review_views.plan_transition, name="plan_transition"
    ),
    path(
        "<uuid:plan_id>/collaborators/",
        review_views.plan_collaborators,
        name="plan_collaborators",
    ),
    path(
        "<uuid:plan_id>/collaborators/<int:user_id>/remove/",
        review_views.plan_collaborator_remove,
        name="plan_collaborator_remove",
    ),
    path("<uuid:plan_id>/history/", history_views.plan_history, name="plan_history"),
    path(
        "<uuid:plan_id>/history/compare/",
        history_views.plan_history_compare,
        name="plan_history_compare",
    ),
    path(
        "<uuid:plan_id>/history/<int:number>/restore/",
        history_views.plan_history_restore,
        name="plan_history_restore",
    ),
]
