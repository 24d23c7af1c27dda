"""Reads of evaluation plans, with every related row fetched in a fixed number of queries.

Which plans a user may see or change is decided in theory_of_change/access.py; these take a plan
already fetched through one of its querysets.
"""

from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from domains.models import Domain, DomainType, Indicator
from theory_of_change.models import Assumption, Outcome, Plan, PlanTransition

from .models import IndicatorTarget, Measurement


def evaluation_plan(
    plans: QuerySet[Plan], plan_id: UUID, *, summary: bool = False, measurements: bool = False
) -> Plan:
    """A plan from the given scope (404 otherwise) with its outcomes, their indicators and
    evaluation blocks with samples; with `summary`, the Theory of Change parts the exports
    summarise; with `measurements`, its measurements and targets. A fixed number of queries
    however many outcomes it has."""
    lookups: list[str | Prefetch] = [
        Prefetch(
            "outcomes",
            queryset=Outcome.objects.select_related(
                "evaluation__framework_domain"
            ).prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.select_related("domain").order_by(
                        "domain__number", "group", "code"
                    ),
                ),
                "evaluation__samples",
            ),
        )
    ]
    if summary:
        lookups += [
            Prefetch("domains", queryset=Domain.objects.select_related("type")),
            "outputs",
            "activities",
        ]
    if measurements:
        lookups += [
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("indicator", "group").order_by(
                    "measured_on", "pk"
                ),
            ),
            Prefetch(
                "indicator_targets",
                queryset=IndicatorTarget.objects.select_related("indicator", "group"),
            ),
        ]
    return get_object_or_404(
        plans.select_related("team__organisation", "owner").prefetch_related(*lookups),
        pk=plan_id,
    )


def report_plan(plans: QuerySet[Plan], plan_id) -> Plan:
    """A plan from the given scope (404 otherwise) with everything the plan report reads
    (evaluation/report.py): the evaluation, measurements and targets, and the Theory of Change's
    links, barriers, assumptions, stakeholders and status changes. A fixed number of queries
    however many parts it has."""
    plan = evaluation_plan(
        plans.prefetch_related(
            "outputs__outcomes",
            "activities__outputs",
            "barriers",
            Prefetch("assumptions", queryset=Assumption.objects.prefetch_related("evidence")),
            "stakeholders",
            Prefetch("transitions", queryset=PlanTransition.objects.select_related("by")),
        ),
        plan_id,
        summary=True,
        measurements=True,
    )
    plan.domain_types = list(DomainType.objects.order_by("order"))  # the principle check
    return plan


def evaluation_for_display(*, plan: Plan) -> Plan:
    """The plan with everything the evaluation page, the exports and the measurements read."""
    return evaluation_plan(Plan.objects.all(), plan.pk, summary=True, measurements=True)


def has_undrafted_outcomes(plan: Plan) -> bool:
    """Whether an outcome has no evaluation block yet (from the prefetched outcomes)."""
    return any(not hasattr(outcome, "evaluation") for outcome in plan.outcomes.all())


def plan_indicators(plan: Plan) -> list[Indicator]:
    """The indicators the plan's outcomes use, each once, in the order of the outcomes (from
    the prefetched outcomes of evaluation_for_display)."""
    seen: dict[int, Indicator] = {}
    for outcome in plan.outcomes.all():
        for indicator in outcome.indicators.all():
            seen.setdefault(indicator.pk, indicator)
    return list(seen.values())


def plan_indicator_queryset(plan: Plan):
    return (
        Indicator.objects.filter(outcomes__plan=plan)
        .select_related("domain")
        .distinct()
        .order_by("domain__number", "group", "code")
    )


def domain_choices_for(plan: Plan, outcome: Outcome) -> list[Domain]:
    """Domains the outcome's framework outcome is chosen from: those of its indicators, or the
    plan's domains when it has none yet."""
    domains = Domain.objects.filter(indicators__outcomes=outcome).distinct()
    if not domains.exists():
        domains = plan.domains.all()
    return list(domains.select_related("type").order_by("number"))
