"""Plans' progress read as plain rows: for the council's portfolio (many plans) and a plan's
measurements page (one), issue 20.

The measurements, targets and the outcomes' indicators are read with `values_list` in one query
each and made into small rows with the attributes evaluation.progress uses, not model
instances with their related rows joined in: a council has thousands of measurements, and at
20 indicators the model instances (with each measurement's indicator joined, and the targets'
default ordering joining indicators and domains) were a quarter of the measurements page.
Progress is then worked out in Python (evaluation.progress.progress_of).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F

from domains.models import Indicator
from theory_of_change.models import Outcome, Plan

from .models import IndicatorTarget, Measurement, MeasurementGroup
from .progress import IndicatorProgress, progress_of


@dataclass(slots=True)
class MeasurementRow:
    """A measurement with the attributes evaluation.progress and the measurements page use."""

    pk: int
    indicator_id: int
    group_id: int
    kind: str
    measured_on: date
    value: Decimal
    source: str
    indicator: Indicator
    group: MeasurementGroup


@dataclass(slots=True)
class TargetRow:
    pk: int
    indicator_id: int
    group_id: int
    value: Decimal
    due_on: date | None
    direction: str
    unit: str
    indicator: Indicator
    group: MeasurementGroup


def indicators_used(plan_ids: list) -> dict:
    """{plan id: {indicator id: None}}: the indicators each plan's outcomes use, each once, in
    the order of the outcomes and, within one, of the bank (as selectors.plan_indicators)."""
    used: dict = {}
    for plan_id, indicator_id in (
        Outcome.indicators.through.objects.filter(outcome__plan_id__in=plan_ids)
        .order_by(
            "outcome__position",
            "outcome__created_at",
            "outcome_id",
            "indicator__domain__number",
            "indicator__group",
            "indicator__code",
        )
        .values_list("outcome__plan_id", "indicator_id")
    ):
        used.setdefault(plan_id, {})[indicator_id] = None
    return used


def plans_progress(
    plans: list[Plan], used: dict, only: int | None = None
) -> dict[object, list[IndicatorProgress]]:
    """{plan id: its indicators' progress} (evaluation.progress) for `plans`, whose outcomes use
    `used` (indicators_used); `only`: that indicator's progress alone."""
    ids = [plan.pk for plan in plans]
    measurements_of = Measurement.objects.filter(plan_id__in=ids)
    targets_of = IndicatorTarget.objects.filter(plan_id__in=ids)
    if only is not None:
        measurements_of = measurements_of.filter(indicator_id=only)
        targets_of = targets_of.filter(indicator_id=only)
    measured = list(
        measurements_of.order_by("measured_on", "pk").values_list(
            "plan_id", "pk", "indicator_id", "group_id", "kind", "measured_on", "value", "source"
        )
    )
    # In the model's order within an indicator (its group, then by date, undated last); the
    # indicators are told apart in Python, so their own order needs no join.
    aimed = list(
        targets_of.order_by("group_id", F("due_on").asc(nulls_last=True), "pk").values_list(
            "plan_id", "pk", "indicator_id", "group_id", "value", "due_on", "direction", "unit"
        )
    )
    indicator_ids = {pk for plan in plans for pk in used.get(plan.pk, {})}
    indicator_ids |= {values[2] for values in (*measured, *aimed)}
    indicators = Indicator.objects.in_bulk(indicator_ids)
    groups = {g.pk: g for g in MeasurementGroup.objects.filter(plan_id__in=ids)}
    measurements: dict = {}
    for plan_id, pk, i, g, kind, on, value, source in measured:
        measurements.setdefault(plan_id, []).append(
            MeasurementRow(pk, i, g, kind, on, value, source, indicators[i], groups[g])
        )
    targets: dict = {}
    for plan_id, pk, i, g, value, due, direction, unit in aimed:
        targets.setdefault(plan_id, []).append(
            TargetRow(pk, i, g, value, due, direction, unit, indicators[i], groups[g])
        )
    return {
        plan.pk: progress_of(
            [indicators[pk] for pk in used.get(plan.pk, {})],
            measurements.get(plan.pk, []),
            targets.get(plan.pk, []),
        )
        for plan in plans
    }
