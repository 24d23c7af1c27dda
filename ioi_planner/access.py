"""Who may see and change what. Every scoping rule lives here, so views never repeat it.

Plans are looked up through these querysets (get_object_or_404 on them), so a plan outside the
user's reach is simply not found: another organisation's plan answers 404, never 403.
"""

from django.apps import apps
from django.db.models import Q, QuerySet

from .models import Organisation, Team


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations the user belongs to through a team membership (none when anonymous)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(teams__memberships__user=user).distinct()


def teams_of(user) -> QuerySet[Team]:
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user)


def _plan_model():
    # Looked up lazily: the core app must not import the apps that build on it.
    return apps.get_model("theory_of_change", "Plan")


def plans_visible_to(user) -> QuerySet:
    """Plans the user owns or collaborates on, and plans shared with a team they belong to."""
    plan = _plan_model()
    if not user.is_authenticated:
        return plan.objects.none()
    collaborating = plan.collaborators.through.objects.filter(user=user).values("plan_id")
    return plan.objects.filter(
        Q(owner=user) | Q(pk__in=collaborating) | Q(shared_with_team=True, team__in=teams_of(user))
    )


def plans_editable_by(user) -> QuerySet:
    """Plans the user may change: those they own or collaborate on, in a team they are still in."""
    plan = _plan_model()
    if not user.is_authenticated:
        return plan.objects.none()
    collaborating = plan.collaborators.through.objects.filter(user=user).values("plan_id")
    return plan.objects.filter(Q(owner=user) | Q(pk__in=collaborating), team__in=teams_of(user))
