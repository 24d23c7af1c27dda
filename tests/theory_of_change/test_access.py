import pytest

from ioi_planner.access import plans_editable_by, plans_visible_to
from theory_of_change.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team, alice):
    return Plan.objects.create(team=team, owner=alice, title="Friendship club")


def test_the_owner_sees_and_edits_their_draft(plan, alice):
    assert plan in plans_visible_to(alice)
    assert plan in plans_editable_by(alice)


def test_the_team_sees_a_plan_only_once_it_is_shared(plan, carol, lena):
    assert plan not in plans_visible_to(carol)
    assert plan not in plans_visible_to(lena)
    plan.shared_with_team = True
    plan.save()
    assert plan in plans_visible_to(carol)
    assert plan in plans_visible_to(lena)
    assert plan not in plans_editable_by(carol)
    assert plan not in plans_editable_by(lena)


def test_collaborators_see_and_edit_without_duplicates(plan, carol):
    plan.collaborators.add(carol)
    plan.shared_with_team = True
    plan.save()
    assert list(plans_visible_to(carol)) == [plan]
    assert list(plans_editable_by(carol)) == [plan]


def test_nobody_outside_the_team_or_council_sees_a_shared_plan(plan, bob, charlie, admin_user):
    plan.shared_with_team = True
    plan.save()
    for user in (bob, charlie, admin_user):
        assert plan not in plans_visible_to(user)
        assert plan not in plans_editable_by(user)


def test_the_plan_page_answers_404_outside_the_plan_audience(client, plan, alice, charlie):
    client.force_login(charlie)
    assert client.get(plan.get_absolute_url()).status_code == 404
    client.force_login(alice)
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 200
    assert "Friendship club" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in/")
