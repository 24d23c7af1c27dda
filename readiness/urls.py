from django.urls import path

from . import views

app_name = "readiness"

exercise = "exercises/<uuid:exercise_id>/"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise_list"),
    path("exercises/new/", views.exercise_create, name="exercise_create"),
    path(exercise, views.exercise_detail, name="exercise_detail"),
    path(f"{exercise}problem/", views.exercise_details, name="exercise_details"),
    path(f"{exercise}domains/", views.exercise_domains, name="exercise_domains"),
    path(f"{exercise}reasons/", views.exercise_reasons, name="exercise_reasons"),
    path(f"{exercise}start/", views.exercise_start, name="exercise_start"),
    path(f"{exercise}remove/", views.exercise_remove, name="exercise_remove"),
]
