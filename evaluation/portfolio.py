"""The council's portfolio (issue 18): its plans as a whole, for the team leads and officers of
one council.

Which plans: those of the user's own council that are shared with their team (as a team lead
sees them to review), and the user's own drafts; never another council's, and nothing for
someone in no team (site staff, a council admin in no team, someone who has left every team).
A plan links to its page only where the user may open it (theory_of_change.access).

Read in a fixed number of queries however many plans (tests/evaluation/test_portfolio.py counts
them with 500 plans): the plans with their teams, then their domains, their outcomes'
indicators, groups, measurements and targets, each in one query, as plain rows rather than
model instances (a council's thousands of measurements), and progress is worked out in Python
(evaluation.progress.progress_of).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from domains.models import Domain, DomainType, Indicator
from ioi_planner.access import organisations_of
from ioi_planner.models import AnyUser
from theory_of_change.access import plans_visible_to
from theory_of_change.models import Outcome, Plan, PlanStatus

from .models import IndicatorTarget, Measurement, MeasurementGroup
from .progress import Status, indicator_status, progress_of


@dataclass
class PortfolioPlan:
    plan: Plan
    domain_numbers: set[int]
    status: str  # the plan's progress (evaluation.progress.Status), over all its indicators
    openable: bool  # whether the user may open the plan's page

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class LatestValue:
    plan: Plan
    group: str
    value: Decimal
    measured_on: object


@dataclass
class SharedIndicator:
    indicator: Indicator
    plans: list[Plan]
    latest: list[LatestValue] = field(default_factory=list)


@dataclass
class Portfolio:
    plans: list[PortfolioPlan]
    domains: list[Domain]
    by_status: list[tuple[str, int]]
    by_team: list[tuple[str, int]]
    uncovered_domains: list[Domain]
    uncovered_types: list[DomainType]
    shared_indicators: list[SharedIndicator]


def portfolio_plans(user: AnyUser) -> QuerySet[Plan]:
    """The plans the user's portfolio covers (the rule above): organisations_of is their
    council only while they are in one of its teams."""
    own = plans_visible_to(user).values("pk")
    return Plan.objects.filter(
        Q(shared_with_team=True) | Q(pk__in=own), team__organisation__in=organisations_of(user)
    )


@dataclass(slots=True)
class MeasurementRow:
    """A measurement as the portfolio reads it: the attributes evaluation.progress uses."""

    pk: int
    indicator_id: int
    group_id: int
    kind: str
    measured_on: date
    value: Decimal
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
    indicator: Indicator
    group: MeasurementGroup


def council_portfolio(
    user: AnyUser, *, team: int | None = None, status: str = "", domain: int | None = None
) -> Portfolio:
    plans = portfolio_plans(user)
    if team:
        plans = plans.filter(team_id=team)
    if status:
        plans = plans.filter(status=status)
    if domain:
        plans = plans.filter(domains__number=domain)
    rows = list(plans.select_related("team").order_by("team__name", "title", "pk").distinct())
    ids = [plan.pk for plan in rows]
    openable = set(plans_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    # Plain rows, not model instances: a council's portfolio reads thousands of them.
    domain_numbers: dict = {}
    for plan_id, number in Plan.domains.through.objects.filter(plan_id__in=ids).values_list(
        "plan_id", "domain__number"
    ):
        domain_numbers.setdefault(plan_id, set()).add(number)
    used: dict = {}
    for plan_id, indicator_id in (
        Outcome.indicators.through.objects.filter(outcome__plan_id__in=ids)
        .order_by("outcome__position", "outcome__created_at", "pk")
        .values_list("outcome__plan_id", "indicator_id")
    ):
        used.setdefault(plan_id, {})[indicator_id] = None
    measured = list(
        Measurement.objects.filter(plan_id__in=ids)
        .order_by("measured_on", "pk")
        .values_list("plan_id", "pk", "indicator_id", "group_id", "kind", "measured_on", "value")
    )
    aimed = list(
        IndicatorTarget.objects.filter(plan_id__in=ids).values_list(
            "plan_id", "pk", "indicator_id", "group_id", "value", "due_on", "direction"
        )
    )
    indicator_ids = {pk for by_plan in used.values() for pk in by_plan}
    indicator_ids |= {values[2] for values in (*measured, *aimed)}
    indicators = Indicator.objects.in_bulk(indicator_ids)
    groups = {g.pk: g for g in MeasurementGroup.objects.filter(plan_id__in=ids)}
    measurements: dict = {}
    for plan_id, pk, i, g, kind, on, value in measured:
        measurements.setdefault(plan_id, []).append(
            MeasurementRow(pk, i, g, kind, on, value, indicators[i], groups[g])
        )
    targets: dict = {}
    for plan_id, pk, i, g, value, due, direction in aimed:
        targets.setdefault(plan_id, []).append(
            TargetRow(pk, i, g, value, due, direction, indicators[i], groups[g])
        )
    domains = list(Domain.objects.select_related("type").order_by("number"))
    items = []
    users_of: dict[int, list[Plan]] = {}
    latest: dict[int, list[LatestValue]] = {}
    for plan in rows:
        progress = progress_of(
            [indicators[pk] for pk in used.get(plan.pk, {})],
            measurements.get(plan.pk, []),
            targets.get(plan.pk, []),
        )
        items.append(
            PortfolioPlan(
                plan=plan,
                domain_numbers=domain_numbers.get(plan.pk, set()),
                status=indicator_status([g for f in progress for g in f.groups]),
                openable=plan.pk in openable,
            )
        )
        for figures in progress:
            if figures.in_use:
                users_of.setdefault(figures.indicator.pk, []).append(plan)
            for group in figures.groups:
                shown = group.latest or group.baseline
                if shown is not None:
                    latest.setdefault(figures.indicator.pk, []).append(
                        LatestValue(plan, group.name, shown.value, shown.measured_on)
                    )
    shared = [
        SharedIndicator(indicator=indicators[pk], plans=using, latest=latest.get(pk, []))
        for pk, using in users_of.items()
        if len(using) > 1
    ]
    shared.sort(key=lambda s: (-len(s.plans), s.indicator.wording))
    covered = {number for item in items for number in item.domain_numbers}
    uncovered = [d for d in domains if d.number not in covered]
    covered_types = {d.type_id for d in domains if d.number in covered}
    types = list(dict.fromkeys(d.type for d in domains))
    statuses: dict[str, int] = {}
    teams: dict[str, int] = {}
    for item in items:
        statuses[item.plan.status] = statuses.get(item.plan.status, 0) + 1
        teams[item.plan.team.name] = teams.get(item.plan.team.name, 0) + 1
    return Portfolio(
        plans=items,
        domains=domains,
        by_status=[(str(s.label), statuses[s]) for s in PlanStatus if s in statuses],
        by_team=sorted(teams.items()),
        uncovered_domains=uncovered,
        uncovered_types=[t for t in types if t.pk not in covered_types],
        shared_indicators=shared,
    )
