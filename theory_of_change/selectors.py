"""Reads of plans and their parts, with related rows already fetched: the plan page, the plan
list and the dashboard.

Which plans a user may see or change is decided in theory_of_change/access.py only; these
functions take one of its querysets, or a plan fetched through one.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from domains.models import Domain, DomainType, Indicator
from ioi_planner.access import teams_of
from ioi_planner.models import AnyUser, Membership, Role, Team
from theory_of_change.access import (
    plans_authored_by,
    plans_editable_by,
    plans_led_by,
    plans_visible_to,
)
from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    Evidence,
    Outcome,
    Output,
    Plan,
    PlanStatus,
    PlanVersion,
    Stakeholder,
)
from theory_of_change.steps import STEPS, Status


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
class PlanSummary:
    plan: Plan
    completed: int
    total: int
    # The task list's address, for plans this user may change; empty for plans they only see.
    tasks_url: str


def plan_list(user: AnyUser) -> list[PlanSummary]:
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


def teams_for_new_plan(user: AnyUser) -> QuerySet[Team]:
    return teams_of(user).select_related("organisation").order_by("name")


# The plan's parts as its pages show them, by the name of their relation on the plan.
PARTS_SHOWN = (
    ("outcomes", Outcome),
    ("outputs", Output),
    ("activities", Activity),
    ("barriers", Barrier),
    ("assumptions", Assumption),
    ("stakeholders", Stakeholder),
)


def _shown(model) -> QuerySet:
    # No page shows when a part was made or last changed: its timestamps are left unread,
    # which saves converting two dates for each of a large plan's hundreds of parts.
    return model.objects.defer("created_at", "updated_at")


def plan_for_display(*, plan_id: UUID, user: AnyUser) -> Plan:
    """A plan the user may see, with every part the plan page, the diagram and the principle
    check read, in a fixed number of queries however many parts it has (404 otherwise).

    Links are fetched from their forward side only (an output's outcomes, an activity's
    outputs); the presenters work out the reverse side from those, without more queries. The
    parts' related rows come by `attach_related`, not prefetch_related.
    """
    plan = get_object_or_404(
        plans_visible_to(user)
        .select_related("team__organisation", "owner")
        .prefetch_related(
            "collaborators",
            Prefetch("domains", queryset=Domain.objects.select_related("type")),
            *(Prefetch(name, queryset=_shown(model)) for name, model in PARTS_SHOWN),
        ),
        pk=plan_id,
    )
    attach_related(plan)
    # The principle check names the types a plan has no domain from, so it needs all of them.
    plan.domain_types = list(DomainType.objects.order_by("order"))
    return plan


def attach_related(plan: Plan) -> None:
    """Hand each of the plan's prefetched parts what it links to, as `part.related[name]`
    (read by `part_values.related`): an output's outcomes and an activity's outputs as the
    plan's own parts, an outcome's indicators, an assumption's evidence.

    prefetch_related would make a second copy of every linked outcome and output and a
    filtered queryset for every part: at ten times the demo data that was a third of the
    review page's time. Here the link tables are read as pairs of ids, in five queries."""
    outcomes = {o.pk: o for o in plan.outcomes.all()}
    outputs = {p.pk: p for p in plan.outputs.all()}
    activities = {a.pk: a for a in plan.activities.all()}
    _attach(outputs, "outcomes", outcomes, _link_pairs(plan, Output, "outcomes"))
    _attach(activities, "outputs", outputs, _link_pairs(plan, Activity, "outputs"))
    pairs = _link_pairs(plan, Outcome, "indicators")
    indicators = Indicator.objects.filter(pk__in={i for _, i in pairs})
    _attach(outcomes, "indicators", {i.pk: i for i in indicators}, pairs)
    assumptions = {a.pk: a for a in plan.assumptions.all()}
    evidence = Evidence.objects.filter(assumption__plan=plan)
    _attach(
        assumptions,
        "evidence",
        {e.pk: e for e in evidence},
        [(e.assumption_id, e.pk) for e in evidence],
    )


def _link_pairs(plan: Plan, model, name: str) -> list[tuple[int, int]]:
    """(part id, linked id) for the plan's parts of `model` through its many-to-many `name`."""
    field = model._meta.get_field(name)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    return list(
        field.remote_field.through.objects.filter(**{f"{source}__plan": plan}).values_list(
            f"{source}_id", f"{target}_id"
        )
    )


def _attach(parts: dict, name: str, targets: dict, pairs) -> None:
    """Set `part.related[name]` for each of `parts` (by id): its rows among `targets` (by id)
    as `pairs` of ids link them, in the targets' order (the order a prefetch gives)."""
    order = {pk: n for n, pk in enumerate(targets)}
    found: dict[int, list[int]] = {pk: [] for pk in parts}
    for part_id, target_id in pairs:
        found[part_id].append(target_id)
    for pk, part in parts.items():
        part.__dict__.setdefault("related", {})[name] = [
            targets[t] for t in sorted(found[pk], key=order.__getitem__)
        ]


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


SENT_ACTIONS = ("status-submit", "status-resubmit")
REQUEST_CHANGES_ACTION = "status-request-changes"


def with_review_state(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """`plans` with what their people need to see of the review: `open_comments` (threads not
    resolved), `sent_at` (when last sent for review) and `change_reason` (the lead's reason the
    last time they asked for changes), each a sub-select, and the team's leads (who review)."""
    versions = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number")
    return plans.annotate(
        open_comments=Count(
            "review_comments",
            filter=Q(
                review_comments__parent__isnull=True, review_comments__resolved_at__isnull=True
            ),
        ),
        sent_at=Subquery(versions.filter(action__in=SENT_ACTIONS).values("created_at")[:1]),
        change_reason=Subquery(versions.filter(action=REQUEST_CHANGES_ACTION).values("reason")[:1]),
    ).prefetch_related(
        Prefetch(
            "team__memberships",
            queryset=Membership.objects.filter(role=Role.TEAM_LEAD)
            .select_related("user")
            .order_by("user__full_name"),
            to_attr="leads",
        )
    )


@dataclass
class ChangesRequested:
    reason: str
    open_comments: int


def changes_requested(plan: Plan) -> ChangesRequested | None:
    """What the team lead asked for, for a plan returned with changes requested (else None):
    their reason and how many comment threads are still open."""
    if plan.status != PlanStatus.CHANGES_REQUESTED:
        return None
    reason = (
        PlanVersion.objects.filter(plan=plan, action=REQUEST_CHANGES_ACTION)
        .order_by("-number")
        .values_list("reason", flat=True)
        .first()
    )
    open_comments = plan.review_comments.filter(
        parent__isnull=True, resolved_at__isnull=True
    ).count()
    return ChangesRequested(reason=reason or "", open_comments=open_comments)


def dashboard_lists(user: AnyUser) -> list[DashboardList]:
    """The plans waiting for something from the user, those sent for review, and those recently
    approved."""
    authored = with_review_state(plans_authored_by(user))
    return [
        _dashboard_list(
            "drafts",
            _("Your drafts"),
            _("You have no draft plans."),
            authored.filter(status=PlanStatus.DRAFT),
            "plan",
        ),
        _dashboard_list(
            "sent",
            _("Sent for review"),
            _("You have no plans waiting for a team lead’s review."),
            authored.filter(status__in=[PlanStatus.SUBMITTED, PlanStatus.RESUBMITTED]),
            "plan",
        ),
        _dashboard_list(
            "returned",
            _("Returned to you with comments"),
            _("No plans have been returned to you."),
            authored.filter(status=PlanStatus.CHANGES_REQUESTED),
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
