from django.urls import path

from . import views

app_name = "domains"

urlpatterns = [
    path("framework/", views.framework_overview, name="framework_overview"),
    path("framework/<slug:slug>/", views.domain_detail, name="domain_detail"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
]
