from django.urls import path

from . import documents, measurement_views, views

app_name = "evaluation"

urlpatterns = [
    path("<uuid:plan_id>/evaluation/", views.evaluation_detail, name="evaluation_detail"),
    path(
        "<uuid:plan_id>/evaluation/outcomes/<int:outcome_id>/",
        views.outcome_edit,
        name="outcome_edit",
    ),
    # The documents, one view: each pattern names its kind (documents.KINDS).
    *(
        path(f"<uuid:plan_id>/{file}", views.document, {"kind": kind.kind}, name=name)
        for file, kind, name in (
            ("evaluation.pdf", documents.PDF, "evaluation_pdf"),
            ("evaluation.xlsx", documents.WORKBOOK, "evaluation_xlsx"),
            ("report.pdf", documents.REPORT_PDF, "report_pdf"),
            ("report.docx", documents.REPORT_WORD, "report_docx"),
        )
    ),
    path(
        "<uuid:plan_id>/evaluation/documents/<uuid:job_id>/",
        views.document_job,
        name="document_job",
    ),
    path(
        "<uuid:plan_id>/evaluation/measurements/",
        measurement_views.measurement_list,
        name="measurement_list",
    ),
    path(
        "<uuid:plan_id>/evaluation/measurements/add/",
        measurement_views.measurement_add,
        name="measurement_add",
    ),
    path(
        "<uuid:plan_id>/evaluation/measurements/<int:measurement_id>/remove/",
        measurement_views.measurement_remove,
        name="measurement_remove",
    ),
    path(
        "<uuid:plan_id>/evaluation/targets/<int:indicator_id>/",
        measurement_views.target_set,
        name="target_set",
    ),
    path(
        "<uuid:plan_id>/evaluation/targets/<int:indicator_id>/<int:target_id>/remove/",
        measurement_views.target_remove,
        name="target_remove",
    ),
    path(
        "<uuid:plan_id>/evaluation/groups/",
        measurement_views.group_list,
        name="group_list",
    ),
    path(
        "<uuid:plan_id>/evaluation/groups/<int:group_id>/remove/",
        measurement_views.group_remove,
        name="group_remove",
    ),
]
