import pytest

from ..factories import OutcomeFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_the_plan_page_shows_each_principle_with_its_named_gaps(client, team, alice):
    plan = PlanFactory(team=team, owner=alice, title="Language café", place="Northgate")
    OutcomeFactory(plan=plan, text="Women speak English daily")
    client.force_login(alice)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Integration is multi-dimensional" in html
    assert "Integration is context specific" in html
    assert "Outcome ‘Women speak English daily’ has no indicator" in html
    assert "No domains are chosen yet" in html
    assert "The place is not given" not in html
