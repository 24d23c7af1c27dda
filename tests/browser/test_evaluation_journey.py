"""The demo officer (from seed_demo) completes the evaluation plan of the demo plan, records
baselines and later values for two groups, sets a dated target, reads the chart and the status,
downloads the council's portfolio as a workbook, the evaluation PDF and the plan report as PDF
and Word, with JavaScript on and off; axe-core checks each page state
with JavaScript on, and every link of the error summary must move focus to its field."""

import re
from datetime import date
from io import BytesIO

import docx
import openpyxl
import pypdf
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluation.documents import document_build
from ioi_planner.models import Job

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "demo-password-local-only"  # noqa: S105 - seed_demo's local default


def check_error_links(page) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")
        link.click()
        assert "#" + page.evaluate("document.activeElement.id") == target


RECEIVING = "The receiving community (long-standing residents)"
REPORT_SECONDS = 60


def record(page, group: str, kind: str, on: date, value: str) -> str:
    """Record one value of the first indicator on the measurement form; its wording."""
    indicator = page.get_by_label("Which indicator was measured?")
    indicator.select_option(index=1)
    wording = indicator.evaluate("select => select.options[select.selectedIndex].text")
    page.get_by_role("radio", name=group, exact=True).check()
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Day").fill(str(on.day))
    page.get_by_label("Month").fill(str(on.month))
    page.get_by_label("Year").fill(str(on.year))
    page.get_by_label("Value", exact=True).fill(value)
    page.get_by_label("Where does the value come from?").fill("Club survey")
    page.get_by_role("button", name="Save measurement").click()
    return wording


def fill_block(page) -> None:
    """Fill every row of the block that is still empty, as the officer would."""
    radios = page.locator("input[name=framework_domain]")
    if radios.count() and not page.locator("input[name=framework_domain]:checked").count():
        radios.first.check()
    for label, text in [
        ("Your council’s own sources", "Club attendance register"),
        ("Who will collect this data?", "The club coordinator"),
        (
            "How will the data be collected and analysed?",
            "Cards collected each session and added up every quarter",
        ),
        ("Milestones", "Baseline in April, follow-up in October"),
    ]:
        field = page.get_by_label(label, exact=True)
        if not field.input_value():
            field.fill(text)
    survey = page.get_by_label("Survey", exact=True)
    if not survey.is_checked():
        survey.check()
    sample = page.locator("fieldset", has_text="Sample 1")
    if not sample.get_by_label("How many people").input_value():
        sample.get_by_label("Group").select_option("participants")
        sample.get_by_label("How many people").fill("25")


