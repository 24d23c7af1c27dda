from django.urls import path

from . import example_views, review_views, views

app_name = "theory_of_change"

item = "<uuid:plan_id>/items/<slug:kind>/<int:item_id>/"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("new/", views.plan_create, name="plan_create"),
    path("<uuid:plan_id>/", views.plan_detail, name="plan_detail"),
    path("examples/", example_views.example_list, name="example_list"),
    path("examples/<slug:slug>/", example_views.example_detail, name="example_detail"),
    path("<uuid:plan_id>/steps/", views.plan_tasks, name="plan_tasks"),
    path("<uuid:plan_id>/steps/<slug:slug>/", views.plan_step, name="plan_step"),
    path("<uuid:plan_id>/items/<slug:kind>/add/", views.item_add, name="item_add"),
    path(f"{item}change/", views.item_change, name="item_change"),
    path(f"{item}remove/", views.item_remove, name="item_remove"),
    path(f"{item}move/", views.item_move, name="item_move"),
    path(
        "<uuid:plan_id>/outcomes/<int:item_id>/indicators/",
        views.outcome_indicators,
        name="outcome_indicators",
    ),
    path(
        "<uuid:plan_id>/outcomes/<int:item_id>/indicators/new/",
        views.council_indicator_add,
        name="council_indicator_add",
    ),
    path(
        "<uuid:plan_id>/assumptions/<int:item_id>/evidence/add/",
        views.evidence_add,
        name="evidence_add",
    ),
    path(
        "<uuid:plan_id>/assumptions/<int:item_id>/evidence/<int:evidence_id>/change/",
        views.evidence_change,
        name="evidence_change",
    ),
    path(
        "<uuid:plan_id>/assumptions/<int:item_id>/evidence/<int:evidence_id>/remove/",
        views.evidence_remove,
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
    path("<uuid:plan_id>/history/", views.plan_history, name="plan_history"),
    path(
        "<uuid:plan_id>/history/compare/",
        views.plan_history_compare,
        name="plan_history_compare",
    ),
    path(
        "<uuid:plan_id>/history/<int:number>/restore/",
        views.plan_history_restore,
        name="plan_history_restore",
    ),
]
