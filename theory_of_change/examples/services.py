"""Starting a plan from a worked example: the example's snapshot is loaded into a new draft
plan by the same loader a restore uses (loader.py)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ioi_planner.access import teams_of
from ioi_planner.models import Team, User
from theory_of_change.examples.catalogue import example_by_slug
from theory_of_change.loader import snapshot_load
from theory_of_change.models import Plan
from theory_of_change.versioning import plan_version_record


@dataclass
class ExampleCopy:
    plan: Plan
    notes: list[str] = field(default_factory=list)


@transaction.atomic
def plan_create_from_example(*, example_slug: str, team: Team, user: User) -> ExampleCopy:
    """Copy a worked example into a new draft plan owned by the user, in one of their teams;
    every part and link is copied, and what cannot be copied is listed in the notes."""
    example = example_by_slug(example_slug)
    if not teams_of(user).filter(pk=team.pk).exists():
        raise ValidationError(_("Select one of your own teams."), code="team")
    plan = Plan.objects.create(team=team, owner=user, title=example.title, example=example.slug)
    notes = snapshot_load(plan, example.snapshot, copy=True)
    plan_version_record(
        plan=plan, user=user, section="plan", action="example", subject=example.title
    )
    return ExampleCopy(plan=plan, notes=notes)
