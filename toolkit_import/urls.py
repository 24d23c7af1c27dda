from django.urls import path

from . import views

app_name = "toolkit_import"

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_upload, name="import_upload"),
    path("imports/<uuid:import_id>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:import_id>/columns/", views.import_mapping, name="import_mapping"),
    path("imports/<uuid:import_id>/apply/", views.import_apply, name="import_apply"),
    path(
        "imports/<uuid:import_id>/rejected-rows.xlsx",
        views.import_rejected_rows,
        name="import_rejected_rows",
    ),
]
