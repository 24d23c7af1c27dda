"""The plan report's progress part (evaluation/report.py): for each indicator measured or
targeted, its status, chart, values over time, progress by group and parity, as the
measurements page shows them (evaluation/progress.py)."""

from django.utils.translation import gettext as _

from . import presenters
from .chart import indicator_chart
from .report_parts import NOT_GIVEN, Bullets, Figure, Paragraph, Section, Table


def _group_rows(figures) -> list[list[str]]:
    def value(measurement) -> str:
        return presenters.format_number(measurement.value) if measurement else NOT_GIVEN

    rows = []
    for group in figures.groups:
        target = group.next_target
        aim = NOT_GIVEN
        if target is not None:
            aim = " ".join(filter(None, [presenters.format_number(target.value), target.unit]))
            if target.due_on:
                aim += " " + _("by %(date)s") % {"date": presenters.format_date(target.due_on)}
        rows.append(
            [
                group.name,
                value(group.baseline),
                value(group.latest),
                aim,
                f"{group.progress}%" if group.progress is not None else NOT_GIVEN,
                group.status_label,
            ]
        )
    return rows


def progress_sections(figures) -> list[Section]:
    sections = [
        Section(
            _("Progress"),
            2,
            [
                Paragraph(
                    _(
                        "For each indicator and group: the baseline, the values measured since, "
                        "and the next target. A group is on track when its latest value is at "
                        "least where a straight line from the baseline to the target would be "
                        "by then; a value more than a year old is no recent data."
                    )
                )
            ],
        )
    ]
    unmeasured = []
    for number, indicator in enumerate(figures, start=1):
        name = f"{indicator.indicator.code}: {indicator.indicator.wording_marked}"
        if not (indicator.measurements or indicator.targets):
            unmeasured.append(name)
            continue
        parts: list = [
            Paragraph(_("Status: %(status)s") % {"status": indicator.status_label}, keep=True)
        ]
        if indicator.measurements:
            parts.append(
                Figure(
                    svg=indicator_chart(
                        indicator, chart_id=f"report-chart-{number}", table_id=f"report-{number}"
                    ),
                    alt=_(
                        "Line chart of %(indicator)s over time, one line for each group, with "
                        "targets as open marks. The table after it gives the same numbers."
                    )
                    % {"indicator": indicator.indicator.code},
                    size="chart",
                )
            )
            parts.append(
                Table(
                    _("Values over time"),
                    [_("Date"), *(g.name for g in indicator.groups)],
                    [[presenters.format_date(day), *cells] for day, cells in indicator.timeline],
                )
            )
        parts.append(
            Table(
                _("Progress by group"),
                [
                    _("Group"),
                    _("Baseline"),
                    _("Latest"),
                    _("Next target"),
                    _("Progress towards it"),
                    _("Status"),
                ],
                _group_rows(indicator),
            )
        )
        if indicator.parity:
            parts.append(
                Table(
                    _("Parity: newcomers and the receiving community"),
                    [_("As at"), _("Newcomers"), _("Receiving community"), _("Gap")],
                    [
                        [
                            presenters.format_date(row.on),
                            presenters.format_number(row.newcomers) or NOT_GIVEN,
                            presenters.format_number(row.receiving) or NOT_GIVEN,
                            presenters.format_number(row.gap) or NOT_GIVEN,
                        ]
                        for row in indicator.parity
                    ],
                )
            )
        sections.append(Section(name, 3, parts))
    if unmeasured:
        sections.append(
            Section(_("Indicators with no measurements or targets yet"), 3, [Bullets(unmeasured)])
        )
    return sections
