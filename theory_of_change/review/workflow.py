"""The review workflow: which status changes exist, from which states, and who may make them.

draft → submitted → changes requested → resubmitted → approved → archived, and an approved plan
reopened as a new draft. The plan's authors (its owner and collaborators, while in its team)
submit, resubmit and archive; a team lead of the plan's team requests changes (with a reason)
or approves. Reopening an approved plan is for either. The table is the only place these
rules are written: services.plan_transition enforces it and the tests are parametrised from it.
"""

from dataclasses import dataclass
from enum import Enum

from django.utils.translation import gettext_lazy as _

from ioi_planner.models import Role
from theory_of_change.models import Plan, PlanStatus


class Actor(Enum):
    AUTHOR = "author"  # the owner or a collaborator, in the plan's team
    LEAD = "lead"  # a team lead of the plan's team


@dataclass(frozen=True)
class Transition:
    slug: str
    sources: tuple[str, ...]
    target: str
    actors: frozenset[Actor]
    label: str  # the button and the page's heading
    done: str  # the message once it is done
    reason_required: bool = False
    # A decision: the review page links to a page of its own that asks to confirm it, with a
    # comment (required where reason_required) kept with it in the plan's history.
    confirmed: bool = False


TRANSITIONS: list[Transition] = [
    Transition(
        "submit",
        (PlanStatus.DRAFT,),
        PlanStatus.SUBMITTED,
        frozenset({Actor.AUTHOR}),
        _("Send the plan for review"),
        _("The plan was sent to your team leads for review."),
    ),
    Transition(
        "request-changes",
        (PlanStatus.SUBMITTED, PlanStatus.RESUBMITTED),
        PlanStatus.CHANGES_REQUESTED,
        frozenset({Actor.LEAD}),
        _("Ask for changes"),
        _("The plan was sent back to its authors with your reason."),
        reason_required=True,
        confirmed=True,
    ),
    Transition(
        "resubmit",
        (PlanStatus.CHANGES_REQUESTED,),
        PlanStatus.RESUBMITTED,
        frozenset({Actor.AUTHOR}),
        _("Send the changed plan for review"),
        _("The changed plan was sent to your team leads for review."),
    ),
    Transition(
        "approve",
        (PlanStatus.SUBMITTED, PlanStatus.RESUBMITTED),
        PlanStatus.APPROVED,
        frozenset({Actor.LEAD}),
        _("Approve the plan"),
        _("The plan is approved."),
        confirmed=True,
    ),
    Transition(
        "reopen",
        (PlanStatus.APPROVED,),
        PlanStatus.DRAFT,
        frozenset({Actor.AUTHOR, Actor.LEAD}),
        _("Reopen as a new draft"),
        _("The plan is a draft again: its authors can change it and send it for review."),
        confirmed=True,
    ),
    Transition(
        "archive",
        (PlanStatus.APPROVED,),
        PlanStatus.ARCHIVED,
        frozenset({Actor.AUTHOR, Actor.LEAD}),
        _("Archive the plan"),
        _("The plan is archived."),
        confirmed=True,
    ),
]


TRANSITIONS_BY_SLUG: dict[str, Transition] = {t.slug: t for t in TRANSITIONS}


def actors_of(*, plan: Plan, user) -> set[Actor]:
    """What the user is to this plan: an author, a lead of its team, both or neither."""
    if not user.is_authenticated:
        return set()
    memberships = {m.role for m in user.memberships.all() if m.team_id == plan.team_id}
    actors = set()
    if memberships and (
        plan.owner_id == user.pk or any(c.pk == user.pk for c in plan.collaborators.all())
    ):
        actors.add(Actor.AUTHOR)
    if Role.TEAM_LEAD in memberships:
        actors.add(Actor.LEAD)
    return actors


def refusal(*, transition: Transition, plan: Plan, actors: set[Actor]) -> str | None:
    """Why this user may not make this change to this plan now, or None if they may."""
    if not actors & transition.actors:
        if transition.actors == {Actor.LEAD}:
            return _("Only a team lead of the plan’s team can do this.")
        return _("Only the plan’s owner and collaborators can do this.")
    if plan.status not in transition.sources:
        return _("This cannot be done while the plan’s status is “%(status)s”.") % {
            "status": plan.get_status_display()
        }
    return None


def transitions_for(*, plan: Plan, user) -> list[Transition]:
    """The changes of status this user may make to this plan now, in the table's order."""
    actors = actors_of(plan=plan, user=user)
    return [t for t in TRANSITIONS if refusal(transition=t, plan=plan, actors=actors) is None]
