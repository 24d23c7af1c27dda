"""Writes to evaluation plans.

Drafting (on first view) fills in what the Theory of Change and the toolkit already say and is
not a change the officer made, so it claims no version. Every change an officer makes claims
the next Plan.version in the same transaction, as theory_of_change.services does, so a stale
form is refused and nothing is written.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from domains.languages import level_text, text_in_language
from domains.models import Domain, Indicator, IndicatorQuestion
from ioi_planner.models import AnyUser, User
from theory_of_change.models import Outcome, Plan
from theory_of_change.versioning import plan_change

from .models import (
    CollectionMethod,
    Direction,
    IndicatorTarget,
    Measurement,
    MeasurementGroup,
    MeasurementKind,
    OutcomeEvaluation,
    Sample,
    SampleGroup,
)
from .presenters import format_number


def _source_line(question: IndicatorQuestion) -> str:
    """One data source as the evaluation's draft names it: who publishes it, how often, for
    which level of area, what it can be broken down by, and whether it is a starter source."""
    source = question.data_source
    if source is None:
        return ""
    parts = [source.name]
    if source.publisher:
        parts.append(f"({text_in_language(source, 'publisher')})")
    line = " ".join(parts)
    if source.frequency:
        line += f" – {text_in_language(source, 'frequency')}"
    if source.geography_level:
        line += "; " + _("level: %(level)s") % {"level": level_text(source.geography_level)}
    if source.disaggregation:
        by = text_in_language(source, "disaggregation")
        line += "; " + _("can be broken down by: %(by)s") % {"by": by}
    if source.is_starter:
        line += " " + _("[starter source: check it with the publisher]")
    return line


def draft_values(outcome: Outcome, questions: list[IndicatorQuestion]) -> dict:
    """What the toolkit already says about an outcome's indicators: its data sources with their
    frequency and its questions, one a line, each once; and the first domain of its indicators
    as the framework outcome it matches."""
    sources = dict.fromkeys(_source_line(q) for q in questions if q.data_source_id)
    texts = dict.fromkeys(q.text for q in questions)
    domains = sorted({i.domain for i in outcome.indicators.all()}, key=lambda d: d.number)
    limit = OutcomeEvaluation._meta.get_field("data_sources").max_length
    # Cut to the field's length, so the drafted block can be saved as it is from the form.
    return {
        "framework_domain": domains[0] if domains else None,
        "data_sources": "\n".join(sources)[:limit],
        "questions": "\n".join(texts)[:limit],
    }


def evaluation_draft(*, plan: Plan) -> int:
    """Give every outcome of the plan its evaluation block, drafted from its indicators; blocks
    that exist are left alone. Returns how many were drafted. A fixed number of queries."""
    outcomes = list(
        Outcome.objects.filter(plan=plan, evaluation__isnull=True).prefetch_related(
            "indicators__domain"
        )
    )
    if not outcomes:
        return 0
    indicator_ids = {i.pk for outcome in outcomes for i in outcome.indicators.all()}
    by_indicator: dict[int, list[IndicatorQuestion]] = {}
    for question in IndicatorQuestion.objects.filter(indicator_id__in=indicator_ids).select_related(
        "data_source"
    ):
        by_indicator.setdefault(question.indicator_id, []).append(question)
    drafts = []
    for outcome in outcomes:
        questions = [q for i in outcome.indicators.all() for q in by_indicator.get(i.pk, [])]
        drafts.append(OutcomeEvaluation(outcome=outcome, **draft_values(outcome, questions)))
    # Two first views at once: the second's rows conflict on the outcome and are skipped.
    OutcomeEvaluation.objects.bulk_create(drafts, ignore_conflicts=True)
    return len(drafts)


@dataclass(frozen=True)
class SampleValues:
    group: str
    description: str
    size: int


def _check_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError(
            {"end_date": _("The end date must be the same as or after the start date")}
        )


def outcome_evaluation_update(
    *,
    plan: Plan,
    version: int,
    evaluation: OutcomeEvaluation,
    values: dict,
    samples: list[SampleValues],
    user: User | None = None,
) -> OutcomeEvaluation:
    """Change one outcome's evaluation block and replace its samples, all or nothing: the
    framework outcome is a domain of the framework, dates are in order, methods are from the
    list, sample sizes are zero or more."""
    if evaluation.outcome.plan_id != plan.pk:
        raise ValidationError(_("That outcome is not part of this plan"))
    domain = values.get("framework_domain")
    if domain is not None and not isinstance(domain, Domain):
        raise ValidationError({"framework_domain": _("Select a domain from the list")})
    methods = list(values.get("methods") or [])
    if set(methods) - set(CollectionMethod.values):
        raise ValidationError({"methods": _("Select methods from the list")})
    _check_dates(values.get("start_date"), values.get("end_date"))
    for sample in samples:
        if sample.size is None or sample.size < 0:
            raise ValidationError(_("A sample size must be 0 or more"))
        if sample.group not in SampleGroup.values:
            raise ValidationError(_("Select a group for each sample"))
    with _evaluation_change(plan, version, user, "evaluation-change", evaluation.outcome):
        for name, value in values.items():
            setattr(evaluation, name, value)
        evaluation.methods = methods
        evaluation.full_clean(exclude=["outcome"])
        evaluation.save()
        evaluation.samples.all().delete()
        rows = [
            Sample(evaluation=evaluation, group=s.group, description=s.description, size=s.size)
            for s in samples
        ]
        for row in rows:
            row.full_clean(exclude=["evaluation"])
        Sample.objects.bulk_create(rows)
    return evaluation


def _evaluation_change(
    plan: Plan, version: int, user: AnyUser | None, action: str, subject: object
):
    """Every change of the evaluation is a version of the plan in its history, in the section
    "evaluation" (theory_of_change.history words the action)."""
    return plan_change(
        plan=plan, version=version, user=user, section="evaluation", action=action, subject=subject
    )


def _indicator(indicator: Indicator) -> str:
    return indicator.code or indicator.wording


def _plan_group(*, plan: Plan, group: MeasurementGroup) -> None:
    if group.plan_id != plan.pk:
        raise ValidationError({"group": _("Select one of the plan’s groups")})


def _plan_indicator(*, plan: Plan, indicator: Indicator) -> None:
    if not Outcome.objects.filter(plan=plan, indicators=indicator).exists():
        raise ValidationError(
            {"indicator": _("Select an indicator that one of the plan’s outcomes uses")}
        )


def measurement_add(
    *,
    plan: Plan,
    version: int,
    indicator: Indicator,
    group: MeasurementGroup,
    kind: str,
    measured_on: date,
    value: Decimal,
    source: str,
    user: User | None = None,
) -> Measurement:
    """A measurement is of an indicator one of the plan's outcomes uses, for one of its groups."""
    _plan_indicator(plan=plan, indicator=indicator)
    _plan_group(plan=plan, group=group)
    with _evaluation_change(plan, version, user, "measurement-add", _indicator(indicator)):
        measurement = Measurement(
            plan=plan,
            indicator=indicator,
            group=group,
            kind=kind,
            measured_on=measured_on,
            value=value,
            source=source,
        )
        measurement.full_clean()
        measurement.save()
    return measurement


