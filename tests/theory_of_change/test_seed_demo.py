import pytest
from django.core.management import call_command

from ioi_planner.models import User
from theory_of_change.access import plans_led_by, plans_visible_to
from theory_of_change.models import Notification, Plan, PlanStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_demo_plan_shared_with_the_officers_team_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    plan = Plan.objects.get()
    officer = User.objects.get(email="officer@demo.example")
    assert plan.owner == officer
    assert plan.example == "friendship-club"
    assert plan.shared_with_team
    # The officer submitted it, so it waits for the demo team lead.
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.transitions.get().by == officer
    lead = User.objects.get(email="lead@demo.example")
    assert plan in plans_led_by(lead)
    assert Notification.objects.filter(user=lead, plan=plan, kind="submitted").exists()
    assert plan.outcomes.count() == 3
    assert plan in plans_visible_to(User.objects.get(email="lead@demo.example"))
    assert plan not in plans_visible_to(User.objects.get(email="other-officer@demo.example"))
    assert "Demo plan ready" in capsys.readouterr().out

    call_command("seed_demo")
    assert Plan.objects.get() == plan
    assert plan.outcomes.count() == 3
    assert "Demo plan already there" in capsys.readouterr().out
    assert plan.transitions.count() == 1
