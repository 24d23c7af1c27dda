"""Restoring a plan to an earlier version, from that version's snapshot.

A restore is a change like any other: it claims the next version and is kept as a new version
(see versioning.py), so it can itself be undone. The snapshot is loaded by loader.py, the same
loader that starts a plan from a worked example.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ioi_planner.models import User
from theory_of_change.loader import snapshot_load
from theory_of_change.models import Plan, PlanVersion
from theory_of_change.versioning import plan_change


def plan_restore(*, plan: Plan, version: int, number: int, user: User | None = None) -> list[str]:
    """Bring back an earlier version's content as a new version: nothing is overwritten, and
    the plan's history keeps every version in between. Its sharing is left as it is now.
    Returns what could not be brought back."""
    recorded = PlanVersion.objects.filter(plan=plan, number=number).first()
    if recorded is None:
        raise ValidationError(_("There is no version %(number)d of this plan") % {"number": number})
    with plan_change(
        plan=plan,
        version=version,
        user=user,
        section="restore",
        action="restore",
        reason=_("Restored version %(number)d") % {"number": number},
    ):
        return snapshot_load(plan, recorded.snapshot, copy=False)
