"""The plan report (evaluation/report.py) as a Word document, with python-docx.

Built from Word's own styles so it pastes into a committee report and takes on that report's
look: "Heading 1" to "Heading 3" for the title and the sections (they keep with the next
paragraph), "Caption" above each table, "List Bullet" for lists, and tables whose header row
repeats on every page and whose rows never split across a page. Figures are PNGs drawn from the
report's SVG by CairoSVG, with the figure's alternative text in the picture's description (what
Word shows as its alt text). Every string is written as text, never as a field or markup.
"""

from io import BytesIO

from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ioi_planner.text import for_xml

from .report_parts import Report, Table

PAGE_WIDTH, PAGE_HEIGHT = Mm(297), Mm(210)  # A4 landscape, as the PDF
MARGIN = Mm(15)
DOTS_PER_MM = 200 / 25.4  # figures drawn at 200 dots per inch


def _text(value) -> str:
    # python-docx refuses control characters XML cannot hold; for_xml drops them.
    return for_xml(str(value))


def _lines(paragraph, value) -> None:
    """The text into a paragraph, with a line break for each new line; text people wrote in
    another language than the report's (ioi_planner.text.Written) in runs of that language."""
    lang = getattr(value, "lang", "")
    for n, line in enumerate(_text(value).split("\n")):
        run = paragraph.add_run(line)
        if n:
            run._r.insert(0, OxmlElement("w:br"))
        if lang:
            tag = OxmlElement("w:lang")
            tag.set(qn("w:val"), _word_language(lang))
            run._r.get_or_add_rPr().append(tag)


def _word_language(language: str) -> str:
    """A language as Word names it: "en-GB", "cy-GB" (Welsh as written in the UK)."""
    locale = translation.to_locale(language).replace("_", "-")
    return locale if "-" in locale else f"{locale}-GB"


def _row_properties(row, *, header: bool) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page


def _bold(cell) -> None:
    for paragraph in cell.paragraphs:
        for run in paragraph.runs:
            run.bold = True


def _table(document, table: Table) -> None:
    caption = document.add_paragraph(style="Caption")
    _lines(caption, table.caption)
    caption.paragraph_format.keep_with_next = True
    columns = len(table.header) if table.header else 2
    grid = document.add_table(rows=0, cols=columns)
    grid.style = "Table Grid"
    if table.header:
        row = grid.add_row()
        _row_properties(row, header=True)
        for cell, value in zip(row.cells, table.header, strict=True):
            _lines(cell.paragraphs[0], value)
            _bold(cell)
    for values in table.rows:
        row = grid.add_row()
        _row_properties(row, header=False)
        for cell, value in zip(row.cells, values, strict=True):
            _lines(cell.paragraphs[0], value)
        if not table.header:
            _bold(row.cells[0])  # the row's heading
    document.add_paragraph()


def _figure(document, figure) -> None:
    import cairosvg  # imported here: Cairo is loaded only when a Word report is made

    png = cairosvg.svg2png(
        bytestring=str(figure.svg).encode(), output_width=round(figure.width_mm * DOTS_PER_MM)
    )
    picture = document.add_picture(BytesIO(png), width=Mm(figure.width_mm))
    description = picture._inline.docPr
    description.set("descr", _text(figure.alt))
    description.set("title", _text(figure.alt)[:255])


def _language(document, language: str) -> None:
    """Mark the text as in the report's language (what Word's spelling and a screen reader
    read it as)."""
    properties = document.styles["Normal"].element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), language)
    properties.append(tag)


def report_docx(report: Report) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    document.styles["Normal"].font.size = Pt(10)
    language = translation.get_language() or "en-gb"
    _language(document, _word_language(language))
    properties = document.core_properties
    properties.title = _text(report.title)[:255]
    properties.author = _text(report.author)[:255]
    properties.subject = _text(report.subject)[:255]
    properties.language = language
    footer = section.footer.paragraphs[0]
    footer.text = _text(
        translation.gettext("Framework content © Crown copyright, Open Government Licence v3.0")
    )

    _lines(document.add_heading(level=1), report.title)
    _table(document, report.facts)
    for part_section in report.sections:
        _lines(document.add_heading(level=part_section.level), part_section.heading)
        for part in part_section.parts:
            if part.kind == "paragraph":
                paragraph = document.add_paragraph()
                _lines(paragraph, part.text)
                paragraph.paragraph_format.keep_with_next = part.keep
            elif part.kind == "bullets":
                for item in part.items:
                    _lines(document.add_paragraph(style="List Bullet"), item)
            elif part.kind == "table":
                _table(document, part)
            elif part.kind == "figure":
                _figure(document, part)
    _lines(document.add_paragraph(), report.licence)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
