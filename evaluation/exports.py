"""The evaluation plan exported: an accessible PDF (WeasyPrint, tagged PDF/UA-1) and a workbook.

The PDF uses the Liberation Sans files shipped in ioi_planner/fonts/ (SIL Open Font License,
metric-compatible with Arial), loaded with @font-face, so it looks the same on every machine
whatever fonts are installed.
"""

from datetime import date
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from domains.models import Indicator
from ioi_planner.pdf import font_context, html_to_pdf
from ioi_planner.text import cell_as_text
from theory_of_change.models import Plan

from . import presenters, progress


def evaluation_context(plan: Plan) -> dict:
    blocks = presenters.evaluation_blocks(plan)
    return {
        "plan": plan,
        "blocks": blocks,
        "completeness": presenters.completeness(blocks),
        "toc_rows": presenters.toc_summary_rows(plan),
        "status": presenters.plan_status(plan),
        "today": timezone.localdate(),
        "language": translation.get_language() or "en-gb",
        **font_context(),
    }


def evaluation_html(plan: Plan) -> str:
    """The PDF's HTML: one page-wide table per outcome, with the nine Annex-1 rows."""
    return render_to_string("evaluation/evaluation_pdf.html", evaluation_context(plan))


def evaluation_pdf(plan: Plan) -> bytes:
    return html_to_pdf(evaluation_html(plan))


def workbook_rows(plan: Plan) -> tuple[list[str], list[list]]:
    header = [
        _("Outcome number"),
        _("Your Theory of Change outcome"),
        _("Framework outcome"),
        _("Indicator"),
        _("Indicator domain"),
        _("Data sources and frequency"),
        _("Questions"),
        _("Council sources"),
        _("Data collection methods"),
        _("Related activities"),
        _("Samples"),
        _("Responsibility"),
        _("Data collection and analysis process"),
        _("Start date"),
        _("End date"),
        _("Milestones"),
        _("Rows completed"),
    ]
    rows = []
    for block in presenters.evaluation_blocks(plan):
        evaluation = block.evaluation
        common = [
            presenters.framework_outcome_text(evaluation),
            evaluation.data_sources,
            evaluation.questions,
            evaluation.council_sources,
            ", ".join(presenters.method_labels(evaluation)),
            evaluation.related_activities,
            "\n".join(presenters.sample_lines(evaluation)),
            evaluation.responsibility,
            evaluation.analysis_process,
            evaluation.start_date or "",  # real date cells (DATE_FORMAT), not text
            evaluation.end_date or "",
            evaluation.milestones,
            f"{block.filled} / {block.total}",
        ]
        indicators: list[Indicator | None] = list(block.indicators) or [None]
        for indicator in indicators:
            rows.append(
                [
                    block.number,
                    block.outcome.text,
                    common[0],
                    indicator.wording_marked if indicator else "",
                    indicator.domain.name if indicator else "",
                    *common[1:],
                ]
            )
    return [str(h) for h in header], rows


DATE_FORMAT = "d mmm yyyy"  # how a spreadsheet shows the workbook's date cells: 31 Mar 2027


def _write(cell, value) -> None:
    """A cell of the workbook: text never taken for a formula, a date as a real date."""
    cell_as_text(cell, value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT


def measurement_rows(plan: Plan) -> tuple[list[str], list[list]]:
    header = [
        _("Indicator"),
        _("Group"),
        _("Baseline or later value"),
        _("Date"),
        _("Value"),
        _("Source"),
    ]
    rows = []
    for figures in progress.indicator_progress(plan):
        for measurement in figures.measurements:
            rows.append(
                [
                    figures.indicator.wording_marked,
                    str(measurement.group),
                    presenters.measurement_kind_label(measurement.kind),
                    measurement.measured_on,
                    measurement.value,
                    measurement.source,
                ]
            )
    return [str(h) for h in header], rows


def target_rows(plan: Plan) -> tuple[list[str], list[list]]:
    header = [_("Indicator"), _("Group"), _("By"), _("Target"), _("Direction"), _("Unit")]
    rows = [
        [
            figures.indicator.wording_marked,
            str(target.group),
            target.due_on,
            target.value,
            target.get_direction_display(),
            target.unit,
        ]
        for figures in progress.indicator_progress(plan)
        for target in figures.targets
    ]
    return [str(h) for h in header], rows


def sheet_add(workbook: Workbook, title: str, header: list[str], rows: list[list], widths) -> None:
    """A sheet of a table: bold header row, cells written safely (text never a formula, dates
    as dates), column widths, panes frozen below the header and right of the first column, and a
    filter on every column."""
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _write(sheet.cell(row=number, column=column), value)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 2)}"


def _measurement_sheet(workbook: Workbook, plan: Plan) -> None:
    """A sheet with every measurement, one a row, and one with every target."""
    sheet_add(workbook, _("Measurements"), *measurement_rows(plan), [50, 24, 18, 12, 10, 36])
    sheet_add(workbook, _("Targets"), *target_rows(plan), [50, 24, 12, 10, 12, 16])


def evaluation_workbook(plan: Plan) -> bytes:
    """One row per outcome and indicator (an outcome without indicators gets one row), a bold
    header row, panes frozen below it and beside the outcome, and a filter on every column; the
    measurements on a second sheet."""
    header, rows = workbook_rows(plan)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Evaluation plan")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column)
            _write(cell, value)
            cell.alignment = wrap
    widths = [10, 40, 40, 40, 22, 40, 40, 30, 30, 30, 30, 30, 40, 12, 12, 30, 12]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 2)}"
    _measurement_sheet(workbook, plan)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
