"""The demo plan `seed_demo` adds."""

from django.db import transaction

from ioi_planner.models import Membership, User
from theory_of_change.examples.catalogue import example_by_slug
from theory_of_change.examples.services import plan_create_from_example
from theory_of_change.models import Plan
from theory_of_change.review.services import plan_transition

DEMO_OFFICER = "officer@demo.example"
DEMO_EXAMPLE = "friendship-club"


@transaction.atomic
def demo_plan() -> str:
    """A plan for the demo officer's team, made from a worked example and submitted by the
    officer, so it waits for the demo team lead's review; left alone if it is there already, so
    a second run changes nothing."""
    officer = User.objects.get(email=DEMO_OFFICER)
    team = Membership.objects.select_related("team").filter(user=officer).first().team
    existing = Plan.objects.filter(team=team, owner=officer, example=DEMO_EXAMPLE).first()
    if existing is not None:
        return f"Demo plan already there: {existing.title}."
    copy = plan_create_from_example(example_slug=DEMO_EXAMPLE, team=team, user=officer)
    plan = Plan.objects.get(pk=copy.plan.pk)
    # Submitting shares it with the team and tells the team lead, as it would in the app.
    plan_transition(plan=plan, user=officer, slug="submit", version=plan.version)
    title = example_by_slug(DEMO_EXAMPLE).title
    return " ".join(
        [f"Demo plan ready: {title}, submitted for review in {team.name}.", *copy.notes]
    )
