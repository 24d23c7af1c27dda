"""Progress over time, per indicator and group: from the baseline towards the next target, in
the target's direction, with a plain-language status and the parity gap between newcomers and
the receiving community at each date (issue 18). docs/features/evaluation.md states the rule.

The status of a group with a target:
- "No baseline yet": nothing to measure progress from.
- "No recent data": no later value yet, or the latest is more than RECENT_DAYS old.
- "Target met": the latest value has reached the next target, in its direction.
- "On track": the latest value is at least where a straight line from the baseline to the next
  target says it should be by the latest value's date (for "maintain": within
  MAINTAIN_TOLERANCE of the target).
- "Behind": otherwise.
The next target is the first whose date is on or after the latest value's date (the last
target once every date has passed). An indicator is "Behind" if any group with a target is,
otherwise "No recent data" if any is without recent data (or a baseline), otherwise "On track"
("Target met" if every group has met it); "No target yet" if no group has a target.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from domains.models import Indicator
from theory_of_change.models import Plan

from .models import (
    Direction,
    GroupKind,
    IndicatorTarget,
    Measurement,
    MeasurementGroup,
    MeasurementKind,
)
from .presenters import format_number

RECENT_DAYS = 365
MAINTAIN_TOLERANCE = Decimal("0.05")  # five per cent of the target either way


TAG_COLOURS = {  # GOV.UK tag colours; the status is always in words as well
    "met": "govuk-tag--green",
    "on_track": "govuk-tag--green",
    "behind": "govuk-tag--red",
    "no_recent_data": "govuk-tag--yellow",
    "no_baseline": "govuk-tag--yellow",
    "no_target": "govuk-tag--grey",
}


class Status(models.TextChoices):
    MET = "met", gettext_lazy("Target met")
    ON_TRACK = "on_track", gettext_lazy("On track")
    BEHIND = "behind", gettext_lazy("Behind")
    NO_RECENT_DATA = "no_recent_data", gettext_lazy("No recent data")
    NO_BASELINE = "no_baseline", gettext_lazy("No baseline yet")
    NO_TARGET = "no_target", gettext_lazy("No target yet")


@dataclass
class GroupProgress:
    group: MeasurementGroup
    measurements: list[Measurement] = field(default_factory=list)
    targets: list[IndicatorTarget] = field(default_factory=list)
    baseline: Measurement | None = None
    latest: Measurement | None = None  # the latest later value
    next_target: IndicatorTarget | None = None
    expected: Decimal | None = None  # where the line to the next target is at the latest date
    progress: int | None = None  # per cent of the way from the baseline to the next target
    status: str = Status.NO_TARGET

    @property
    def name(self) -> str:
        return str(self.group)

    @property
    def current(self) -> Decimal | None:
        shown = self.latest or self.baseline
        return shown.value if shown else None

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class ParityRow:
    on: date
    newcomers: Decimal | None
    receiving: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        """The receiving community's value less the newcomers' (as at the date)."""
        if self.newcomers is None or self.receiving is None:
            return None
        return self.receiving - self.newcomers


@dataclass
class IndicatorProgress:
    indicator: Indicator
    groups: list[GroupProgress] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    targets: list[IndicatorTarget] = field(default_factory=list)
    parity: list[ParityRow] = field(default_factory=list)
    status: str = Status.NO_TARGET
    in_use: bool = True  # False once no outcome of the plan uses the indicator

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def status_tag(self) -> str:
        return TAG_COLOURS[self.status]

    @property
    def timeline(self) -> list[tuple[date, list[str]]]:
        """The table beside the chart, with the same numbers: a row for every date measured or
        targeted, a cell for each group (its value, and its target due that day)."""
        days = sorted(
            {m.measured_on for m in self.measurements}
            | {t.due_on for t in self.targets if t.due_on}
        )
        rows = []
        for day in days:
            cells = []
            for group in self.groups:
                parts = [format_number(m.value) for m in group.measurements if m.measured_on == day]
                parts += [
                    _("target %(value)s") % {"value": format_number(t.value)}
                    for t in group.targets
                    if t.due_on == day
                ]
                cells.append("; ".join(parts) or "–")
            rows.append((day, cells))
        return rows


def _beyond(value: Decimal, mark: Decimal, direction: str) -> bool:
    """Whether `value` has reached `mark` in the direction of change."""
    return value <= mark if direction == Direction.DECREASE else value >= mark


def _next_target(targets: list[IndicatorTarget], on: date) -> IndicatorTarget:
    dated = [t for t in targets if t.due_on is not None]
    upcoming = [t for t in dated if t.due_on is not None and t.due_on >= on]
    if upcoming:
        return upcoming[0]
    undated = [t for t in targets if t.due_on is None]
    return undated[0] if undated else dated[-1]


def group_status(group: GroupProgress, today: date) -> None:
    """Work out the group's next target, progress and status (the rule above)."""
    if not group.targets:
        group.status = Status.NO_TARGET
        return
    if group.baseline is None:
        group.status = Status.NO_BASELINE
        return
    on = group.latest.measured_on if group.latest else group.baseline.measured_on
    target = group.next_target = _next_target(group.targets, on)
    start, goal = group.baseline.value, target.value
    if target.direction != Direction.MAINTAIN and goal != start and group.latest is not None:
        group.progress = round((group.latest.value - start) / (goal - start) * 100)
    if group.latest is None or (today - group.latest.measured_on) > timedelta(days=RECENT_DAYS):
        group.status = Status.NO_RECENT_DATA
        return
    latest = group.latest.value
    if target.direction == Direction.MAINTAIN:
        group.expected = goal
        near = abs(latest - goal) <= abs(goal) * MAINTAIN_TOLERANCE
        group.status = Status.ON_TRACK if near else Status.BEHIND
        return
    if _beyond(latest, goal, target.direction):
        group.status = Status.MET
        return
    if target.due_on is None:
        # A target set before targets had dates: any move the right way is on track.
        on_track = latest != start and _beyond(latest, start, target.direction)
    else:
        expected = goal
        if target.due_on > group.baseline.measured_on:
            share = Decimal((on - group.baseline.measured_on).days) / Decimal(
                (target.due_on - group.baseline.measured_on).days
            )
            expected = start + (goal - start) * min(share, Decimal(1))
        group.expected = expected
        on_track = _beyond(latest, expected, target.direction)
    group.status = Status.ON_TRACK if on_track else Status.BEHIND


