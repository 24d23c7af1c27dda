from django.urls import path

from . import example_views, views

app_name = "theory_of_change"

urlpatterns = [
    path("<uuid:plan_id>/", views.plan_detail, name="plan_detail"),
    path("examples/", example_views.example_list, name="example_list"),
    path("examples/<slug:slug>/", example_views.example_detail, name="example_detail"),
]
