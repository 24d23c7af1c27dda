"""Reads of a plan's versions and their snapshots."""

from django.db.models import QuerySet

from theory_of_change.models import Plan, PlanVersion


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