def indicator_status(groups: list[GroupProgress]) -> str:
    statuses = [g.status for g in groups if g.status != Status.NO_TARGET]
    if not statuses:
        return Status.NO_TARGET
    if Status.BEHIND in statuses:
        return Status.BEHIND
    if Status.NO_RECENT_DATA in statuses or Status.NO_BASELINE in statuses:
        return Status.NO_RECENT_DATA
    return Status.MET if set(statuses) == {Status.MET} else Status.ON_TRACK


def parity_rows(groups: list[GroupProgress]) -> list[ParityRow]:
    """Newcomers and the receiving community as at each date either was measured."""
    by_kind = {g.group.kind: g for g in groups if g.group.kind != GroupKind.OWN}
    newcomers, receiving = by_kind.get(GroupKind.NEWCOMERS), by_kind.get(GroupKind.RECEIVING)
    if newcomers is None or receiving is None:
        return []

    def as_at(group: GroupProgress, on: date) -> Decimal | None:
        known = [m for m in group.measurements if m.measured_on <= on]
        return known[-1].value if known else None

    days = sorted({m.measured_on for g in (newcomers, receiving) for m in g.measurements})
    return [
        ParityRow(on=d, newcomers=as_at(newcomers, d), receiving=as_at(receiving, d)) for d in days
    ]


def indicator_progress(plan: Plan, today: date | None = None) -> list[IndicatorProgress]:
    """For each indicator the plan uses (and any it has measured or targeted but no longer
    uses): each group's measurements and targets, progress and status, and parity. Reads the
    plan's prefetched outcomes, measurements and targets (evaluation.selectors)."""
    from .selectors import plan_indicators

    return progress_of(
        plan_indicators(plan),
        list(plan.measurements.all()),
        list(plan.indicator_targets.all()),
        today=today,
    )


def progress_of(
    indicators: list[Indicator], measurements: list, targets: list, *, today: date | None = None
) -> list[IndicatorProgress]:
    """The progress of the indicators a plan's outcomes use (in their order), from its
    measurements and targets: model instances, or rows with the same attributes (the
    portfolio reads plain rows, evaluation.portfolio)."""
    today = today or timezone.localdate()
    measured: dict[int, list] = {}
    for m in measurements:
        measured.setdefault(m.indicator_id, []).append(m)
    aimed: dict[int, list] = {}
    for t in targets:
        aimed.setdefault(t.indicator_id, []).append(t)
    indicators = list(indicators)
    in_use = {indicator.pk for indicator in indicators}
    known = set(in_use)
    for rows in (*measured.values(), *aimed.values()):
        if rows[0].indicator_id not in known:
            indicators.append(rows[0].indicator)
            known.add(rows[0].indicator_id)
    result = []
    for indicator in indicators:
        figures = IndicatorProgress(
            indicator=indicator,
            measurements=sorted(
                measured.get(indicator.pk, []), key=lambda m: (m.measured_on, m.group_id, m.pk)
            ),
            targets=sorted(
                aimed.get(indicator.pk, []),
                key=lambda t: (t.due_on is None, t.due_on or today, t.pk),
            ),
            in_use=indicator.pk in in_use,
        )
        groups: dict[int, GroupProgress] = {}
        for m in figures.measurements:
            group = groups.setdefault(m.group_id, GroupProgress(group=m.group))
            group.measurements.append(m)
            if m.kind == MeasurementKind.BASELINE:
                group.baseline = group.baseline or m
            else:
                group.latest = m
        for t in figures.targets:
            groups.setdefault(t.group_id, GroupProgress(group=t.group)).targets.append(t)
        figures.groups = sorted(groups.values(), key=lambda g: _group_order(g.group))
        for group in figures.groups:
            group_status(group, today)
        figures.status = indicator_status(figures.groups)
        figures.parity = parity_rows(figures.groups)
        result.append(figures)
    return result


READY_MADE_ORDER = {GroupKind.NEWCOMERS: 0, GroupKind.RECEIVING: 1, GroupKind.ALL: 2}


def _group_order(group) -> tuple:
    return (READY_MADE_ORDER.get(group.kind, len(READY_MADE_ORDER)), group.pk)
