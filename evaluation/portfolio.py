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

The page shows the plans PLANS_PER_PAGE at a time, with the counts and the domains covered
over all of them, and each indicator several plans use with a link to a page of its own with
the plans' latest values (shared_indicator); the workbook has everything. A council's page
then costs about the same however many plans it has (`manage.py bench`, the portfolio at 10x).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from domains.models import Domain, DomainType, Indicator
from ioi_planner.access import organisations_of
from ioi_planner.models import AnyUser
from theory_of_change.access import plans_visible_to
from theory_of_change.models import Outcome, Plan, PlanStatus

from .models import Measurement
from .progress import Status, indicator_status
from .progress_rows import indicators_used, plans_progress


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
    plan_count: int  # the plans whose outcomes use it
    plans: list[Plan] = field(default_factory=list)  # those plans; empty on the paged page
    latest: list[LatestValue] = field(default_factory=list)


@dataclass
class Portfolio:
    plans: list[PortfolioPlan]  # the plans shown: one page's, or every one (page=None)
    count: int  # every plan selected
    page: Page | None  # the page of plans shown, when paged
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


PLANS_PER_PAGE = 25


def selected(
    user: AnyUser, *, team: int | None = None, status: str = "", domain: int | None = None
) -> QuerySet[Plan]:
    """The portfolio's plans as filtered, once each, in the order the page lists them."""
    plans = portfolio_plans(user)
    if team:
        plans = plans.filter(team_id=team)
    if status:
        plans = plans.filter(status=status)
    if domain:
        plans = plans.filter(domains__number=domain)
    return Plan.objects.filter(pk__in=plans.values("pk")).order_by("team__name", "title", "pk")


def _latest_values(plans: list[Plan], progress: dict) -> dict[int, list[LatestValue]]:
    """{indicator id: each group's latest value (or baseline) in each plan that measures it}."""
    latest: dict[int, list[LatestValue]] = {}
    for plan in plans:
        for figures in progress[plan.pk]:
            for group in figures.groups:
                shown = group.latest or group.baseline
                if shown is not None:
                    latest.setdefault(figures.indicator.pk, []).append(
                        LatestValue(plan, group.name, shown.value, shown.measured_on)
                    )
    return latest


def _counts(plans: QuerySet[Plan], by: str) -> dict:
    return dict(plans.order_by().values_list(by).annotate(count=Count("pk")))


def council_portfolio(
    user: AnyUser,
    *,
    team: int | None = None,
    status: str = "",
    domain: int | None = None,
    page: int | str | None = None,
) -> Portfolio:
    """The portfolio as filtered. `page`: that page of PLANS_PER_PAGE plans (a number out of
    range is the nearest page), and the indicators several plans use with how many (each has
    a page of its own, shared_indicator); None: every plan, and which plans use each shared
    indicator and their values (the workbook).

    The counts, the domains covered and the shared indicators are always over every plan
    selected (a page of a council's plans must not read as the council's work), counted by the
    database: only the plans shown are read, so a page costs the same however many plans."""
    plans = selected(user, team=team, status=status, domain=domain)
    listed = plans.select_related("team")
    page_obj = None if page is None else Paginator(listed, PLANS_PER_PAGE).get_page(page)
    shown = list(listed if page_obj is None else page_obj.object_list)
    ids = [plan.pk for plan in shown]
    domain_numbers: dict = {}
    for plan_id, number in Plan.domains.through.objects.filter(plan_id__in=ids).values_list(
        "plan_id", "domain__number"
    ):
        domain_numbers.setdefault(plan_id, set()).add(number)
    used = indicators_used(ids)
    progress = plans_progress(shown, used)
    openable = set(plans_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    items = [
        PortfolioPlan(
            plan=plan,
            domain_numbers=domain_numbers.get(plan.pk, set()),
            status=indicator_status([g for f in progress[plan.pk] for g in f.groups]),
            openable=plan.pk in openable,
        )
        for plan in shown
    ]
    # Whole-portfolio figures, from the database.
    selected_ids = plans.values("pk")
    plans_using: dict[int, int] = dict(
        Outcome.indicators.through.objects.filter(outcome__plan__in=selected_ids)
        .values_list("indicator_id")
        .annotate(Count("outcome__plan", distinct=True))
    )
    using = {pk: count for pk, count in plans_using.items() if count > 1}
    indicators = Indicator.objects.in_bulk(using)
    shared = [SharedIndicator(indicators[pk], plan_count) for pk, plan_count in using.items()]
    if page_obj is None:  # every plan was read: which use each indicator, and the values
        latest = _latest_values(shown, progress)
        for entry in shared:
            entry.plans = [p for p in shown if entry.indicator.pk in used.get(p.pk, {})]
            entry.latest = latest.get(entry.indicator.pk, [])
    shared.sort(key=lambda s: (-s.plan_count, s.indicator.wording))
    domains = list(Domain.objects.select_related("type").order_by("number"))
    covered = set(
        Plan.domains.through.objects.filter(plan__in=selected_ids).values_list(
            "domain__number", flat=True
        )
    )
    uncovered = [d for d in domains if d.number not in covered]
    covered_types = {d.type_id for d in domains if d.number in covered}
    types = list(dict.fromkeys(d.type for d in domains))
    statuses = _counts(plans, "status")
    return Portfolio(
        plans=items,
        count=page_obj.paginator.count if page_obj else len(shown),
        page=page_obj,
        domains=domains,
        by_status=[(str(s.label), statuses[s]) for s in PlanStatus if s in statuses],
        by_team=sorted(_counts(plans, "team__name").items()),
        uncovered_domains=uncovered,
        uncovered_types=[t for t in types if t.pk not in covered_types],
        shared_indicators=shared,
    )


def shared_indicator(
    user: AnyUser,
    indicator_id: int,
    *,
    team: int | None = None,
    status: str = "",
    domain: int | None = None,
) -> SharedIndicator | None:
    """One indicator across the portfolio as filtered: the plans whose outcomes use it and
    each group's latest value (or baseline) in every plan that measures it. None when no plan
    selected uses or measures it (the page answers 404: it says nothing of other councils)."""
    chosen = selected(user, team=team, status=status, domain=domain)
    plans = chosen.values("pk")
    using = set(
        Outcome.indicators.through.objects.filter(
            outcome__plan__in=plans, indicator_id=indicator_id
        ).values_list("outcome__plan_id", flat=True)
    )
    measuring = set(
        Measurement.objects.filter(plan__in=plans, indicator_id=indicator_id).values_list(
            "plan_id", flat=True
        )
    )
    # Only the plans that use or measure it are read, not the whole portfolio.
    rows = list(chosen.filter(pk__in=using | measuring).select_related("team"))
    used = {plan_id: {indicator_id: None} for plan_id in using}
    progress = plans_progress(rows, used, only=indicator_id)
    latest = _latest_values(rows, progress).get(indicator_id, [])
    users = [plan for plan in rows if plan.pk in using]
    if not users and not latest:
        return None
    indicator = Indicator.objects.get(pk=indicator_id)
    return SharedIndicator(indicator, len(users), plans=users, latest=latest)
