"""The admin uploads, checks the columns of, previews and applies a toolkit import, with and
without JavaScript; every page state is checked with axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from domains.models import Indicator
from ioi_planner.jobs import job_progress
from ioi_planner.models import Job, JobStatus
from tests.factories import TEST_PASSWORD, UserFactory
from tests.toolkit_import.helpers import (
    GOLDEN_ROWS,
    WELSH_ROWS,
    generated,
    row,
    welsh_workbook,
    workbook,
)
from toolkit_import import generator
from toolkit_import.models import ImportRecord
from toolkit_import.services import toolkit_apply_run, toolkit_preview_run

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin():
    return UserFactory(email="admin@demo.example", is_staff=True, is_superuser=True)


@pytest.fixture
def toolkit_file(tmp_path):
    path = tmp_path / "toolkit.xlsx"
    rows = [*GOLDEN_ROWS, row(["Markers and Means", "Gardening"], "% of people growing food")]
    path.write_bytes(workbook(rows))
    return path


def _upload_preview_and_apply(page, live_server, admin, toolkit_file, *, check=True):
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    page.get_by_role("link", name="Toolkit imports").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Toolkit imports", use_inner_text=True
    )
    if check:
        assert_accessible(page)
    page.get_by_role("link", name="Upload a toolkit workbook").click()
    if check:
        assert_accessible(page)
    page.get_by_label("Toolkit workbook").set_input_files(str(toolkit_file))
    page.get_by_role("button", name="Upload and check the columns").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the columns", use_inner_text=True
    )
    assert page.get_by_label("Domain", exact=True).input_value() == "1"
    if check:
        assert_accessible(page)
    page.get_by_role("button", name="Confirm the columns and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the import before you apply it", use_inner_text=True
    )
    expect(page.get_by_role("heading", name="Indicators to be added (2)")).to_be_visible()
    expect(page.get_by_text("This is not one of the framework's 14 domains")).to_be_visible()
    assert not Indicator.objects.filter(wording="% of adults in paid work").exists()
    if check:
        assert_accessible(page)
    # The small file retires most of the bank: the admin is warned and types how many.
    retired = ImportRecord.objects.get().counts["retired"]
    expect(page.get_by_text(f"This import retires {retired} of the")).to_be_visible()
    page.get_by_role("button", name="Apply the import").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    if check:
        assert_accessible(page)
        page.locator(".govuk-error-summary").get_by_role("link").first.click()
        assert page.evaluate("document.activeElement.id") == "confirmation"
    page.get_by_label("To apply it anyway, type the number").fill(str(retired))
    page.get_by_role("button", name="Apply the import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import applied", use_inner_text=True)
    assert Indicator.objects.filter(wording="% of adults in paid work").exists()
    if check:
        assert_accessible(page)


def test_the_admin_uploads_previews_and_applies_an_import(page, live_server, admin, toolkit_file):
    _upload_preview_and_apply(page, live_server, admin, toolkit_file)


def test_the_import_journey_works_with_javascript_switched_off(
    page_without_js, live_server, admin, toolkit_file
):
    _upload_preview_and_apply(page_without_js, live_server, admin, toolkit_file, check=False)


def test_upload_and_column_errors_are_accessible_and_move_focus(page, live_server, admin, tmp_path):
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('toolkit_import:import_upload')}")
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check the columns").click()
    expect(page).to_have_title("Error: Upload a toolkit workbook – IOI Planner")
    assert_accessible(page)
    link = page.locator(".govuk-error-summary").get_by_role("link").first
    target = link.get_attribute("href")
    link.click()
    assert f"#{page.evaluate('document.activeElement.id')}" == target

    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(generator.encrypted_lookalike())
    page.get_by_label("Toolkit workbook").set_input_files(str(locked))
    page.get_by_role("button", name="Upload and check the columns").click()
    expect(page.get_by_text("This workbook is password protected").first).to_be_visible()
    assert_accessible(page)

    unmatched = tmp_path / "unmatched.xlsx"
    unmatched.write_bytes(
        workbook(header=["Indicator type", "Area of life", *generator.HEADERS[2:]])
    )
    page.get_by_label("Toolkit workbook").set_input_files(str(unmatched))
    page.get_by_role("button", name="Upload and check the columns").click()
    expect(page.get_by_text("No header matched these")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm the columns and preview").click()
    expect(page).to_have_title("Error: Check the columns – IOI Planner")
    assert_accessible(page)
    page.locator(".govuk-error-summary").get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_domain"


def test_an_officer_cannot_open_the_import_pages(page, live_server):
    officer = UserFactory(email="officer@demo.example")
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    response = page.goto(f"{live_server.url}{reverse('toolkit_import:import_list')}")
    assert response.status == 403
    assert not page.get_by_role("link", name="Toolkit imports").count()


def test_reading_and_applying_a_large_workbook_show_their_progress(
    any_page, live_server, admin, tmp_path, settings
):
    """The worker is busy (the dummy queue holds each job until the test runs it): the import's
    page shows the rows read as they are reported, in place with JavaScript and by refreshing
    itself without, then the preview; the same while the import is applied."""
    page = any_page
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.JOB_WAIT_SECONDS = 0
    settings.JOB_REFRESH_SECONDS = 1
    path = tmp_path / "large.xlsx"
    path.write_bytes(generated(2_500))
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('toolkit_import:import_upload')}")
    page.get_by_label("Toolkit workbook").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check the columns").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm the columns and preview").click()
    expect(page).to_have_title("Reading the workbook – IOI Planner")
    expect(page.get_by_role("status")).to_have_text("Waiting to start.")
    assert_accessible(page)

    job = Job.objects.get(kind="toolkit-preview")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    job_progress(job, done=1_000, total=2_500, stage="Read 1,000 of about 2,500 rows")
    expect(page.get_by_role("status")).to_have_text("Read 1,000 of about 2,500 rows")
    expect(page.get_by_label("Progress")).to_have_attribute("value", "40")
    assert_accessible(page)

    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    toolkit_preview_run.call(str(job.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the import before you apply it"
    )
    page.get_by_label("To apply it anyway, type the number").fill(
        str(ImportRecord.objects.get().counts["retired"])
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Apply the import").click()
    expect(page).to_have_title("Applying the import – IOI Planner")
    assert_accessible(page)
    toolkit_apply_run.call(str(Job.objects.get(kind="toolkit-apply").pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Import applied")
    assert_accessible(page)


def test_a_partial_update_retires_nothing_and_needs_no_confirmation(
    any_page, live_server, admin, toolkit_file
):
    page = any_page
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('toolkit_import:import_upload')}")
    page.get_by_label("Toolkit workbook").set_input_files(str(toolkit_file))
    page.get_by_role("button", name="Upload and check the columns").click()
    page.get_by_label("Part of the toolkit: add and change indicators, retire nothing").check()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the columns and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the import before you apply it"
    )
    expect(
        page.get_by_text("This is a partial update: it adds and changes indicators, and retires")
    ).to_be_visible()
    assert not page.get_by_label("To apply it anyway, type the number").count()
    assert_accessible(page)
    page.get_by_role("button", name="Apply the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import applied")
    assert not Indicator.objects.filter(status="retired").exists()
    assert Indicator.objects.filter(wording="% of adults in paid work").exists()


def test_site_staff_import_the_welsh_toolkit_and_the_bank_reads_in_welsh(
    page, live_server, admin, tmp_path
):
    """The Welsh toolkit through the pages (issue 21): recognised as Welsh on both pages, its
    columns found by their Welsh names, and applied as the Welsh of the indicators it names."""
    path = tmp_path / "pecyn-cymorth.xlsx"
    path.write_bytes(welsh_workbook(WELSH_ROWS[:2]))
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('toolkit_import:import_upload')}")
    page.get_by_label("Toolkit workbook").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check the columns").click()
    expect(page.get_by_text("This is the Welsh toolkit.")).to_be_visible()
    assert page.get_by_label("Indicator code", exact=True).input_value() == "2"
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the columns and preview").click()
    expect(page.get_by_text("This is the Welsh toolkit.")).to_be_visible()
    expect(page.get_by_text("Wording in Welsh").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Apply the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import applied", use_inner_text=True)

    esol = Indicator.objects.get(code="F09-01")
    assert esol.wording_cy == "% sy’n mynychu dosbarthiadau ESOL yn rheolaidd"
    # A Welsh reader sees it in Welsh, no longer marked as English.
    page.goto(f"{live_server.url}/language/cy/?next={esol.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "% sy’n mynychu dosbarthiadau ESOL yn rheolaidd"
    )
