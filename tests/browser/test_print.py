"""Printing the plan page (issue 17, item 9): Chromium prints the page to PDF on A4 with the print
dialog's usual 1 cm margins, and the PDF is read back with pypdf to check how the pages fall: no
heading left alone at the foot of a page, and no page but the last less than a third full. The
diagram, laid out for print on a page's width, is no taller than a page."""

import io
import os
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from bench.plans import bench_plan
from tests.factories import TEST_PASSWORD, MembershipFactory
from theory_of_change.examples.services import plan_create_from_example

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARGIN = "1cm"
# The printable part of an A4 page in CSS pixels (96 to the inch): 190 x 277 mm.
PRINTABLE_WIDTH, PRINTABLE_HEIGHT = 718, 1047


@dataclass(frozen=True)
class Line:
    text: str
    y: float  # from the foot of the page, in points


def _lines(page) -> list[Line]:
    """The text of one PDF page as lines, top to bottom, each with its height on the page."""
    runs: dict[float, list[str]] = {}

    def visitor(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        # Chromium writes each run with its position in the text matrix, scaled by the
        # current matrix: the run's height on the page is their product's y.
        y = round(tm[5] * cm[3] + cm[5], 0)
        runs.setdefault(y, []).append(text.strip())

    page.extract_text(visitor_text=visitor)
    return [Line(" ".join(texts), y) for y, texts in sorted(runs.items(), reverse=True)]


@dataclass(frozen=True)
class PrintedPage:
    number: int
    height: float  # in points
    lines: list[Line]


def _print(page) -> list[PrintedPage]:
    margins = dict.fromkeys(("top", "right", "bottom", "left"), MARGIN)
    pdf = page.pdf(format="A4", margin=margins, print_background=True)
    if os.environ.get("PRINT_PDF_TO"):  # to look at it while changing the print style
        with open(os.environ["PRINT_PDF_TO"], "wb") as out:
            out.write(pdf)
    return [
        PrintedPage(number, float(pdf_page.mediabox.height), _lines(pdf_page))
        for number, pdf_page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1)
    ]


@pytest.fixture
def officer():
    return MembershipFactory(user__email="officer@council.example").user


def _example_plan(officer, team):
    return plan_create_from_example(example_slug="safe-and-connected", team=team, user=officer).plan


def _large_plan(officer, team):
    """Ten of each part, linked along the chain: a diagram taller than a page at full width."""
    return bench_plan(owner=officer, team=team, scale=2)


@pytest.mark.parametrize("make_plan", [_example_plan, _large_plan], ids=["example", "large"])
def test_a_printed_plan_has_no_orphaned_headings_or_near_empty_pages(
    page, live_server, officer, make_plan
):
    plan = make_plan(officer, officer.memberships.first().team)
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title, use_inner_text=True)
    headings = {text.strip() for text in page.locator("main :is(h1, h2, h3, h4)").all_inner_texts()}

    printed = _print(page)

    assert len(printed) >= 2
    for sheet in printed[:-1]:
        assert sheet.lines, f"page {sheet.number} is blank"
        last = sheet.lines[-1]
        assert last.text not in headings, f"page {sheet.number} ends with the heading “{last.text}”"
        # The lowest line is more than a third of the way down the page.
        assert last.y < sheet.height * 2 / 3, f"page {sheet.number} is less than a third full"
    assert "Theory of Change" in [line.text for sheet in printed for line in sheet.lines]


@pytest.mark.parametrize("make_plan", [_example_plan, _large_plan], ids=["example", "large"])
def test_the_printed_diagram_fits_on_a_page(page, live_server, officer, make_plan):
    plan = make_plan(officer, officer.memberships.first().team)
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": PRINTABLE_HEIGHT})
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.emulate_media(media="print")
    diagram = page.get_by_role("img", name=f"Theory of Change for {plan.title}")
    expect(diagram).to_be_visible()
    box = diagram.bounding_box()
    assert box["width"] <= PRINTABLE_WIDTH
    # Room above it on the same page for its heading.
    assert box["height"] <= PRINTABLE_HEIGHT - 80
    # Not shrunk to a stamp: it uses most of the page's width or height.
    assert box["width"] >= PRINTABLE_WIDTH * 0.6 or box["height"] >= PRINTABLE_HEIGHT * 0.6
