"""Reads of plans and their parts, with related rows already fetched.

Which plans a user may see or change is decided in ioi_planner/access.py only; these functions
take one of its querysets, or a plan fetched through one.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from domains.models import Domain, DomainType, Indicator, IndicatorStatus
from domains.selectors import indicator_search, indicators_of_council
from ioi_planner.access import (
    plans_authored_by,
    plans_commentable_by,
    plans_editable_by,
    plans_led_by,
    plans_visible_to,
    teams_of,
)
from ioi_planner.models import Team, User

from .history import author_name, compare, describe
from .models import (
    Activity,
    Assumption,
    Notification,
    Outcome,
    Output,
    Plan,
    PlanStatus,
    PlanTransition,
    PlanVersion,
    ReviewComment,
)
from .steps import STEPS, Status

INDICATOR_RESULTS_LIMIT = 50


def plan_with_parts(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans with every part the wizard and the task list read, prefetched."""
    return plans.select_related("team__organisation", "owner").prefetch_related(
        Prefetch("domains", queryset=Domain.objects.select_related("type")),
        Prefetch(
            "outcomes",
            queryset=Outcome.objects.prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.select_related("domain", "organisation"),
                )
            ),
        ),
        Prefetch("outputs", queryset=Output.objects.prefetch_related("outcomes")),
        Prefetch("activities", queryset=Activity.objects.prefetch_related("outputs")),
        "barriers",
        Prefetch(
            "assumptions",
            queryset=Assumption.objects.select_related(
                "barrier", "activity", "output", "outcome"
            ).prefetch_related("evidence"),
        ),
        "stakeholders",
    )


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
class PlanSummary:
    plan: Plan
    completed: int
    total: int
    # The task list's address, for plans this user may change; empty for plans they only see.
    tasks_url: str


def plan_list(user) -> list[PlanSummary]:
    """The user's own plans, those they collaborate on and their teams' shared plans, newest
    change first, each with how many sections are completed."""
    plans = plan_with_parts(plans_visible_to(user)).order_by("-updated_at")
    editable = set(plans_editable_by(user).values_list("pk", flat=True))
    return [
        PlanSummary(
            plan=plan,
            completed=sum(1 for step in STEPS if step.status(plan) is Status.COMPLETED),
            total=len(STEPS),
            tasks_url=reverse("theory_of_change:plan_tasks", kwargs={"plan_id": plan.pk})
            if plan.pk in editable
            else "",
        )
        for plan in plans
    ]


def teams_for_new_plan(user) -> QuerySet[Team]:
    return teams_of(user).select_related("organisation").order_by("name")


@dataclass
class DomainSearch:
    query: str
    domains: list[Domain]


def domain_search(*, plan: Plan, query: str) -> DomainSearch:
    """Domains that a search of the keyword index and the indicator wording (of the bank as
    offered on the plan's council) points to."""
    search = indicator_search(bank=indicators_of_council(plan.team.organisation), query=query)
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


def indicator_choices(*, user, plan: Plan, outcome: Outcome, query: str) -> IndicatorChoices:
    """What the officer may choose for an outcome: its indicators now (retired ones too), then
    active indicators of the plan's domains, then a search of the whole bank."""
    current = list(outcome.indicators.select_related("domain", "organisation"))
    current_ids = {indicator.pk for indicator in current}
    # The plan's council decides which council-added indicators are offered, not the chooser's.
    bank = indicators_of_council(plan.team.organisation)
    active = bank.filter(status=IndicatorStatus.ACTIVE)
    suggested_qs = active.filter(domain__in=plan.domains.all()).exclude(pk__in=current_ids)
    if query:
        suggested_qs = suggested_qs.filter(
            pk__in=indicator_search(bank=bank, query=query).indicators.values("pk")
        )
    suggested = list(suggested_qs.order_by("domain__number", "group", "code"))
    found: list[Indicator] = []
    found_more = False
    if query:
        shown = current_ids | {indicator.pk for indicator in suggested}
        results = (
            indicator_search(bank=bank, query=query)
            .indicators.filter(status=IndicatorStatus.ACTIVE)
            .exclude(pk__in=shown)
        )
        found = list(results[: INDICATOR_RESULTS_LIMIT + 1])
        found_more = len(found) > INDICATOR_RESULTS_LIMIT
        found = found[:INDICATOR_RESULTS_LIMIT]
    return IndicatorChoices(
        current=current, suggested=suggested, found=found, found_more=found_more
    )


# --- The plan page: a plan with all its parts --------------------------------------------------


def plan_for_display(*, plan_id: UUID, user) -> Plan:
    """A plan the user may see, with every part the plan page, the diagram and the principle
    check read, in a fixed number of queries however many parts it has (404 otherwise).

    Links are fetched from their forward side only (an output's outcomes, an activity's
    outputs); the presenters work out the reverse side from those, without more queries.
    """
    plan = get_object_or_404(
        plans_visible_to(user)
        .select_related("team__organisation", "owner")
        .prefetch_related(
            "collaborators",
            Prefetch("domains", queryset=Domain.objects.select_related("type")),
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.select_related("domain"))
                ),
            ),
            "outputs__outcomes",
            "activities__outputs",
            "barriers",
            Prefetch("assumptions", queryset=Assumption.objects.prefetch_related("evidence")),
            "stakeholders",
        ),
        pk=plan_id,
    )
    # The principle check names the types a plan has no domain from, so it needs all of them.
    plan.domain_types = list(DomainType.objects.order_by("order"))
    return plan


# --- Review: the review page, the dashboard and notifications ----------------------------------