def measurement_remove(
    *, plan: Plan, version: int, measurement: Measurement, user: User | None = None
) -> None:
    """Remove one of the plan's measurements."""
    if measurement.plan_id != plan.pk:
        raise ValidationError(_("That measurement is not part of this plan"))
    subject = _indicator(measurement.indicator)
    with _evaluation_change(plan, version, user, "measurement-remove", subject):
        measurement.delete()


def _first_baseline(*, plan: Plan, indicator: Indicator, group: MeasurementGroup):
    return (
        Measurement.objects.filter(
            plan=plan, indicator=indicator, group=group, kind=MeasurementKind.BASELINE
        )
        .order_by("measured_on", "pk")
        .first()
    )


def target_check(
    *,
    plan: Plan,
    indicator: Indicator,
    group: MeasurementGroup,
    value: Decimal,
    due_on: date,
    direction: str,
) -> None:
    """A target comes after the group's baseline, and lies the way it says the value moves."""
    baseline = _first_baseline(plan=plan, indicator=indicator, group=group)
    if baseline is None:
        return
    errors = {}
    if due_on <= baseline.measured_on:
        errors["due_on"] = _("The date must be after the baseline, taken on %(date)s") % {
            "date": date_format(baseline.measured_on, "j F Y")
        }
    number = format_number(baseline.value)
    if direction == Direction.INCREASE and value <= baseline.value:
        errors["value"] = _(
            "For an increase, the target must be higher than the baseline (%(baseline)s)"
        ) % {"baseline": number}
    elif direction == Direction.DECREASE and value >= baseline.value:
        errors["value"] = _(
            "For a decrease, the target must be lower than the baseline (%(baseline)s)"
        ) % {"baseline": number}
    if errors:
        raise ValidationError(errors)


def target_add(
    *,
    plan: Plan,
    version: int,
    indicator: Indicator,
    group: MeasurementGroup,
    value: Decimal,
    due_on: date,
    direction: str,
    unit: str = "",
    user: User | None = None,
) -> IndicatorTarget:
    """Add a dated target (a milestone) for one group on one of the plan's indicators."""
    _plan_indicator(plan=plan, indicator=indicator)
    _plan_group(plan=plan, group=group)
    target_check(
        plan=plan, indicator=indicator, group=group, value=value, due_on=due_on, direction=direction
    )
    if IndicatorTarget.objects.filter(
        plan=plan, indicator=indicator, group=group, due_on=due_on
    ).exists():
        raise ValidationError(
            {"due_on": _("This group already has a target on that date: choose another date")}
        )
    with _evaluation_change(plan, version, user, "target-add", _indicator(indicator)):
        target = IndicatorTarget(
            plan=plan,
            indicator=indicator,
            group=group,
            value=value,
            due_on=due_on,
            direction=direction,
            unit=" ".join(unit.split()),
        )
        target.full_clean()
        target.save()
    return target


def target_remove(
    *, plan: Plan, version: int, target: IndicatorTarget, user: User | None = None
) -> None:
    if target.plan_id != plan.pk:
        raise ValidationError(_("That target is not part of this plan"))
    with _evaluation_change(plan, version, user, "target-remove", _indicator(target.indicator)):
        target.delete()
