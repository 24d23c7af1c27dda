"""What happens to a leaver's readiness work (ioi_planner.leavers' registry): their Exercise 1
worksheets go to the successor the council admin chose, like their plans, and with no successor
are deleted (nobody else could ever open them); their open actions go to the successor, or are
left with no owner for the team to give to someone."""

from ioi_planner.leavers import leaving_step
from ioi_planner.models import User

from .models import Action, Exercise


@leaving_step
def exercises_hand_over(person: User, successor: User | None, actor: User | None) -> None:
    worksheets = Exercise.objects.filter(owner=person)
    if successor is None:
        worksheets.delete()
    else:
        worksheets.update(owner=successor)


@leaving_step
def actions_hand_over(person: User, successor: User | None, actor: User | None) -> None:
    """Their open readiness actions go to the successor where the successor is in the action's
    team (an action's owner is always someone in the team); the others wait for a new owner."""
    actions = Action.objects.filter(owner=person, done_on__isnull=True)
    if successor is not None:
        actions.filter(assessment__team__memberships__user=successor).update(owner=successor)
    actions.update(owner=None)
