"""The evaluation plan as a tagged PDF and as a workbook, both parsed and their content checked."""

import re
from datetime import date
from io import BytesIO

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from evaluation import exports
from evaluation.models import OutcomeEvaluation, Sample
from evaluation.presenters import ANNEX_1_LABELS
from evaluation.report_pdf import NEAR_EMPTY, page_layout
from evaluation.selectors import evaluation_for_display
from evaluation.services import evaluation_draft
from ioi_planner.pdf import html_document
from tests.factories import ON_POSTGRESQL, measurement_group
from theory_of_change.models import Plan, PlanStatus

from ..factories import OutcomeFactory

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_of(client, user, plan) -> pypdf.PdfReader:
    client.force_login(user)
    response = client.get(reverse("evaluation:evaluation_pdf", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return pypdf.PdfReader(BytesIO(response.getvalue()))


def workbook_of(client, user, plan):
    client.force_login(user)
    response = client.get(reverse("evaluation:evaluation_xlsx", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    return openpyxl.load_workbook(BytesIO(response.getvalue())).active


@pytest.fixture
def filled(plan, outcome):
    evaluation_draft(plan=plan)
    evaluation = OutcomeEvaluation.objects.get(outcome=outcome)
    evaluation.responsibility = "Northgate Library café coordinator"
    evaluation.methods = ["survey", "focus_group"]
    evaluation.milestones = "Follow-up survey in October"
    evaluation.save()
    Sample.objects.create(evaluation=evaluation, group="participants", size=40)
    return evaluation


def test_the_pdf_holds_the_annex_1_rows_and_the_plan_s_content(client, lena, plan, filled):
    # The status printed is the plan's review status.
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    reader = pdf_of(client, lena, plan)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for label in ANNEX_1_LABELS:
        assert flat(str(label)) in text
    for expected in [
        "Evaluation plan: Friendship café",
        "Alpha Council",
        "Submitted for review",
        "Newcomers and neighbours rarely meet.",  # the Theory of Change summary
        "Neighbours old and new meet every week",
        "Northgate Library café coordinator",
        "Survey, Focus group",
        "Participants: 40 people",
        "Follow-up survey in October",
        "Open Government Licence v3.0",
        f"Page 1 of {len(reader.pages)}",
    ]:
        assert expected in text, expected


def test_the_pdf_is_tagged_a4_landscape_with_its_language_title_and_shipped_font(
    client, alice, plan, filled
):
    reader = pdf_of(client, alice, plan)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).lower() == "en-gb"
    assert reader.metadata.title == "Evaluation plan: Friendship café"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    # The family "Planner Liberation Sans" exists only in the PDF's @font-face rules, which load
    # the files in ioi_planner/fonts/: no installed font can stand in for it.
    assert all("Planner-Liberation-Sans" in name for name in fonts), fonts


def test_the_workbook_has_a_row_per_outcome_and_indicator_frozen_and_filtered(
    client, alice, plan, outcome, other_indicator, filled
):
    outcome.indicators.add(other_indicator)
    OutcomeFactory(plan=plan, text="Residents feel safe at the café")
    sheet = workbook_of(client, alice, plan)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == (
        "Outcome number",
        "Your Theory of Change outcome",
        "Framework outcome",
        "Indicator",
    )
    body = rows[1:]
    assert len(body) == 3  # two indicators of the first outcome, one row for the second
    assert {row[1] for row in body} == {
        "Neighbours old and new meet every week",
        "Residents feel safe at the café",
    }
    assert other_indicator.wording in {row[3] for row in body}
    assert "Northgate Library café coordinator" in {row[11] for row in body}
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:Q4"


def test_the_workbook_writes_start_and_end_dates_as_date_cells(client, alice, plan, filled):
    filled.start_date, filled.end_date = date(2026, 4, 1), date(2027, 3, 31)
    filled.save()
    sheet = workbook_of(client, alice, plan)
    header = [cell.value for cell in sheet[1]]
    start = sheet.cell(row=2, column=header.index("Start date") + 1)
    end = sheet.cell(row=2, column=header.index("End date") + 1)
    assert start.is_date
    assert (start.value.date(), end.value.date()) == (date(2026, 4, 1), date(2027, 3, 31))
    assert start.number_format == exports.DATE_FORMAT


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://example.com","Click")', "+44 20 7946 0000", "-1+2", "@SUM(A1:A2)"],
)
def test_text_that_looks_like_a_formula_is_written_as_text(client, alice, plan, text):
    OutcomeFactory(plan=plan, text=text)
    sheet = workbook_of(client, alice, plan)
    cell = sheet["B2"]
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_a_100_outcome_plan_exports_to_both_formats(plan, indicator):
    for number in range(100):
        OutcomeFactory(plan=plan, text=f"Outcome number {number}").indicators.add(indicator)
    evaluation_draft(plan=plan)
    shown = evaluation_for_display(plan=plan)
    # The PDF is drawn from what was read (`shown`), the same whichever database it came from:
    # drawn once, on PostgreSQL (some 9 s of the test command); both read the plan.
    if ON_POSTGRESQL:
        reader = pypdf.PdfReader(BytesIO(exports.evaluation_pdf(shown)))
        text = flat(" ".join(page.extract_text() for page in reader.pages))
        assert "Outcome number 0" in text
        assert "Outcome number 99" in text
    sheet = openpyxl.load_workbook(BytesIO(exports.evaluation_workbook(shown))).active
    outcomes = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert outcomes == {f"Outcome number {number}" for number in range(100)}


def test_a_row_longer_than_a_page_carries_on_over_the_next_pages(plan, outcome):
    evaluation_draft(plan=plan)
    evaluation = OutcomeEvaluation.objects.get(outcome=outcome)
    evaluation.questions = "\n".join(f"Question {n} about neighbours" for n in range(90))
    evaluation.responsibility = "The last row of the block"
    evaluation.save()
    reader = pypdf.PdfReader(BytesIO(exports.evaluation_pdf(evaluation_for_display(plan=plan))))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Question 0 about neighbours" in text
    assert "Question 89 about neighbours" in text
    assert "The last row of the block" in text


def test_the_workbook_lists_the_measurements_on_a_sheet_of_their_own(
    client, alice, plan, outcome, indicator
):
    from decimal import Decimal

    from evaluation.models import IndicatorTarget, Measurement

    Measurement.objects.create(
        plan=plan,
        indicator=indicator,
        group=measurement_group(plan, "=Newcomers"),
        kind="baseline",
        measured_on=date(2026, 4, 1),
        value=Decimal("18.5"),
        source="Club survey",
    )
    IndicatorTarget.objects.create(
        plan=plan,
        indicator=indicator,
        group=measurement_group(plan, "=Newcomers"),
        value=Decimal("40"),
        due_on=date(2027, 3, 31),
    )
    client.force_login(alice)
    response = client.get(reverse("evaluation:evaluation_xlsx", kwargs={"plan_id": plan.pk}))
    workbook = openpyxl.load_workbook(BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Evaluation plan", "Measurements", "Targets"]
    sheet = workbook["Measurements"]
    row = [cell.value for cell in sheet[2]]
    assert row[:3] == [indicator.wording, "=Newcomers", "Baseline"]
    assert sheet["B2"].data_type == "s"
    assert row[3].date() == date(2026, 4, 1)
    assert (row[4], row[5]) == (18.5, "Club survey")
    targets = workbook["Targets"]
    row = [cell.value for cell in targets[2]]
    assert row[:2] == [indicator.wording, "=Newcomers"]
    assert targets["B2"].data_type == "s"  # a group's name is never a formula
    assert row[2].date() == date(2027, 3, 31)
    assert row[3:5] == [40, "Increase"]


def test_an_outcome_not_planned_yet_is_one_line_and_outcomes_share_pages(
    client, alice, plan, filled
):
    OutcomeFactory(plan=plan, text="Newcomers know where to get advice")
    reader = pdf_of(client, alice, plan)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Outcome 2 (not planned yet) Newcomers know where to get advice" in text
    assert text.count("Not filled in yet") == 9 - filled_rows(plan)  # outcome 1's empty rows
    # No outcome starts a page of its own, so no page but the last is left near-empty.
    html = exports.evaluation_html(evaluation_for_display(plan=plan))
    pages = page_layout(html_document(html).render())
    assert len(pages) == len(reader.pages)
    for page in pages[:-1]:
        assert page.fill >= NEAR_EMPTY


def filled_rows(plan) -> int:
    from evaluation.presenters import evaluation_blocks

    return evaluation_blocks(evaluation_for_display(plan=plan))[0].filled
