"""The parts a plan report is made of (evaluation/report.py builds one; report_pdf.py and
report_docx.py render it): plain text in paragraphs, lists and tables, and SVG figures."""

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

NOT_GIVEN = "–"
# How wide each size of figure is drawn at most, in millimetres.
SIZES = {"wide": 265, "chart": 150}
# The tallest a figure is drawn: an A4 landscape page's text area less room for a heading.
MAX_HEIGHT = 160
# The narrowest each size of figure can be drawn and still be read on paper (the diagram's text
# is then about 5 points), and the smallest share of its size a figure is drawn at to fit.
LEGIBLE = {"wide": 150, "chart": 100}
SMALLEST = 0.5
VIEW_BOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')


@dataclass
class Paragraph:
    text: str
    keep: bool = False  # kept on the same page as what follows it
    kind: str = "paragraph"


@dataclass
class Bullets:
    items: list[str]
    kind: str = "bullets"


@dataclass
class Table:
    caption: str
    header: list[str]  # empty: a two-column table of headings and values
    rows: list[list[str]]
    kind: str = "table"


@dataclass
class Figure:
    svg: SafeString
    alt: str  # what the figure shows, in words; the table after it gives the same content
    size: str  # "wide" (the page's width) or "chart": how wide it is drawn at most (SIZES)
    number: int = 0  # its place among the report's figures, from 1
    width_mm: float = 0.0  # as drawn: no wider than its size, no taller than MAX_HEIGHT
    height_mm: float = 0.0
    kind: str = "figure"

    def __post_init__(self) -> None:
        found = VIEW_BOX.search(self.svg)
        width, height = (float(n) for n in found.groups()) if found else (4.0, 3.0)
        self.width_mm = min(SIZES[self.size], MAX_HEIGHT * width / height)
        self.height_mm = self.width_mm * height / width

    @property
    def legible(self) -> bool:
        return self.width_mm >= LEGIBLE[self.size]

    def can_fit(self, height_mm: float) -> bool:
        """Whether the figure drawn `height_mm` tall would still be legible and at least
        SMALLEST of its size."""
        width = self.width_mm * height_mm / self.height_mm
        return width >= max(SMALLEST * self.width_mm, LEGIBLE[self.size])

    def fit(self, height_mm: float) -> None:
        """Draw the figure smaller, no taller than `height_mm`."""
        self.width_mm *= height_mm / self.height_mm
        self.height_mm = height_mm


@dataclass
class Section:
    heading: str
    level: int  # 2 for the report's parts, 3 for what is inside them
    parts: list = field(default_factory=list)


@dataclass
class Report:
    title: str
    author: str  # the council
    subject: str
    facts: Table  # the cover: who, what state, which version
    sections: list[Section]
    licence: str = ""


def figures_of(report: Report) -> list[Figure]:
    return [p for s in report.sections for p in s.parts if isinstance(p, Figure)]
