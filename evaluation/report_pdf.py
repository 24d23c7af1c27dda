"""The plan report (evaluation/report.py) as a tagged PDF, laid out by WeasyPrint.

Page-break rules, in the template's styles: a heading, a table caption and a paragraph that
introduces a figure stay with what follows; a table row and a figure are never split; nothing
forces a new page. A figure cannot split, so one too tall for the room left on a page would
leave that page near-empty: such a figure is drawn smaller to fit the room, if that keeps it at
least half its size (report_parts.SMALLEST) and legible, and the report is laid out again.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation

from ioi_planner.pdf import PDF_VARIANT, font_context, html_document

from .report_parts import Figure, Report, figures_of

# A figure that would leave the page before it emptier than this (a share of the page) is drawn
# smaller to fit the room left (Figure.can_fit).
NEAR_EMPTY = 0.5
SPARE = 10  # millimetres
PX_PER_MM = 96 / 25.4  # WeasyPrint's CSS pixels


@dataclass
class PageLayout:
    fill: float  # the share of the page's text area that is used
    blocks: list  # its top-level boxes (WeasyPrint's), first to last
    room_px: float  # the height left unused, in CSS pixels


def page_layout(document) -> list[PageLayout]:
    """How full each page of a laid-out report is, and what it holds (read from WeasyPrint's
    boxes: the page, its <html>, its <body>, then the body's blocks on that page)."""
    pages = []
    for page in document.pages:
        box = page._page_box
        blocks = list(box.children[0].children[0].children)
        used = max((b.position_y + b.margin_height() for b in blocks), default=box.content_box_y())
        used -= box.content_box_y()
        pages.append(PageLayout(fill=used / box.height, blocks=blocks, room_px=box.height - used))
    return pages


def _near_empty_before_figures(document, report: Report) -> list[tuple[Figure, float]]:
    """Figures that start a page (after their heading) and leave the page before them less
    than NEAR_EMPTY full, with the room on that page for them (in millimetres), where they
    would still be legible drawn to fit it (Figure.can_fit)."""
    figures = {str(f.number): f for f in figures_of(report)}
    pages = page_layout(document)
    found = []
    for before, page in zip(pages, pages[1:], strict=False):
        if before.fill >= NEAR_EMPTY:
            continue
        starts = page.blocks[:2]
        for child in starts:
            figure = figures.get(child.element.get("data-figure", "")) if child.element else None
            if figure is None:
                continue
            heading = sum(b.margin_height() for b in starts if b is not child)
            # The heading's top margin, dropped at the top of a page, counts mid-page: SPARE.
            room = (before.room_px - heading) / PX_PER_MM - SPARE
            if figure.can_fit(room):
                found.append((figure, room))
    return found


def report_document(report: Report):
    """The report laid out by WeasyPrint. Laid out once; if a figure too tall for the room
    left on a page would leave that page near-empty, the figure is drawn smaller to fit that
    room and the report laid out again."""
    document = html_document(report_html(report)).render(pdf_variant=PDF_VARIANT)
    shrunk = _near_empty_before_figures(document, report)
    if shrunk:
        for figure, room in shrunk:
            figure.fit(room)
        document = html_document(report_html(report)).render(pdf_variant=PDF_VARIANT)
    return document


def report_pdf(report: Report) -> bytes:
    """The report as a tagged PDF (PDF/UA-1)."""
    return report_document(report).write_pdf(pdf_variant=PDF_VARIANT)


def report_html(report: Report) -> str:
    """The report's HTML, for WeasyPrint (ioi_planner/pdf.py)."""
    return render_to_string(
        "evaluation/report_pdf.html",
        {
            "report": report,
            "language": translation.get_language() or "en-gb",
            **font_context(),
        },
    )
