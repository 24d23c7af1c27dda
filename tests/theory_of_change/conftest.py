import pytest

from domains.models import Domain
from theory_of_change.models import Activity, Assumption, Barrier, Outcome, Output, Plan


@pytest.fixture
def plan(team, alice, carol):
    """alice's plan, with carol as a collaborator; not shared with the team."""
    plan = Plan.objects.create(team=team, owner=alice, title="Friendship club")
    plan.collaborators.add(carol)
    return plan


@pytest.fixture
def other_plan(beta_team, charlie):
    return Plan.objects.create(team=beta_team, owner=charlie, title="Charlie's café")


@pytest.fixture
def chain(plan):
    """One outcome ← output ← activity, a barrier and an assumption about the barrier."""
    outcome = Outcome.objects.create(plan=plan, text="Neighbours meet weekly", position=1)
    output = Output.objects.create(plan=plan, text="40 club sessions", position=1)
    output.outcomes.add(outcome)
    activity = Activity.objects.create(plan=plan, text="Run the club", position=1)
    activity.outputs.add(output)
    barrier = Barrier.objects.create(plan=plan, text="No childcare", position=1)
    assumption = Assumption.objects.create(
        plan=plan, text="Parents come if childcare is offered", barrier=barrier, position=1
    )
    return {
        "outcome": outcome,
        "output": output,
        "activity": activity,
        "barrier": barrier,
        "assumption": assumption,
    }


@pytest.fixture
def one_domain_of_each_type():
    return [
        Domain.objects.filter(type__slug=slug).order_by("number").first()
        for slug in ("markers-and-means", "social-connections", "facilitators", "foundation")
    ]
