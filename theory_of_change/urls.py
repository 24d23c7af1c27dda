from django.urls import path

from . import views

app_name = "theory_of_change"

urlpatterns = [
    path("<uuid:plan_id>/", views.plan_detail, name="plan_detail"),
]