def test_the_demo_officer_completes_the_evaluation_and_downloads_the_pdf(
    any_page, live_server, settings, monkeypatch
):
    page = any_page
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo")
    sign_in(page, live_server, "officer@demo.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="Friendship club open to all residents").first.click()
    page.get_by_role("link", name="Evaluation plan and measurements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation plan")
    expect(page.get_by_text("0 of 3 outcomes are complete")).to_be_visible()
    assert_accessible(page)

    # A negative sample size and dates out of order: the errors say what to fix, nothing saved.
    page.get_by_role("link", name="Change the evaluation of outcome 1").click()
    fill_block(page)
    second = page.locator("fieldset", has_text="Sample 2")
    second.get_by_label("Group").select_option("community")
    second.get_by_label("How many people").fill("-4")
    end = page.get_by_role("group", name="End date (optional)")
    end.get_by_label("Day").fill("1")
    end.get_by_label("Month").fill("1")
    end.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save the evaluation").click()
    expect(page.get_by_text("The number of people must be 0 or more").first).to_be_visible()
    expect(
        page.get_by_text("The end date must be the same as or after the start date").first
    ).to_be_visible()
    assert_accessible(page)
    check_error_links(page)
    second.get_by_label("How many people").fill("200")
    end.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save the evaluation").click()
    expect(page.get_by_text("1 of 3 outcomes are complete")).to_be_visible()

    for number in (2, 3):
        page.get_by_role("link", name=f"Change the evaluation of outcome {number}").click()
        # axe is run on the outcome's page once it is there, not on the page being left.
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Evaluation of outcome {number}")
        assert_accessible(page)
        fill_block(page)
        page.get_by_role("button", name="Save the evaluation").click()
    expect(page.get_by_text("3 of 3 outcomes are complete")).to_be_visible()
    assert_accessible(page)

    # Baselines a year ago and two later values for two groups, on one indicator: the chart
    # and the table beside it show them.
    page.get_by_role("link", name="Measurements and progress against targets").click()
    page.get_by_role("link", name="Record a measurement").click()
    page.get_by_role("button", name="Save measurement").click()
    check_error_links(page)
    assert_accessible(page)
    # A group of the plan's own, named once on the groups page, is then one of the choices.
    page.get_by_role("link", name="Name a group of your own").click()
    page.get_by_label("Name of the group").fill("Young people")
    page.get_by_role("button", name="Add the group").click()
    expect(page.get_by_text("The group is added.")).to_be_visible()
    page.get_by_label("Name of the group").fill("young  PEOPLE")
    page.get_by_role("button", name="Add the group").click()
    check_error_links(page)
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Record a measurement").click()
    expect(page.get_by_role("radio", name="Young people", exact=True)).to_be_visible()
    today = date.today()
    for group, kind, on, value in (
        ("Newcomers", "Baseline", today.replace(day=1, year=today.year - 1), "20"),
        ("Newcomers", "Later value", today.replace(day=1), "36"),
        ("Newcomers", "Later value", today, "39"),
        (RECEIVING, "Baseline", today.replace(day=1, year=today.year - 1), "50"),
        (RECEIVING, "Later value", today, "52"),
    ):
        if "/add/" not in page.url:
            page.get_by_role("link", name="Record a measurement").click()
        wording = record(page, group, kind, on, value)
        expect(page.get_by_text("The measurement is saved.")).to_be_visible()
    section = page.locator("section.app-measurement").filter(
        has=page.get_by_role("heading", name=wording, exact=True)
    )
    expect(section.get_by_role("img", name=re.compile("over time, by group"))).to_be_visible()
    expect(section.get_by_role("cell", name="39", exact=True).first).to_be_visible()
    expect(section.get_by_role("cell", name="52", exact=True).first).to_be_visible()
    assert_accessible(page)

    # A dated target for the newcomers a year from now: half the time gone, 19 of the 20 to
    # go done, so the newcomers (and so the indicator) are on track.
    section.get_by_role("link", name="Targets").click()
    page.get_by_role("button", name="Add the target").click()
    check_error_links(page)
    page.get_by_role("radio", name="Newcomers", exact=True).check()
    page.get_by_label("Increase", exact=True).check()
    page.get_by_label("Target value").fill("40")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year + 1))
    page.get_by_role("button", name="Add the target").click()
    expect(page.get_by_text("The target is saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="Newcomers", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()
    expect(section.locator("strong.govuk-tag")).to_have_text("On track")
    expect(section.get_by_role("cell", name="target 40", exact=True)).to_be_visible()
    progress = section.get_by_role("table", name="Progress by group")
    expect(progress.get_by_role("cell", name=re.compile(r"^40 \(by \w+ \d{4}\)$"))).to_be_visible()
    # Each value's remove link says which value it removes.
    expect(
        section.get_by_role("link", name=re.compile(r"^Remove the value for Newcomers on "))
    ).to_have_count(3)
    expect(
        section.get_by_role("table", name="Parity: newcomers and the receiving community")
    ).to_be_visible()
    assert_accessible(page)

    # The council's portfolio, from the plans list, and its workbook.
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name=re.compile("Your council’s portfolio")).click()
    expect(page.get_by_role("heading", name="Your council’s portfolio")).to_be_visible()
    expect(page.get_by_role("table", name="Plans and domains")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Download the portfolio")).click()
    workbook = openpyxl.load_workbook(BytesIO(info.value.path().read_bytes()))
    rows = list(workbook["Plans"].iter_rows(values_only=True))
    assert ("Friendship club open to all residents", "On track") in {(r[0], r[3]) for r in rows}
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="Friendship club open to all residents").first.click()
    page.get_by_role("link", name="Evaluation plan and measurements").click()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download the evaluation plan as a PDF").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = pypdf.PdfReader(BytesIO(download.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert reader.metadata.title == "Evaluation plan: Friendship club open to all residents"
    assert "Demo City Council" in text
    assert "3 of 3 outcomes complete" in text
    assert "The club coordinator" in text

    # The whole plan report, from the plan page, as a PDF and as a Word document.
    # Each report is built while the link's request waits (the tests' task backend runs jobs
    # at once): that takes seconds on a busy machine, beyond a click's usual 10 s.
    page.get_by_role("link", name="Back", exact=True).click()
    with page.expect_download(timeout=REPORT_SECONDS * 1000) as info:
        page.get_by_role("link", name="Download the plan report as a PDF").click(no_wait_after=True)
    assert info.value.suggested_filename.endswith(".pdf")
    reader = pypdf.PdfReader(BytesIO(info.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert reader.metadata.title == "Plan report: Friendship club open to all residents"
    for heading in ("Theory of Change diagram", "Principle check", "Evaluation plan", "Progress"):
        assert heading in text
    assert "Status: On track" in text
    with page.expect_download(timeout=REPORT_SECONDS * 1000) as info:
        page.get_by_role("link", name="Download the plan report as a Word document").click(
            no_wait_after=True
        )
    assert info.value.suggested_filename.endswith(".docx")
    document = docx.Document(BytesIO(info.value.path().read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[:2] == ["Summary", "Theory of Change diagram"]
    assert "Parity: newcomers and the receiving community" in {
        p.text for p in document.paragraphs if p.style.name == "Caption"
    }
    assert all(shape._inline.docPr.get("descr") for shape in document.inline_shapes)


def test_a_document_that_takes_a_while_shows_its_progress_then_is_ready(
    any_page, live_server, settings, monkeypatch
):
    """The worker is busy (the dummy queue holds the job until the test runs it): the officer
    sees "Preparing your document", kept up to date with JavaScript by the page's script and
    without it by the page refreshing itself, then the link to the file."""
    page = any_page
    settings.DEBUG = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.JOB_WAIT_SECONDS = 0
    settings.JOB_REFRESH_SECONDS = 1
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo")
    sign_in(page, live_server, "officer@demo.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plans/")
    page.get_by_role("link", name="Friendship club open to all residents").first.click()
    page.get_by_role("link", name="Evaluation plan and measurements").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Download the evaluation plan as a PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preparing your document")
    expect(page.get_by_role("status")).to_have_text("Waiting to start.")
    # The link to stop the page refreshing itself is for browsers without JavaScript only.
    stop = page.get_by_role("link", name="Stop refreshing this page")
    expect(stop).to_be_hidden() if page.javascript else expect(stop).to_be_visible()
    assert_accessible(page)

    job = Job.objects.get()
    document_build.call(str(job.pk))
    # With JavaScript the script sees the job finish; without it the page reloads itself.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your document is ready", timeout=10_000
    )
    expect(page).to_have_title("Your document is ready – IOI Planner")
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the evaluation plan (PDF)").click()
    reader = pypdf.PdfReader(BytesIO(info.value.path().read_bytes()))
    assert reader.metadata.title == "Evaluation plan: Friendship club open to all residents"
