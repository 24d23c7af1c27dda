from django.urls import path

from . import views

app_name = "domains"

urlpatterns = [
    path("framework/", views.framework_overview, name="framework_overview"),
    path("framework/<slug:slug>/", views.domain_detail, name="domain_detail"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/export.csv", views.indicator_export_csv, name="indicator_export_csv"),
    path("indicators/export.xlsx", views.indicator_export_xlsx, name="indicator_export_xlsx"),
]
