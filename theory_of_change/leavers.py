"""What happens to a leaver's plans (registered with ioi_planner.leavers): each plan they own
goes to the successor the council admin chose, and they stop collaborating on every plan.
Both are recorded in each plan's history, as changes made by the admin."""

from django.utils.translation import gettext as _

from ioi_planner.leavers import leaving_check, leaving_step
from ioi_planner.models import Team, User
from theory_of_change.models import Plan
from theory_of_change.versioning import plan_change


@leaving_check
def successor_in_plans_teams(person: User, successor: User | None) -> list[str]:
    """Someone must take over the leaver's plans, and be in the team of every plan they are
    given, or they could not open it."""
    if successor is None:
        if Plan.objects.filter(owner=person).exists():
            return [_("Choose who takes over their plans")]
        return []
    teams = (
        Team.objects.filter(plans__owner=person)
        .exclude(memberships__user=successor)
        .distinct()
        .order_by("name")
    )
    return [
        _(
            "%(successor)s is not in %(team)s, which has plans %(person)s owns: choose someone "
            "in that team, or add %(successor)s to it first"
        )
        % {"successor": successor, "team": team.name, "person": person}
        for team in teams
    ]


@leaving_step
def plans_hand_over(person: User, successor: User | None, actor: User | None) -> None:
    reason = _("%(person)s left the council") % {"person": person}
    owned = Plan.objects.filter(owner=person) if successor is not None else Plan.objects.none()
    for plan in owned.order_by("created_at"):
        with plan_change(
            plan=plan,
            version=plan.version,
            user=actor,
            section="owner",
            action="hand-over",
            subject=successor,
            reason=reason,
        ):
            plan.owner = successor
            plan.save(update_fields=["owner"])
            plan.collaborators.remove(successor)
    for plan in Plan.objects.filter(collaborators=person).order_by("created_at"):
        with plan_change(
            plan=plan,
            version=plan.version,
            user=actor,
            section="collaborators",
            action="collaborator-remove",
            subject=person,
            reason=reason,
        ):
            plan.collaborators.remove(person)
