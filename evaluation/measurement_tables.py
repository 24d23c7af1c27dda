"""The bodies of the measurements page's tables, written in one pass (issue 20), as the
evaluation page's rows are (presenters.Block.rows_html): at 20 measured indicators the page has
80 tables, and the template engine laid them out one variable at a time. The headings and
captions stay in the template (evaluation/measurement_list.html); every piece of text here is
escaped by html_format."""

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ioi_planner.text import html_format

from . import presenters
from .presenters import NOT_GIVEN
from .progress import IndicatorProgress

_CELL = '<td class="govuk-table__cell">{}</td>'
_NUMBER = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
_ROW = '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>{}</tr>'
_MEASUREMENT = '<tr class="govuk-table__row">' + _CELL + _CELL + _CELL + _NUMBER + _CELL + "{}</tr>"
_REMOVE = (
    '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}'
    '<span class="govuk-visually-hidden"> {}</span></a></td>'
)


def _number(value) -> str:
    return NOT_GIVEN if value is None else floatformat(value, "-2")


def _joined(rows: list[str]) -> SafeString:
    return SafeString("\n".join(rows))


def timeline_rows(figures: IndicatorProgress) -> SafeString:
    """ "Values over time": a row for each date, a cell for each group (the chart's numbers)."""
    return _joined(
        [
            html_format(
                _ROW,
                presenters.format_date(day, "j M Y"),
                SafeString("".join(html_format(_NUMBER, cell) for cell in cells)),
            )
            for day, cells in figures.timeline
        ]
    )


def group_rows(figures: IndicatorProgress) -> SafeString:
    """ "Progress by group": each group's baseline, latest value, next target (with its unit
    and date), how far it has come towards it, and its status."""
    by = _("by %(due)s")
    rows = []
    for group in figures.groups:
        aim = NOT_GIVEN
        if target := group.next_target:
            aim = floatformat(target.value, "-2")
            if target.unit:
                aim += f" {target.unit}"
            if target.due_on:
                aim += " (" + by % {"due": presenters.format_date(target.due_on, "M Y")} + ")"
        cells = [
            html_format(_NUMBER, _number(group.baseline.value if group.baseline else None)),
            html_format(_NUMBER, _number(group.latest.value if group.latest else None)),
            html_format(_NUMBER, aim),
            html_format(_NUMBER, NOT_GIVEN if group.progress is None else f"{group.progress}%"),
            html_format(_CELL, group.status_label),
        ]
        rows.append(html_format(_ROW, group.name, SafeString("".join(cells))))
    return _joined(rows)


def parity_rows(figures: IndicatorProgress) -> SafeString:
    """ "Parity": the newcomers' and the receiving community's values as at each date, and the
    gap between them."""
    return _joined(
        [
            html_format(
                _ROW,
                presenters.format_date(row.on, "j M Y"),
                SafeString(
                    "".join(
                        html_format(_NUMBER, _number(value))
                        for value in (row.newcomers, row.receiving, row.gap)
                    )
                ),
            )
            for row in figures.parity
        ]
    )


def measurement_rows(plan, measurements: list, editable: bool) -> SafeString:
    """ "Every measurement": its date, group, kind, value and source, and (for those who may
    change the plan's evaluation) a link to remove it that says which value it removes."""
    # What every row repeats is looked up once: the words, each group's name, each kind's.
    remove, which = _("Remove"), _("the value for %(group)s on %(date)s")
    names = {m.group_id: str(m.group) for m in measurements}
    kinds = {m.kind: presenters.measurement_kind_label(m.kind) for m in measurements}
    rows = []
    for m in measurements:
        day, group = presenters.format_date(m.measured_on), names[m.group_id]
        action = (
            html_format(
                _REMOVE,
                reverse(
                    "evaluation:measurement_remove",
                    kwargs={"plan_id": plan.pk, "measurement_id": m.pk},
                ),
                remove,
                which % {"group": group, "date": day},
            )
            if editable
            else ""
        )
        value = floatformat(m.value, "-2")
        rows.append(html_format(_MEASUREMENT, day, group, kinds[m.kind], value, m.source, action))
    return _joined(rows)
