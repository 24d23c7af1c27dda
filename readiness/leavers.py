"""What happens to a leaver's Exercise 1 worksheets (ioi_planner.leavers' registry): they go to
the successor the council admin chose, like their plans; with no successor they are deleted
(nobody else could ever open them)."""

from ioi_planner.leavers import leaving_step
from ioi_planner.models import User

from .models import Exercise


@leaving_step
def exercises_hand_over(person: User, successor: User | None, actor: User | None) -> None:
    worksheets = Exercise.objects.filter(owner=person)
    if successor is None:
        worksheets.delete()
    else:
        worksheets.update(owner=successor)
