"""Reads of evaluation plans, with every related row fetched in a fixed number of queries.

Which plans a user may see or change is decided in ioi_planner/access.py; these take a plan
already fetched through one of its querysets.
"""

from django.db.models import Prefetch

from domains.models import Domain, Indicator
from theory_of_change.models import Outcome, Plan

from .models import IndicatorTarget, Measurement


def evaluation_for_display(*, plan: Plan) -> Plan:
    """The plan with its outcomes, their indicators and evaluation blocks with samples, the
    Theory of Change parts the exports summarise, and the measurements and targets."""
    return (
        Plan.objects.select_related("team__organisation", "owner")
        .prefetch_related(
            Prefetch("domains", queryset=Domain.objects.select_related("type")),
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
            ),
            "outputs",
            "activities",
            Prefetch("measurements", queryset=Measurement.objects.select_related("indicator")),
            Prefetch("indicator_targets", queryset=IndicatorTarget.objects.all()),
        )
        .get(pk=plan.pk)
    )


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
