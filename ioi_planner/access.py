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
