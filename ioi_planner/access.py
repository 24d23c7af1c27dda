"""Which councils and teams a person belongs to now: the ground of every other access rule.

The plans built on them are scoped beside the Plan model, in theory_of_change/access.py; the
core app does not know about plans. A person belongs to their one council while they are in one
of its teams; someone who has left every team belongs nowhere.
"""

from django.db.models import QuerySet

from ioi_planner.models import AnyUser

from .models import Organisation, Team


def organisations_of(user: AnyUser) -> QuerySet[Organisation]:
    """The user's council while they are in one of its teams (none when anonymous, for staff
    in no team, and for someone who has left every team)."""
    if not user.is_authenticated or user.organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk=user.organisation_id, teams__memberships__user=user
    ).distinct()


def teams_of(user: AnyUser) -> QuerySet[Team]:
    """The teams the user is in now, all of their one council."""
    if not user.is_authenticated or user.organisation_id is None:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user, organisation_id=user.organisation_id)


def administered_council(user: AnyUser) -> Organisation | None:
    """The council whose people and teams the user runs: their own, if they are an active
    council admin; None for everyone else (site staff use the Django admin)."""
    if not user.is_authenticated or not user.is_active or not user.is_council_admin:
        return None
    if user.organisation_id is None:
        return None
    return Organisation.objects.get(pk=user.organisation_id)
