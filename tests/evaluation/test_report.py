"""The plan report as a tagged PDF and as a Word document: both parsed (pypdf, python-docx) and
their content, headings, tables, figures and page breaks checked."""

import re
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import docx
import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from docx.oxml.ns import qn

from evaluation import report, report_parts, report_pdf, selectors
from evaluation.models import IndicatorTarget, Measurement, OutcomeEvaluation
from evaluation.report_parts import Figure, Paragraph, Report, Section, Table
from evaluation.services import evaluation_draft
from ioi_planner.pdf import PDF_VARIANT, html_document
from theory_of_change.models import Plan, PlanStatus, PlanTransition

from ..factories import (
    ActivityFactory,
    AssumptionFactory,
    BarrierFactory,
    EvidenceFactory,
    OutcomeFactory,
    OutputFactory,
    StakeholderFactory,
    measurement_group,
)

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Summary",
    "Theory of Change diagram",
    "The chain as text",
    "Barriers",
    "Assumptions and evidence",
    "Stakeholders",
    "Principle check",
    "Evaluation plan",
    "Progress",
]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def measure(plan, indicator, group, on, value, kind="later"):
    Measurement.objects.create(
        plan=plan,
        indicator=indicator,
        group=measurement_group(plan, group),
        kind=kind,
        measured_on=on,
        value=Decimal(value),
        source="Residents' survey",
    )


@pytest.fixture
def whole_plan(plan, outcome, indicator, lena):
    """A plan with every part the report shows: two outcomes (the second's evaluation not
    planned), an output and an activity linked to the first, a barrier, an assumption with
    evidence, a stakeholder, measurements for two groups and a dated target; approved by lena."""
    OutcomeFactory(plan=plan, text="Newcomers know where to get advice")
    output = OutputFactory(plan=plan, text="Weekly café sessions held")
    output.outcomes.add(outcome)
    activity = ActivityFactory(plan=plan, text="Run the café", inputs="A hall and two volunteers")
    activity.outputs.add(output)
    BarrierFactory(plan=plan, text="Some neighbours work evenings")
    EvidenceFactory(
        assumption=AssumptionFactory(plan=plan, text="People come if it is free"),
        source="Pilot attendance records",
    )
    StakeholderFactory(plan=plan, name="Northgate Library")
    evaluation_draft(plan=plan)
    evaluation = OutcomeEvaluation.objects.get(outcome=outcome)
    evaluation.responsibility = "Northgate Library café coordinator"
    evaluation.methods = ["survey"]
    evaluation.save()
    start = date.today() - timedelta(days=200)
    measure(plan, indicator, "newcomers", start, "20", kind="baseline")
    measure(plan, indicator, "receiving", start, "50", kind="baseline")
    measure(plan, indicator, "newcomers", start + timedelta(days=100), "35")
    measure(plan, indicator, "receiving", start + timedelta(days=100), "52")
    IndicatorTarget.objects.create(
        plan=plan,
        indicator=indicator,
        group=measurement_group(plan, "newcomers"),
        value=Decimal("40"),
        due_on=date.today() + timedelta(days=100),
        direction="increase",
    )
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    PlanTransition.objects.create(
        plan=plan, from_status=PlanStatus.SUBMITTED, to_status=PlanStatus.APPROVED, by=lena
    )
    plan.refresh_from_db()
    return plan


