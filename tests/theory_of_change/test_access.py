import pytest
from django.contrib.auth.models import AnonymousUser

from theory_of_change.access import plan_permissions, plans_editable_by, plans_visible_to
from theory_of_change.models import Plan, PlanStatus

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


def test_plan_permissions_answers_each_person_in_one_query(
    plan, alice, carol, lena, bob, django_assert_num_queries
):

    plan.collaborators.add(carol)
    plan.shared_with_team = True
    plan.save()
    with django_assert_num_queries(1):
        owner = plan_permissions(alice, plan)
    assert (owner.can_edit, owner.authors, owner.owns, owner.can_comment, owner.leads) == (
        True,
        True,
        True,
        True,
        False,
    )
    collaborator = plan_permissions(carol, plan)
    assert (collaborator.can_edit, collaborator.owns) == (True, False)
    lead = plan_permissions(lena, plan)
    assert (lead.can_edit, lead.authors, lead.can_comment, lead.leads) == (False, False, True, True)
    assert plan_permissions(bob, plan) == plan_permissions(AnonymousUser(), plan)
    assert not any(vars(plan_permissions(bob, plan)).values())


def test_an_author_of_a_submitted_plan_is_locked_out_of_it(plan, alice):

    plan.status = PlanStatus.SUBMITTED
    plan.save()
    may = plan_permissions(alice, plan)
    assert (may.locked, may.can_edit, may.can_edit_evaluation) == (True, False, True)