def plan_for_review(*, plan_id: UUID, user) -> Plan:
    """plan_for_display, with the review's comments and status changes: a fixed number of
    queries however many comments there are (replies are grouped in Python)."""
    plan = plan_for_display(plan_id=plan_id, user=user)
    plan.comments = list(
        ReviewComment.objects.filter(plan=plan).select_related("author", "resolved_by")
    )
    plan.transition_list = list(PlanTransition.objects.filter(plan=plan).select_related("by"))
    return plan


def user_may_comment(*, plan: Plan, user) -> bool:
    return plans_commentable_by(user).filter(pk=plan.pk).exists()


@dataclass
class DashboardList:
    slug: str
    title: str
    empty: str
    count: int
    plans: list[Plan]
    link_to: str  # "review" or "plan"


DASHBOARD_LIMIT = 10


def _dashboard_list(slug, title, empty, plans: QuerySet[Plan], link_to: str) -> DashboardList:
    plans = plans.select_related("team", "owner").order_by("-updated_at")
    shown = list(plans[:DASHBOARD_LIMIT])
    count = len(shown) if len(shown) < DASHBOARD_LIMIT else plans.count()
    return DashboardList(
        slug=slug, title=title, empty=empty, count=count, plans=shown, link_to=link_to
    )


def dashboard_lists(user) -> list[DashboardList]:
    """The plans waiting for something from the user, and those recently approved."""
    authored = plans_authored_by(user)
    returned = authored.filter(status=PlanStatus.CHANGES_REQUESTED).annotate(
        open_comments=Count(
            "review_comments",
            filter=Q(
                review_comments__parent__isnull=True, review_comments__resolved_at__isnull=True
            ),
        )
    )
    return [
        _dashboard_list(
            "drafts",
            _("Your drafts"),
            _("You have no draft plans."),
            authored.filter(status=PlanStatus.DRAFT),
            "plan",
        ),
        _dashboard_list(
            "returned",
            _("Returned to you with comments"),
            _("No plans have been returned to you."),
            returned,
            "review",
        ),
        _dashboard_list(
            "awaiting-review",
            _("Awaiting your review"),
            _("No plans are waiting for your review."),
            plans_led_by(user).filter(status__in=[PlanStatus.SUBMITTED, PlanStatus.RESUBMITTED]),
            "review",
        ),
        _dashboard_list(
            "approved",
            _("Recently approved"),
            _("No plans you can see have been approved yet."),
            plans_visible_to(user).filter(status=PlanStatus.APPROVED),
            "plan",
        ),
    ]


NOTIFICATIONS_LIMIT = 50


def _notifications(user):
    # Only about plans the user may still see: someone who left a team hears no more of its
    # plans, not even their titles.
    return Notification.objects.filter(user=user, plan__in=plans_visible_to(user).values("pk"))


def notifications_of(user) -> list[Notification]:
    return list(_notifications(user).select_related("plan")[:NOTIFICATIONS_LIMIT])


def unread_notification_count(user) -> int:
    return _notifications(user).filter(read_at__isnull=True).count()


def page_unread_notification_count(user) -> int:
    """The unread count for the page being made for request.user: counted once, however many
    parts of the page show it (the header, the dashboard, the notifications page). A request
    has its own user object, so the next page counts again."""
    cached = getattr(user, "_page_unread_notifications", None)
    if cached is None:
        cached = unread_notification_count(user)
        user._page_unread_notifications = cached
    return cached


def collaborator_candidates(plan: Plan) -> list:
    """People in the plan's team who are neither its owner nor already collaborators."""
    return list(
        User.objects.filter(memberships__team=plan.team, is_active=True)
        .exclude(pk=plan.owner_id)
        .exclude(collaborating_plans=plan)
        .order_by("full_name", "email")
        .distinct()
    )


# --- History -----------------------------------------------------------------------------------


def plan_versions(plan: Plan) -> QuerySet[PlanVersion]:
    """A plan's versions, newest first, without their snapshots (a page lists many)."""
    return (
        PlanVersion.objects.filter(plan=plan)
        .select_related("author")
        .defer("snapshot")
        .order_by("-number")
    )


def plan_version_numbers(plan: Plan) -> list[int]:
    return list(
        PlanVersion.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    )


def plan_snapshots(plan: Plan, numbers: list[int]) -> dict[int, dict]:
    """The snapshots of the given versions that are recorded, by number."""
    return dict(
        PlanVersion.objects.filter(plan=plan, number__in=numbers).values_list("number", "snapshot")
    )


@dataclass
class ChangesSince:
    """What others saved after a form was made: shown when the form is refused as stale."""

    since: int
    versions: list["VersionSummary"]
    more: int  # versions saved since but not listed
    differences: list  # history.SectionDifference of the form's section; empty if unknown
    known: bool  # whether the difference could be worked out (both versions recorded)


@dataclass
class VersionSummary:
    number: int
    author_name: str
    created_at: object
    description: str


CHANGES_SINCE_LIMIT = 5


def plan_changes_since(*, plan: Plan, since: int, sections: list[str] | None) -> ChangesSince:
    newer = plan_versions(plan).filter(number__gt=since)
    versions = list(newer[:CHANGES_SINCE_LIMIT])
    total = newer.count() if len(versions) == CHANGES_SINCE_LIMIT else len(versions)
    current = versions[0].number if versions else since
    snapshots = plan_snapshots(plan, [since, current])
    known = since in snapshots and current in snapshots and current != since
    differences = compare(snapshots[since], snapshots[current], sections=sections) if known else []
    return ChangesSince(
        since=since,
        versions=[
            VersionSummary(
                number=v.number,
                author_name=author_name(v),
                created_at=v.created_at,
                description=describe(v),
            )
            for v in versions
        ],
        more=total - len(versions),
        differences=differences,
        known=known,
    )