def download(client, user, plan, name):
    client.force_login(user)
    response = client.get(reverse(f"evaluation:{name}", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def pdf_of(client, user, plan) -> pypdf.PdfReader:
    response = download(client, user, plan, "report_pdf")
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="plan-report-friendship-cafe.pdf"' in response["Content-Disposition"]
    return pypdf.PdfReader(BytesIO(response.getvalue()))


def word_of(client, user, plan):
    response = download(client, user, plan, "report_docx")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return docx.Document(BytesIO(response.getvalue()))


def structure(node, found: list) -> list:
    """The tags of a tagged PDF's structure tree, depth first, with each figure's Alt."""
    node = node.get_object()
    tag = str(node.get("/S", ""))
    if tag:
        found.append((tag, str(node.get("/Alt", ""))))
    kids = node.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
            structure(kid, found)
    return found


def test_the_pdf_holds_the_whole_plan_in_order_tagged(client, alice, lena, whole_plan):
    reader = pdf_of(client, alice, whole_plan)
    assert reader.metadata.title == "Plan report: Friendship café"
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).lower() == "en-gb"
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    # The cover: who approved it and when, the version and the date.
    assert f"Approved By {lena} on " in text
    assert f"Version {whole_plan.version}" in text
    # The sections, in the order a manager reads them.
    places = [text.index(heading) for heading in SECTIONS]
    assert places == sorted(places)
    for shown in (
        "Run the café",
        "A hall and two volunteers",
        "Some neighbours work evenings",
        "Pilot attendance records",
        "Northgate Library",
        "Northgate Library café coordinator",
        "Parity: newcomers and the receiving community",
    ):
        assert shown in text, shown
    # The outcome not planned yet is one line, not a block of empty rows.
    assert "Not filled in yet" not in text
    evaluation = text[text.index("Evaluation plan") : text.index("Progress For each")]
    assert evaluation.count("Newcomers know where to get advice") == 1
    assert "Outcomes whose evaluation is not planned yet Outcome 2: Newcomers" in evaluation
    tags = structure(root["/StructTreeRoot"], [])
    names = [tag for tag, _alt in tags]
    assert "/H1" in names
    assert names.count("/H2") == len(SECTIONS)
    assert "/H3" in names
    assert "/Table" in names
    figures = [alt for tag, alt in tags if tag == "/Figure"]
    assert len(figures) == 2  # the diagram and one chart
    assert all(figures), figures  # each with its alternative text


def test_the_word_document_uses_heading_styles_tables_and_pictures_with_alt_text(
    client, alice, whole_plan
):
    document = word_of(client, alice, whole_plan)
    assert document.core_properties.title == "Plan report: Friendship café"
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Plan report: Friendship café")
    assert [text for style, text in headings if style == "Heading 2"] == SECTIONS
    assert ("Heading 3", "Outcome 1: Neighbours old and new meet every week") in headings
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "About this plan" in captions
    assert "Values over time" in captions
    cover = document.tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in cover.rows}
    assert rows["Council"] == whole_plan.team.organisation.name
    assert rows["Approved"].startswith("By ")
    # Header rows repeat on each page; no row splits across pages.
    progress = document.tables[-2]
    first = progress.rows[0]._tr
    assert first.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None for r in progress.rows)
    (principles,) = [
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells][:2] == ["Principle", "Result"]
    ]
    assert len(principles.rows) == 1 + 5  # the five principles of the check
    pictures = document.inline_shapes
    assert len(pictures) == 2
    assert all(shape._inline.docPr.get("descr") for shape in pictures)
    body = flat(" ".join(p.text for p in document.paragraphs))
    assert "Outcome 2: Newcomers know where to get advice" in body
    assert "Not filled in yet" not in body


def test_what_people_type_is_text_in_both_documents(client, alice, plan, outcome):
    typed = '<b>Bold</b> =HYPERLINK("https://example.com") \x07end'
    Plan.objects.filter(pk=plan.pk).update(title=typed)
    BarrierFactory(plan=plan, text="<script>alert(1)</script>")
    plan.refresh_from_db()
    reader = pypdf.PdfReader(BytesIO(download(client, alice, plan, "report_pdf").getvalue()))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert '<b>Bold</b> =HYPERLINK("https://example.com") end' in text
    assert "<script>alert(1)</script>" in text
    document = docx.Document(BytesIO(download(client, alice, plan, "report_docx").getvalue()))
    title = document.paragraphs[0]
    assert title.text == 'Plan report: <b>Bold</b> =HYPERLINK("https://example.com") end'
    assert not title._p.xpath(".//w:fldSimple | .//w:instrText")  # no Word field


def test_no_page_is_near_empty_and_no_heading_ends_a_page(plan, indicator):
    """A plan long enough to run over many pages, with a chart per indicator: every page but
    the last is at least half full, and none ends with a heading or a caption."""
    for number in range(12):
        outcome = OutcomeFactory(plan=plan, text=f"Outcome {number} " + "words " * 30)
        outcome.indicators.add(indicator)
    evaluation_draft(plan=plan)
    OutcomeEvaluation.objects.filter(outcome__plan=plan).update(
        responsibility="The coordinator", questions="How often do you meet?\n" * 4
    )
    measure(plan, indicator, "newcomers", date.today() - timedelta(days=30), "10")
    plan_ = selectors.report_plan(Plan.objects.all(), plan.pk)
    document = report_pdf.report_document(report.plan_report(plan_))
    pages = report_pdf.page_layout(document)
    assert len(pages) > 3
    for number, page in enumerate(pages[:-1], start=1):
        assert page.fill >= report_pdf.NEAR_EMPTY, (number, page.fill)
        last = page.blocks[-1]
        assert last.element_tag not in {"h1", "h2", "h3"}, number
        assert "keep" not in (last.element.get("class") or ""), number


