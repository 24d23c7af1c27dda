"""Who may see and change what. Every scoping rule lives here, so views never repeat it.

Plans are looked up through these querysets (get_object_or_404 on them), so a plan outside the
user's reach is simply not found: another organisation's plan answers 404, never 403.

The first rule: every way to a plan goes through a current membership of the plan's team, in the
person's one council. Owning a plan or collaborating on it gives nothing to someone who has left
its team, moved to another team or council, or been deactivated (Django signs them out): the
next request answers 404.
"""

from django.apps import apps
from django.db.models import Q, QuerySet

from .models import Organisation, Role, Team


def organisations_of(user) -> QuerySet[Organisation]:
    """The user's council while they are in one of its teams (none when anonymous, for staff
    in no team, and for someone who has left every team)."""
    if not user.is_authenticated or user.organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk=user.organisation_id, teams__memberships__user=user
    ).distinct()


def teams_of(user) -> QuerySet[Team]:
    """The teams the user is in now, all of their one council."""
    if not user.is_authenticated or user.organisation_id is None:
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user, organisation_id=user.organisation_id)


def _plan_model():
    # Looked up lazily: the core app must not import the apps that build on it.
    return apps.get_model("theory_of_change", "Plan")


def plans_visible_to(user) -> QuerySet:
    """Plans of a team the user is in now: those they own or collaborate on, and those shared
    with the team."""
    plan = _plan_model()
    if not user.is_authenticated:
        return plan.objects.none()
    collaborating = plan.collaborators.through.objects.filter(user=user).values("plan_id")
    return plan.objects.filter(
        Q(owner=user) | Q(pk__in=collaborating) | Q(shared_with_team=True),
        team__in=teams_of(user),
    )


def plans_authored_by(user) -> QuerySet:
    """Plans the user owns or collaborates on, in a team they are still in, whatever their
    status: their authors are told why a locked plan cannot be changed, not shown a 404."""
    plan = _plan_model()
    if not user.is_authenticated:
        return plan.objects.none()
    collaborating = plan.collaborators.through.objects.filter(user=user).values("plan_id")
    return plan.objects.filter(Q(owner=user) | Q(pk__in=collaborating), team__in=teams_of(user))


def plans_editable_by(user) -> QuerySet:
    """Plans the user may change: those they author, while the plan is with its authors (a
    draft, or sent back with changes requested). Submitted, approved and archived plans are
    read-only."""
    plan = _plan_model()
    return plans_authored_by(user).filter(status__in=plan.EDITABLE_STATUSES)


def plans_evaluation_editable_by(user) -> QuerySet:
    """Plans whose evaluation plan and measurements the user may change: those they author, in
    any status but archived. Measurements are taken while the approved plan is delivered, so
    review and approval lock the Theory of Change, not its evaluation."""
    plan = _plan_model()
    return plans_authored_by(user).filter(status__in=plan.EVALUATION_EDITABLE_STATUSES)


def plans_led_by(user) -> QuerySet:
    """Plans shared with a team the user is a team lead of: those they review."""
    plan = _plan_model()
    if not user.is_authenticated:
        return plan.objects.none()
    led = Team.objects.filter(
        memberships__user=user,
        memberships__role=Role.TEAM_LEAD,
        organisation_id=user.organisation_id,
    )
    return plan.objects.filter(shared_with_team=True, team__in=led)


def plans_commentable_by(user) -> QuerySet:
    """Plans whose review the user takes part in: their authors and the team leads of the plan's
    team, within their own organisation. Anyone else (another team, another council, staff in
    no team) is not shown the plan at all."""
    plan = _plan_model()
    if not user.is_authenticated:
        return plan.objects.none()
    authored = plans_authored_by(user).values("pk")
    led = plans_led_by(user).values("pk")
    return plan.objects.filter(
        Q(pk__in=authored) | Q(pk__in=led), team__organisation__in=organisations_of(user)
    )


def plans_owned_by(user) -> QuerySet:
    """Plans whose collaborators the user chooses: those they own, in a team they are in."""
    plan = _plan_model()
    if not user.is_authenticated:
        return plan.objects.none()
    return plan.objects.filter(owner=user, team__in=teams_of(user))
