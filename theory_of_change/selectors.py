"""Reads of plans and their parts, with related rows already fetched."""

from uuid import UUID

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from domains.models import Domain, DomainType, Indicator
from ioi_planner.access import plans_visible_to

from .models import Assumption, Outcome, Plan

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
