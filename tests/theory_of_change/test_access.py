import pytest
from django.contrib.auth.models import AnonymousUser

from tests.test_access_matrix import world as world  # noqa: F401, PLC0414 - the matrix's people
from theory_of_change.access import (
    plan_permissions,
    plans_authored_by,
    plans_commentable_by,
    plans_editable_by,
    plans_evaluation_editable_by,
    plans_led_by,
    plans_owned_by,
    plans_visible_to,
)
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


def test_plan_permissions_agree_with_the_querysets_for_every_role_and_status(world):
    """plan_permissions works the rules out for one plan; the querysets say them for all plans.
    For every person of the access matrix, every status, shared or not, they must agree."""
    scopes = {
        "can_edit": plans_editable_by,
        "can_edit_evaluation": plans_evaluation_editable_by,
        "authors": plans_authored_by,
        "owns": plans_owned_by,
        "can_comment": plans_commentable_by,
        "leads": plans_led_by,
    }
    plan = world.plan
    users = [AnonymousUser() if user is None else user for user in world.users.values()]
    compared = 0
    for status in PlanStatus:
        for shared in (True, False):
            Plan.objects.filter(pk=plan.pk).update(status=status, shared_with_team=shared)
            plan.refresh_from_db()
            for user in users:
                expected = {
                    name: scope(user).filter(pk=plan.pk).exists() for name, scope in scopes.items()
                }
                assert vars(plan_permissions(user, plan)) == expected, (user, status, shared)
                compared += 1
    assert compared == len(PlanStatus) * 2 * len(users)
    assert len(users) >= 13, "every role of the access matrix"