def test_a_figure_that_would_leave_a_page_near_empty_is_drawn_to_fit_it():
    """A figure too tall for the room left after a short section goes to the next page and
    leaves a gap; the rule draws it smaller to fit the room instead (never below half)."""
    svg = mark_safe(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 500" width="100%" '
        'role="img"><title>Boxes</title><rect x="0" y="0" width="1000" height="500" '
        'fill="#1d70b8"/></svg>'
    )
    figure = Figure(svg=svg, alt="Boxes", size="wide", number=1)
    shown = Report(
        title="A report",
        author="Alpha Council",
        subject="Test",
        facts=Table("About", [], [["Council", "Alpha Council"]]),
        sections=[
            Section("Summary", 2, [Paragraph("Words and more words. " * 30)]),
            Section("Diagram", 2, [figure]),
            Section("After", 2, [Paragraph("The end.")]),
        ],
    )
    full_height = figure.height_mm
    first = report_pdf.page_layout(
        html_document(report_pdf.report_html(shown)).render(pdf_variant=PDF_VARIANT)
    )
    assert first[0].fill < report_pdf.NEAR_EMPTY  # as laid out without the rule
    pages = report_pdf.page_layout(report_pdf.report_document(shown))
    assert pages[0].fill >= report_pdf.NEAR_EMPTY
    assert any(b.element.get("data-figure") == "1" for b in pages[0].blocks)
    assert report_parts.SMALLEST * full_height <= figure.height_mm < full_height


def test_a_diagram_too_large_to_print_legibly_is_left_to_the_text_version(plan, indicator):
    previous = None
    for number in range(30):
        outcome = OutcomeFactory(plan=plan, text=f"Outcome {number}")
        output = OutputFactory(plan=plan, text=f"Output {number}")
        output.outcomes.add(outcome)
        ActivityFactory(plan=plan, text=f"Activity {number}").outputs.add(output)
        previous = outcome
    shown = report.plan_report(selectors.report_plan(Plan.objects.all(), plan.pk))
    assert not report.figures_of(shown)
    (diagram,) = [s for s in shown.sections if s.heading == "Theory of Change diagram"]
    assert "too large to print legibly" in diagram.parts[0].text
    (text,) = [s for s in shown.sections if s.heading == "The chain as text"]
    assert previous.text in text.parts[1].rows[-1][0]


def test_reading_the_report_takes_the_same_queries_however_big_the_plan(plan, indicator):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            report.plan_report(selectors.report_plan(Plan.objects.all(), plan.pk))
        return len(captured)

    def grow(outcomes: int) -> None:
        for _n in range(outcomes):
            outcome = OutcomeFactory(plan=plan)
            outcome.indicators.add(indicator)
            output = OutputFactory(plan=plan)
            output.outcomes.add(outcome)
            ActivityFactory(plan=plan).outputs.add(output)
            BarrierFactory(plan=plan)
            EvidenceFactory(assumption=AssumptionFactory(plan=plan))
            StakeholderFactory(plan=plan)
        evaluation_draft(plan=plan)
        measure(plan, indicator, "newcomers", date.today() - timedelta(days=outcomes), "10")

    grow(1)
    small = queries()
    grow(8)
    assert queries() == small


def test_the_cover_says_not_approved_until_a_lead_approves(plan, outcome):
    shown = report.plan_report(selectors.report_plan(Plan.objects.all(), plan.pk))
    assert dict(shown.facts.rows)["Approved"] == "Not approved yet"


def test_a_reader_working_in_welsh_gets_a_welsh_report_with_the_plan_s_english_marked(
    client, alice, lena, whole_plan
):
    """Documents are in the language of the person downloading them (issue 21); the plan's
    own text, written in English, is marked as English in both files."""
    alice.language = "cy"
    alice.save()
    reader = pdf_of(client, alice, whole_plan)
    assert str(reader.trailer["/Root"]["/Lang"]).lower() == "cy"
    assert reader.metadata.title == "Adroddiad y cynllun: Friendship café"
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Crynodeb" in text
    assert "Some neighbours work evenings" in text

    plan = selectors.report_plan(Plan.objects.all(), whole_plan.pk)
    with translation.override("cy"):
        html = report_pdf.report_html(report.plan_report(plan))
    assert '<li lang="en-gb">Some neighbours work evenings</li>' in html
    assert 'lang="en-gb">Northgate Library</td>' in html
    assert 'lang="en-gb">Run the café</tspan>' in html  # the diagram's boxes

    document = word_of(client, alice, whole_plan)
    normal = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "cy-GB"
    barrier = next(p for p in document.paragraphs if p.text == "Some neighbours work evenings")
    assert barrier.runs[0]._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB"


def test_a_welsh_plan_downloaded_in_english_is_marked_welsh_and_an_english_one_not_at_all(
    client, alice, whole_plan
):
    plan = selectors.report_plan(Plan.objects.all(), whole_plan.pk)
    html = report_pdf.report_html(report.plan_report(plan))
    assert 'lang="en-gb"' not in html.split("<body", 1)[1]
    Plan.objects.filter(pk=plan.pk).update(language="cy")
    plan = selectors.report_plan(Plan.objects.all(), whole_plan.pk)
    html = report_pdf.report_html(report.plan_report(plan))
    assert '<li lang="cy">Some neighbours work evenings</li>' in html
