"""Who may see and change what. Every scoping rule lives here, so views never repeat it.

Plans are looked up through these querysets (get_object_or_404 on them), so a plan outside the
user's reach is simply not found: another organisation's plan answers 404, never 403.
"""

from django.apps import apps
from django.db.models import Q, QuerySet

from .models import Organisation, Role, Team


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
    led = Team.objects.filter(memberships__user=user, memberships__role=Role.TEAM_LEAD)
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
