"""The indicator bank, as filtered on its page, as a CSV file or an Excel workbook.

Both carry the same columns: code, wording, domain and its type, provenance, status, what data is
known to exist, and the data sources (with their level, frequency and how the data can be
broken down) and the questions that measure each indicator. Every text cell is written so that a
spreadsheet shows it as typed and never calculates it (ioi_planner.text).

The CSV is streamed: any number of rows, in constant memory. A workbook is built in memory, so
it is offered up to BANK_WORKBOOK_MAX_ROWS rows (settings), far above the whole national bank;
above that the page says to narrow the filters or take the CSV.
"""

import csv
from collections.abc import Iterable, Iterator
from io import BytesIO

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from ioi_planner.text import cell_as_text, for_csv

from .languages import level_text, numbered_name, text_in_language
from .models import Indicator, IndicatorQuestion

CHUNK = 1000  # rows read at a time (each chunk's questions and sources in one more query)


def bank_header() -> list[str]:
    return [
        _("Code"),
        _("Indicator"),
        _("Domain"),
        _("Type of domain"),
        _("Provenance"),
        _("Status"),
        _("Data known to exist"),
        _("Data sources (level, frequency; how the data can be broken down)"),
        _("Questions or variables"),
    ]


def _source_text(source) -> str:
    level = level_text(source.geography_level)
    frequency = text_in_language(source, "frequency")
    details = ", ".join(part for part in (level, frequency) if part)
    text = f"{source.name} ({details})" if details else source.name
    if source.disaggregation:
        breakdown = text_in_language(source, "disaggregation")
        text += "; " + _("by %(breakdown)s") % {"breakdown": breakdown}
    return text


def bank_rows(indicators: QuerySet[Indicator]) -> Iterator[list[str]]:
    """One row per indicator, in the order given: a fixed number of queries per CHUNK rows."""
    questions = IndicatorQuestion.objects.select_related("data_source").order_by(
        "data_source__name", "pk"
    )
    rows = indicators.select_related("domain__type", "organisation").prefetch_related(
        Prefetch("questions", queryset=questions)
    )
    for indicator in rows.iterator(chunk_size=CHUNK):
        asked = list(indicator.questions.all())
        sources = {q.data_source.pk: q.data_source for q in asked if q.data_source is not None}
        provenance = str(indicator.get_provenance_display())
        if indicator.organisation_id:
            provenance = _("Added by %(council)s") % {"council": indicator.organisation.name}
        yield [
            indicator.code,
            text_in_language(indicator, "wording"),
            numbered_name(indicator.domain),
            text_in_language(indicator.domain.type, "name"),
            provenance,
            str(indicator.get_status_display()),
            "; ".join(str(label) for label in indicator.data_availability) or _("Not yet known"),
            "\n".join(_source_text(source) for source in sources.values()),
            "\n".join(text_in_language(q, "text") for q in asked),
        ]


class _Line:
    """What csv.writer writes to: hands each line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def bank_csv(rows: Iterable[list[str]]) -> Iterator[str]:
    """The lines of the CSV file (UTF-8 with a byte-order mark, so Excel reads it as UTF-8)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([for_csv(value) for value in bank_header()])
    for row in rows:
        yield writer.writerow([for_csv(value) for value in row])


def bank_workbook(rows: Iterable[list[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Indicators"))
    sheet.append(bank_header())
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet)
            cell_as_text(cell, value)
            cells.append(cell)
        sheet.append(cells)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
