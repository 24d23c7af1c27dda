"""Leavers: deactivation ends a person's access at once, hands their plans over (recorded in
each plan's history), ends their invitations and collaborations, and deletes nothing; a former
member's personal data can then be erased."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user
from django.urls import reverse
from django.utils.html import escape

from ioi_planner.invitations import invitation_create
from ioi_planner.models import AuditEvent, AuditKind, Membership, Role
from tests.factories import TEST_PASSWORD, MembershipFactory, PlanFactory
from theory_of_change.models import Plan, PlanVersion, ReviewComment

pytestmark = pytest.mark.django_db


def deactivate_url(person) -> str:
    return reverse("council_person_deactivate", kwargs={"pk": person.pk})


def test_deactivating_hands_plans_over_and_ends_access_at_once(
    client, council_admin, alice, carol, lena, team
):
    plan = PlanFactory(owner=alice, team=team, title="Language café")
    theirs = PlanFactory(owner=lena, team=team, shared_with_team=True)
    theirs.collaborators.add(alice)
    alices_session = client.__class__()
    alices_session.force_login(alice)
    assert alices_session.get(plan.get_absolute_url()).status_code == 200
    invitation = invitation_create(
        council=team.organisation,
        email=alice.email.replace("alice", "alice2"),
        full_name="A",
        teams=[team],
        role=Role.OFFICER,
        request=None,
    )

    client.force_login(council_admin)
    response = client.post(deactivate_url(alice), {"successor": carol.pk})
    assert response.status_code == 302

    alice.refresh_from_db()
    assert not alice.is_active
    assert not Membership.objects.filter(user=alice).exists()
    plan.refresh_from_db()
    assert plan.owner == carol
    assert not theirs.collaborators.filter(pk=alice.pk).exists()
    handed = PlanVersion.objects.get(plan=plan, action="hand-over")
    assert handed.author == council_admin
    assert "left the council" in handed.reason
    assert PlanVersion.objects.filter(plan=theirs, action="collaborator-remove").exists()
    assert Plan.objects.filter(pk=plan.pk).exists()  # nothing deleted
    # Her open session ends on its next request.
    assert alices_session.get(plan.get_absolute_url()).status_code == 302
    refused = alices_session.post(
        reverse("login"), {"username": alice.email, "password": TEST_PASSWORD}
    )
    assert refused.status_code == 200
    assert not get_user(alices_session).is_authenticated
    invitation.refresh_from_db()
    assert invitation.revoked_at is None  # another address's invitation stays
    assert AuditEvent.objects.filter(kind=AuditKind.DEACTIVATED, person=alice).exists()
    client.force_login(carol)
    history = client.get(reverse("theory_of_change:plan_history", kwargs={"plan_id": plan.pk}))
    assert f"Handed the plan over to “{escape(str(carol))}”" in history.content.decode()


def test_the_successor_must_be_in_the_plans_team_and_nothing_changes_otherwise(
    client, council_admin, alice, bob, team
):
    plan = PlanFactory(owner=alice, team=team)
    client.force_login(council_admin)
    response = client.post(deactivate_url(alice), {"successor": bob.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not in" in page
    assert "choose someone in that team" in page
    alice.refresh_from_db()
    assert alice.is_active
    plan.refresh_from_db()
    assert plan.owner == alice


def test_a_teams_only_lead_needs_a_new_lead_before_they_go(
    client, council_admin, lena, alice, carol, team
):
    client.force_login(council_admin)
    form = client.get(deactivate_url(lena)).content.decode()
    assert f"New lead of {team.name}" in form
    refused = client.post(deactivate_url(lena), {"successor": alice.pk})
    assert refused.status_code == 200
    assert f"Choose a new lead for {team.name}" in refused.content.decode()
    lena.refresh_from_db()
    assert lena.is_active

    done = client.post(deactivate_url(lena), {"successor": alice.pk, f"lead_{team.pk}": carol.pk})
    assert done.status_code == 302
    assert Membership.objects.get(user=carol, team=team).role == Role.TEAM_LEAD


def test_an_admin_cannot_deactivate_themselves_nor_another_councils_people(
    client, council_admin, charlie, alice
):
    MembershipFactory(user=council_admin, team=alice.memberships.get().team)
    client.force_login(council_admin)
    assert client.get(deactivate_url(council_admin)).status_code == 404
    assert client.post(deactivate_url(charlie), {"successor": alice.pk}).status_code == 404
    charlie.refresh_from_db()
    assert charlie.is_active


def test_erasing_a_former_member_keeps_their_work_as_by_a_former_member(
    client, council_admin, alice, carol, team
):
    plan = PlanFactory(owner=alice, team=team)
    comment = ReviewComment.objects.create(
        plan=plan, section="domains", author=alice, text="Looks right"
    )
    AccessAttempt.objects.create(
        username=alice.email,
        ip_address="198.51.100.7",
        failures_since_start=1,
        user_agent="",
        path_info="/sign-in/",
        get_data="",
        post_data="",
    )
    client.post(reverse("login"), {"username": alice.email, "password": TEST_PASSWORD})
    assert AuditEvent.objects.filter(actor=alice).exclude(address=None).exists()
    client.force_login(council_admin)
    erase = reverse("council_person_erase", kwargs={"pk": alice.pk})
    assert client.get(erase).status_code == 404  # deactivate first
    client.post(deactivate_url(alice), {"successor": carol.pk})
    old_email = alice.email
    assert client.post(erase).status_code == 302

    alice.refresh_from_db()
    assert alice.full_name == "Former member"
    assert old_email not in alice.email
    assert alice.erased_at
    assert not alice.has_usable_password()
    comment.refresh_from_db()
    assert comment.author == alice  # the contribution stays
    assert not AccessAttempt.objects.filter(username=old_email).exists()
    assert not AuditEvent.objects.filter(actor=alice).exclude(address=None).exists()
    assert AuditEvent.objects.filter(kind=AuditKind.ERASED, person=alice).exists()
    page = client.get(reverse("council_home")).content.decode()
    assert old_email not in page
    assert "Former member" in page
    assert client.post(erase).status_code == 404  # once only


def test_someone_with_no_plans_is_deactivated_without_choosing_a_successor(
    client, council_admin, bob
):
    client.force_login(council_admin)
    form = client.get(deactivate_url(bob)).content.decode()
    assert "Who takes over their plans?" not in form
    assert client.post(deactivate_url(bob), {}).status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active
