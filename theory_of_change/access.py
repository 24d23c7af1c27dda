"""Who may see and change which plans. Every rule about plans lives here, so views never
repeat it.

Plans are looked up through these querysets (get_object_or_404 on them), so a plan outside the
user's reach is simply not found: another organisation's plan answers 404, never 403. Once a
plan is found, `plan_permissions` answers, in one small query, what else the user may do with
it, by the same rules.

The first rule: every way to a plan goes through a current membership of the plan's team, in the
person's one council (ioi_planner/access.py). Owning a plan or collaborating on it gives nothing
to someone who has left its team, moved to another team or council, or been deactivated (Django
signs them out): the next request answers 404.
"""

from dataclasses import dataclass

from django.db.models import Exists, Q, QuerySet

from ioi_planner.access import organisations_of, teams_of
from ioi_planner.models import AnyUser, Membership, Role, Team
from theory_of_change.models import Plan


def plans_visible_to(user: AnyUser) -> QuerySet[Plan]:
    """Plans of a team the user is in now: those they own or collaborate on, and those shared
    with the team."""
    if not user.is_authenticated:
        return Plan.objects.none()
    collaborating = Plan.collaborators.through.objects.filter(user=user).values("plan_id")
    return Plan.objects.filter(
        Q(owner=user) | Q(pk__in=collaborating) | Q(shared_with_team=True),
        team__in=teams_of(user),
    )


def plans_authored_by(user: AnyUser) -> QuerySet[Plan]:
    """Plans the user owns or collaborates on, in a team they are still in, whatever their
    status: their authors are told why a locked plan cannot be changed, not shown a 404."""
    if not user.is_authenticated:
        return Plan.objects.none()
    collaborating = Plan.collaborators.through.objects.filter(user=user).values("plan_id")
    return Plan.objects.filter(Q(owner=user) | Q(pk__in=collaborating), team__in=teams_of(user))


def plans_editable_by(user: AnyUser) -> QuerySet[Plan]:
    """Plans the user may change: those they author, while the plan is with its authors (a
    draft, or sent back with changes requested). Submitted, approved and archived plans are
    read-only."""
    return plans_authored_by(user).filter(status__in=Plan.EDITABLE_STATUSES)


def plans_evaluation_editable_by(user: AnyUser) -> QuerySet[Plan]:
    """Plans whose evaluation plan and measurements the user may change: those they author, in
    any status but archived. Measurements are taken while the approved plan is delivered, so
    review and approval lock the Theory of Change, not its evaluation."""
    return plans_authored_by(user).filter(status__in=Plan.EVALUATION_EDITABLE_STATUSES)


def plans_led_by(user: AnyUser) -> QuerySet[Plan]:
    """Plans shared with a team the user is a team lead of: those they review."""
    if not user.is_authenticated or user.organisation_id is None:
        return Plan.objects.none()
    led = Team.objects.filter(
        memberships__user=user,
        memberships__role=Role.TEAM_LEAD,
        organisation_id=user.organisation_id,
    )
    return Plan.objects.filter(shared_with_team=True, team__in=led)


def plans_commentable_by(user: AnyUser) -> QuerySet[Plan]:
    """Plans whose review the user takes part in: their authors and the team leads of the plan's
    team, within their own organisation. Anyone else (another team, another council, staff in
    no team) is not shown the plan at all."""
    if not user.is_authenticated:
        return Plan.objects.none()
    authored = plans_authored_by(user).values("pk")
    led = plans_led_by(user).values("pk")
    return Plan.objects.filter(
        Q(pk__in=authored) | Q(pk__in=led), team__organisation__in=organisations_of(user)
    )


def plans_owned_by(user: AnyUser) -> QuerySet[Plan]:
    """Plans whose collaborators the user chooses: those they own, in a team they are in."""
    if not user.is_authenticated:
        return Plan.objects.none()
    return Plan.objects.filter(owner=user, team__in=teams_of(user))


@dataclass(frozen=True)
class PlanPermissions:
    """What one user may do with one plan they can see."""

    can_edit: bool  # change its Theory of Change (plans_editable_by)
    can_edit_evaluation: bool  # change its evaluation plan and measurements
    authors: bool  # owns it or collaborates on it, in its team
    owns: bool  # chooses its collaborators
    can_comment: bool  # takes part in its review
    leads: bool  # a team lead of its team, once it is shared: reviews it

    @property
    def locked(self) -> bool:
        """An author who may not change it now: it is with its reviewers, approved or archived."""
        return self.authors and not self.can_edit


NO_PERMISSIONS = PlanPermissions(
    can_edit=False,
    can_edit_evaluation=False,
    authors=False,
    owns=False,
    can_comment=False,
    leads=False,
)


def plan_permissions(user: AnyUser, plan: Plan) -> PlanPermissions:
    """Everything the user may do with `plan`, in one small query: the user's membership of the
    plan's team (in their own council), and whether they collaborate on it.

    These are the querysets' rules above, worked out for one plan: every one of them needs a
    membership of the plan's team, and the rest is the plan's owner, collaborators, status and
    sharing. A query made of the six querysets as EXISTS subqueries said the same, but cost
    about 50 ms per page in Django's query building alone. tests/theory_of_change/test_access.py
    checks that the two agree for every role of the access matrix, in every status."""
    if not user.is_authenticated or user.organisation_id is None:
        return NO_PERMISSIONS
    collaborating = Plan.collaborators.through.objects.filter(plan_id=plan.pk, user_id=user.pk)
    membership = (
        Membership.objects.filter(
            user_id=user.pk, team_id=plan.team_id, team__organisation_id=user.organisation_id
        )
        .annotate(collaborates=Exists(collaborating))
        .values("role", "collaborates")
        .first()
    )
    if membership is None:
        return NO_PERMISSIONS
    owns = plan.owner_id == user.pk
    authors = owns or membership["collaborates"]
    leads = plan.shared_with_team and membership["role"] == Role.TEAM_LEAD
    return PlanPermissions(
        can_edit=authors and plan.status in Plan.EDITABLE_STATUSES,
        can_edit_evaluation=authors and plan.status in Plan.EVALUATION_EDITABLE_STATUSES,
        authors=authors,
        owns=owns,
        can_comment=authors or leads,
        leads=leads,
    )
