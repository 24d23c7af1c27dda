"""The staff-only import pages: who may use them, and the upload, columns, preview and apply
journey through the test client."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from domains.models import Indicator
from tests.factories import UserFactory, sign_in_with_two_factor
from toolkit_import import generator
from toolkit_import.models import ImportRecord, ImportStatus
from toolkit_import.services import import_preview, import_upload

from .helpers import GOLDEN_ROWS, bank_snapshot, row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(admin_user):
    rows = [*GOLDEN_ROWS, row(["Markers and Means", "Gardening"], "% of people growing food")]
    uploaded = import_upload(user=admin_user, file_name="toolkit.xlsx", data=workbook(rows))
    return import_preview(record=uploaded, mapping=uploaded.column_mapping)


URLS = [
    ("get", "import_list", False),
    ("get", "import_upload", False),
    ("get", "import_detail", True),
    ("get", "import_mapping", True),
    ("post", "import_apply", True),
    ("get", "import_rejected_rows", True),
]
STAFF_STATUS = {
    "import_list": 200,
    "import_upload": 200,
    "import_detail": 200,
    "import_mapping": 200,
    "import_apply": 302,
    "import_rejected_rows": 200,
}


def _url(name, with_record, record):
    kwargs = {"import_id": record.pk} if with_record else {}
    return reverse(f"toolkit_import:{name}", kwargs=kwargs)


@pytest.mark.parametrize(("method", "name", "with_record"), URLS)
def test_anonymous_users_are_sent_to_sign_in(client, record, method, name, with_record):
    url = _url(name, with_record, record)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["alice", "carol", "lena", "bob", "charlie"])
@pytest.mark.parametrize(("method", "name", "with_record"), URLS)
def test_signed_in_users_who_are_not_staff_are_refused(
    client, record, request, role, method, name, with_record
):
    client.force_login(request.getfixturevalue(role))
    before = bank_snapshot()

    response = getattr(client, method)(_url(name, with_record, record))

    assert response.status_code == 403
    assert bank_snapshot() == before


@pytest.mark.parametrize(("method", "name", "with_record"), URLS)
def test_staff_may_use_every_import_page(client, admin_user, record, method, name, with_record):
    sign_in_with_two_factor(client, admin_user)
    # The fixture's file retires most of the bank: applying it takes the typed confirmation.
    data = {"confirmation": str(record.counts["retired"])} if method == "post" else {}

    response = getattr(client, method)(_url(name, with_record, record), data)

    assert response.status_code == STAFF_STATUS[name]


def test_staff_who_are_not_superusers_may_import_too(client, record):
    sign_in_with_two_factor(client, UserFactory(email="staff@site.example", is_staff=True))

    assert client.get(reverse("toolkit_import:import_list")).status_code == 200


def test_an_unknown_import_is_not_found(client, admin_user):
    sign_in_with_two_factor(client, admin_user)
    url = reverse(
        "toolkit_import:import_detail", kwargs={"import_id": "00000000-0000-0000-0000-000000000000"}
    )

    assert client.get(url).status_code == 404


def test_apply_cannot_be_reached_with_get(client, admin_user, record):
    sign_in_with_two_factor(client, admin_user)

    response = client.get(reverse("toolkit_import:import_apply", kwargs={"import_id": record.pk}))

    assert response.status_code == 405
    assert ImportRecord.objects.get(pk=record.pk).status == ImportStatus.PREVIEWED


def upload(client, data: bytes, name="toolkit.xlsx"):
    return client.post(
        reverse("toolkit_import:import_upload"),
        {"workbook": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


def test_the_admin_uploads_confirms_the_columns_previews_and_applies(client, admin_user):
    sign_in_with_two_factor(client, admin_user)

    response = upload(client, workbook())
    record = ImportRecord.objects.get()
    assert response.url == reverse("toolkit_import:import_mapping", kwargs={"import_id": record.pk})
    mapping_page = client.get(response.url)
    assert mapping_page.status_code == 200
    assert "Check the columns" in mapping_page.content.decode()

    post = {
        name: "" if index is None else str(index) for name, index in record.column_mapping.items()
    }
    response = client.post(response.url, post)
    assert response.url == record.get_absolute_url()
    preview = client.get(response.url).content.decode()
    assert "Check the import before you apply it" in preview
    assert "Indicators to be added (2)" in preview
    assert "% of adults in paid work" in preview
    assert not Indicator.objects.filter(wording="% of adults in paid work").exists()

    record.refresh_from_db()
    response = client.post(
        reverse("toolkit_import:import_apply", kwargs={"import_id": record.pk}),
        {"confirmation": str(record.counts["retired"])},  # a small file retires most of the bank
    )
    result = client.get(response.url).content.decode()
    assert "Import applied" in result
    assert "The import was applied." in result
    assert Indicator.objects.filter(wording="% of adults in paid work").exists()

    client.post(reverse("toolkit_import:import_apply", kwargs={"import_id": record.pk}))
    again = client.get(record.get_absolute_url()).content.decode()
    assert "This import was applied already. Nothing was changed a second time." in again


def test_an_unmatched_column_is_chosen_by_the_admin_on_the_columns_page(client, admin_user):
    sign_in_with_two_factor(client, admin_user)
    header = ["Indicator type", "Area of life", *generator.HEADERS[2:]]

    upload(client, workbook(header=header))
    record = ImportRecord.objects.get()
    page = client.get(reverse("toolkit_import:import_mapping", kwargs={"import_id": record.pk}))
    assert "No header matched these, so select their columns:" in page.content.decode()
    assert record.column_mapping["domain"] is None

    post = {
        name: "" if index is None else str(index) for name, index in record.column_mapping.items()
    }
    response = client.post(
        reverse("toolkit_import:import_mapping", kwargs={"import_id": record.pk}), post
    )
    assert response.status_code == 200
    assert "Select the column that holds the domain" in response.content.decode()
    assert response.content.decode().count("<h1") == 1

    post["domain"] = "1"
    client.post(reverse("toolkit_import:import_mapping", kwargs={"import_id": record.pk}), post)
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED
    assert record.column_mapping["domain"] == 1
    assert record.counts["added"] == 2


def test_choosing_one_column_for_two_fields_is_an_error(client, admin_user, record):
    sign_in_with_two_factor(client, admin_user)
    post = {
        name: "" if index is None else str(index) for name, index in record.column_mapping.items()
    }
    post["question"] = post["indicator"]

    response = client.post(
        reverse("toolkit_import:import_mapping", kwargs={"import_id": record.pk}), post
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a different column: Indicator already uses this one" in page
    assert "<title>Error: Check the columns – IOI Planner</title>" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (generator.encrypted_lookalike(), "This workbook is password protected"),
        (generator.PNG_BYTES, "The file is not an Excel workbook"),
        (b"", "The selected file is empty"),
    ],
    ids=["password-protected", "png", "empty"],
)
def test_a_bad_upload_shows_what_to_fix_and_keeps_nothing(client, admin_user, data, message):
    sign_in_with_two_factor(client, admin_user)

    response = upload(client, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "<title>Error: Upload a toolkit workbook – IOI Planner</title>" in page
    assert not ImportRecord.objects.exists()


def test_an_upload_without_a_file_asks_for_one(client, admin_user):
    sign_in_with_two_factor(client, admin_user)

    response = client.post(reverse("toolkit_import:import_upload"), {})

    assert "Select the toolkit workbook" in response.content.decode()


def test_the_preview_lists_rejected_rows_and_offers_the_report(client, admin_user, record):
    sign_in_with_two_factor(client, admin_user)

    page = client.get(record.get_absolute_url()).content.decode()

    assert "Rejected rows (1)" in page
    assert "This is not one of the framework&#x27;s 14 domains" in page
    response = client.get(
        reverse("toolkit_import:import_rejected_rows", kwargs={"import_id": record.pk})
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    report = openpyxl.load_workbook(io.BytesIO(response.content))
    assert report.sheetnames == ["Rejected rows", "Problems"]


def test_long_preview_lists_are_capped_with_counts(client, admin_user, monkeypatch):
    monkeypatch.setattr("toolkit_import.planning.PREVIEW_LIMIT", 5)
    sign_in_with_two_factor(client, admin_user)
    stream = io.BytesIO()
    generator.write_toolkit_workbook(stream, rows=30)
    uploaded = import_upload(user=admin_user, file_name="big.xlsx", data=stream.getvalue())
    previewed = import_preview(record=uploaded, mapping=uploaded.column_mapping)

    page = client.get(previewed.get_absolute_url()).content.decode()

    assert "Indicators to be added (20)" in page
    assert "Showing the first 5 of 20." in page


def test_the_list_page_shows_past_imports(client, admin_user, record):
    sign_in_with_two_factor(client, admin_user)

    page = client.get(reverse("toolkit_import:import_list")).content.decode()

    assert "toolkit.xlsx" in page
    assert "Ready to apply" in page


def test_staff_see_toolkit_imports_in_the_navigation_and_others_do_not(client, admin_user, alice):
    sign_in_with_two_factor(client, admin_user)
    assert "Toolkit imports" in client.get(reverse("domains:indicator_list")).content.decode()
    client.force_login(alice)
    assert "Toolkit imports" not in client.get(reverse("domains:indicator_list")).content.decode()


def test_a_file_too_long_to_read_fails_with_its_reason_on_the_import_page(
    client, admin_user, settings
):
    settings.TOOLKIT_IMPORT_MAX_ROWS = 2
    sign_in_with_two_factor(client, admin_user)
    upload(client, workbook())
    record = ImportRecord.objects.get()
    post = {
        name: "" if index is None else str(index) for name, index in record.column_mapping.items()
    }

    response = client.post(
        reverse("toolkit_import:import_mapping", kwargs={"import_id": record.pk}), post, follow=True
    )

    page = response.content.decode()
    assert "The import failed" in page
    assert "has more than 2 rows below its header" in page
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED


def test_the_list_page_uses_the_same_number_of_queries_however_many_imports(client, admin_user):
    sign_in_with_two_factor(client, admin_user)
    import_upload(user=admin_user, file_name="one.xlsx", data=workbook())
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("toolkit_import:import_list"))
    for number in range(5):
        import_upload(user=admin_user, file_name=f"more-{number}.xlsx", data=workbook())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("toolkit_import:import_list"))

    assert len(many) == len(one)


def test_the_django_admin_lists_imports_read_only(client, admin_user, record):
    sign_in_with_two_factor(client, admin_user)

    listing = client.get(reverse("admin:toolkit_import_importrecord_changelist"))
    detail = client.get(reverse("admin:toolkit_import_importrecord_change", args=[record.pk]))

    assert listing.status_code == 200
    assert "toolkit.xlsx" in listing.content.decode()
    assert detail.status_code == 200
    assert client.get(reverse("admin:toolkit_import_importrecord_add")).status_code == 403


def test_the_import_page_title_repeats_its_heading(client, admin_user, record):
    sign_in_with_two_factor(client, admin_user)

    page = client.get(record.get_absolute_url()).content.decode()

    assert "<title>Check the import before you apply it – IOI Planner</title>" in page
    assert page.count("<h1") == 1


def _preview_through_the_page(client, record, **extra):
    post = {k: "" if v is None else str(v) for k, v in record.column_mapping.items()}
    client.post(
        reverse("toolkit_import:import_mapping", kwargs={"import_id": record.pk}), post | extra
    )
    record.refresh_from_db()
    return record


def test_an_import_retiring_most_of_the_bank_needs_the_number_typed_to_apply(client, admin_user):
    """The issue's example: a five-row test workbook would retire nearly all of the bank."""
    sign_in_with_two_factor(client, admin_user)
    upload(client, workbook())
    record = _preview_through_the_page(client, ImportRecord.objects.get())
    retired = record.counts["retired"]
    active = Indicator.objects.exclude(provenance="council").filter(status="active").count()
    assert retired > active / 4
    page = client.get(record.get_absolute_url()).content.decode()
    assert f"This import retires {retired} of the {active} indicators in the bank" in page
    before = bank_snapshot()
    apply_url = reverse("toolkit_import:import_apply", kwargs={"import_id": record.pk})

    for typed in ("", "yes", str(retired + 1)):
        response = client.post(apply_url, {"confirmation": typed})
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count("<title>Error: Check the import before you apply it") == 1
        assert f"Type {retired}, the number of indicators this import retires" in page
        assert f'value="{typed}"' in page  # what was typed, kept
        assert bank_snapshot() == before

    client.post(apply_url, {"confirmation": f" {retired} "})
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert Indicator.objects.filter(status="retired").count() >= retired


def test_a_partial_update_adds_and_changes_but_retires_nothing(client, admin_user):
    sign_in_with_two_factor(client, admin_user)
    upload(client, workbook())
    record = _preview_through_the_page(client, ImportRecord.objects.get(), scope="partial")
    assert record.partial is True
    assert record.counts["retired"] == 0
    assert record.counts["added"] == 2
    page = client.get(record.get_absolute_url()).content.decode()
    assert "This is a partial update: it adds and changes indicators, and retires none." in page
    assert 'name="confirmation"' not in page
    active_before = Indicator.objects.filter(status="active").count()

    client.post(reverse("toolkit_import:import_apply", kwargs={"import_id": record.pk}))
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert Indicator.objects.filter(status="retired").count() == 0
    assert Indicator.objects.filter(status="active").count() == active_before + 2
