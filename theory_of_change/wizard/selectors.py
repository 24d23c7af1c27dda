"""Reads for the wizard: the task list, the domain search and the indicators to choose from."""

from dataclasses import dataclass

from domains.models import Domain, Indicator, IndicatorStatus
from domains.selectors import IndicatorSearch, indicator_search, indicators_of_council
from ioi_planner.models import AnyUser
from theory_of_change.models import (
    Outcome,
    Plan,
)
from theory_of_change.steps import STEPS, Status

INDICATOR_RESULTS_LIMIT = 50


@dataclass
class TaskListItem:
    title: str
    hint: str
    href: str
    status: str
    status_tag_classes: str
    completed: bool


def plan_tasks(plan: Plan) -> list[TaskListItem]:
    """The wizard's sections with their status, for the GOV.UK task list."""
    items = []
    for step in STEPS:
        status = step.status(plan)
        items.append(
            TaskListItem(
                title=str(step.title),
                hint=str(step.hint),
                href=step.url(plan),
                status=status.label,
                status_tag_classes=status.tag_classes,
                completed=status is Status.COMPLETED,
            )
        )
    return items


@dataclass
class DomainSearch:
    query: str
    domains: list[Domain]


def domain_search(*, plan: Plan, query: str) -> DomainSearch:
    """Domains that a search of the keyword index and the indicator wording (of the bank as
    offered on the plan's council) points to."""
    return council_domain_search(council=plan.team.organisation, query=query)


def council_domain_search(*, council, query: str) -> DomainSearch:
    """Domains that a search of the keyword index and the indicator wording (of the bank as
    offered on `council`'s plans) points to."""
    search = indicator_search(bank=indicators_of_council(council), query=query)
    found = {domain.pk: domain for domain in search.matched_domains}
    for domain in Domain.objects.filter(pk__in=search.indicators.values("domain")).select_related(
        "type"
    ):
        found.setdefault(domain.pk, domain)
    domains = Domain.objects.filter(pk__in=list(found)).select_related("type").order_by("number")
    return DomainSearch(query=query, domains=list(domains))


@dataclass
class IndicatorChoices:
    current: list[Indicator]
    suggested: list[Indicator]
    found: list[Indicator]
    found_more: bool
    search: IndicatorSearch | None = None  # what found `found`, to say why each matched


def indicator_choices(
    *, user: AnyUser, plan: Plan, outcome: Outcome, query: str, ticked: set[int] | None = None
) -> IndicatorChoices:
    """What the officer may choose for an outcome: its indicators now (retired ones too) and
    those `ticked` but not saved yet (carried over a search), then active indicators of the
    plan's domains, then a search of the whole bank."""
    # The plan's council decides which council-added indicators are offered, not the chooser's.
    bank = indicators_of_council(plan.team.organisation)
    current = list(outcome.indicators.select_related("domain", "organisation"))
    current_ids = {indicator.pk for indicator in current}
    active = bank.filter(status=IndicatorStatus.ACTIVE)
    suggested_qs = active.filter(domain__in=plan.domains.all()).exclude(pk__in=current_ids)
    search = indicator_search(bank=bank, query=query) if query else None
    if search is not None:
        suggested_qs = suggested_qs.filter(pk__in=search.indicators.values("pk"))
    suggested = list(
        suggested_qs.select_related("domain", "organisation").order_by(
            "domain__number", "group", "code"
        )
    )
    found: list[Indicator] = []
    found_more = False
    if search is not None:
        shown = current_ids | {indicator.pk for indicator in suggested}
        results = search.indicators.filter(status=IndicatorStatus.ACTIVE).exclude(pk__in=shown)
        found = list(results[: INDICATOR_RESULTS_LIMIT + 1])
        found_more = len(found) > INDICATOR_RESULTS_LIMIT
        found = found[:INDICATOR_RESULTS_LIMIT]
    if ticked:
        # Ticked on an earlier search and listed nowhere now: shown with the outcome's own.
        shown = current_ids | {i.pk for i in suggested} | {i.pk for i in found}
        current += list(
            bank.filter(pk__in=ticked - shown)
            .select_related("domain", "organisation")
            .order_by("domain__number", "group", "code")
        )
    return IndicatorChoices(
        current=current, suggested=suggested, found=found, found_more=found_more, search=search
    )
