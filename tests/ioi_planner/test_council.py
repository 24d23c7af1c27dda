"""A council admin runs their own council's people and teams, and no other council's."""

import re

import pytest
from django.urls import reverse

from ioi_planner.models import AuditEvent, AuditKind, Membership, Role
from tests.factories import MembershipFactory
from theory_of_change.models import Plan

pytestmark = pytest.mark.django_db


def person_url(person) -> str:
    return reverse("council_person", kwargs={"pk": person.pk})


def teams_data(*pairs) -> dict:
    return {f"team_{team.pk}": role for team, role in pairs}


def test_the_council_page_lists_its_own_people_only(client, council_admin, alice, lena, charlie):
    client.force_login(council_admin)
    page = client.get(reverse("council_home")).content.decode()
    assert alice.email in page
    assert lena.email in page
    assert charlie.email not in page
    assert "Lead:" in page
    header = client.get(reverse("home")).content.decode()
    assert 'href="/council/">Your council<' in header


def test_moving_a_person_takes_their_old_team_s_plans_away_at_once(
    client, council_admin, alice, team, other_team
):
    plan = Plan.objects.create(team=team, owner=alice, title="Unshared draft")
    alice_client = client.__class__()
    alice_client.force_login(alice)
    assert alice_client.get(plan.get_absolute_url()).status_code == 200
    client.force_login(council_admin)
    response = client.post(person_url(alice), teams_data((team, ""), (other_team, Role.OFFICER)))
    assert response["Location"] == reverse("council_home")
    assert list(alice.memberships.values_list("team__name", flat=True)) == [other_team.name]
    assert alice_client.get(plan.get_absolute_url()).status_code == 404


def test_the_last_lead_of_a_team_is_not_removed_and_the_choice_is_kept(
    client, council_admin, lena, team, other_team
):
    client.force_login(council_admin)
    response = client.post(
        person_url(lena), teams_data((team, Role.OFFICER), (other_team, Role.TEAM_LEAD))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is the only team lead of Integration" in page
    assert page.count("<title>Error: ") == 1
    # What was chosen for the other team is kept on the form.
    chosen = re.search(rf'name="team_{other_team.pk}"[^>]*value="team_lead"\s*checked', page)
    assert chosen is not None
    assert Membership.objects.get(user=lena, team=team).role == Role.TEAM_LEAD
    assert not Membership.objects.filter(user=lena, team=other_team).exists()  # nothing saved
    # With another lead in the team, the same change goes through.
    MembershipFactory(team=team, role=Role.TEAM_LEAD)
    response = client.post(
        person_url(lena), teams_data((team, Role.OFFICER), (other_team, Role.TEAM_LEAD))
    )
    assert response.status_code == 302


def test_a_person_is_kept_in_at_least_one_team(client, council_admin, alice, team, other_team):
    client.force_login(council_admin)
    page = client.post(person_url(alice), teams_data((team, ""), (other_team, ""))).content.decode()
    assert "Choose at least one team" in page
    # The summary's link goes to the first team's radios, where the answer is missing (the
    # council-admin checkbox below them may be disabled, and a link to it focuses nothing).
    first_team = min((team, other_team), key=lambda t: t.name)
    assert f'<a href="#id_team_{first_team.pk}_1">Choose at least one team' in page
    assert f'id="id_team_{first_team.pk}_1"' in page
    assert alice.memberships.count() == 1


def test_nothing_of_another_council_can_be_seen_or_changed(client, council_admin, charlie):
    client.force_login(council_admin)
    assert client.get(person_url(charlie)).status_code == 404
    team = charlie.memberships.get().team
    assert client.post(person_url(charlie), teams_data((team, ""))).status_code == 404
    assert charlie.memberships.count() == 1


def test_an_unknown_role_is_refused_clearly(client, council_admin, alice, team):
    client.force_login(council_admin)
    page = client.post(person_url(alice), teams_data((team, "boss"))).content.decode()
    assert "govuk-error-summary" in page
    assert Membership.objects.get(user=alice).role == Role.OFFICER


def test_officers_leads_and_deactivated_admins_have_no_council_page(
    client, council_admin, alice, lena
):
    for user in (alice, lena):
        client.force_login(user)
        assert client.get(reverse("council_home")).status_code == 404
    council_admin.is_active = False
    council_admin.save()
    client.force_login(council_admin)
    assert client.get(reverse("council_home")).status_code != 200


def test_an_admin_makes_someone_council_admin_but_cannot_unmake_themselves(
    client, council_admin, alice, team
):
    MembershipFactory(user=council_admin, team=team)
    client.force_login(council_admin)
    client.post(person_url(alice), {**teams_data((team, "officer")), "is_council_admin": "on"})
    alice.refresh_from_db()
    assert alice.is_council_admin
    assert AuditEvent.objects.filter(
        kind=AuditKind.TEAMS_CHANGED, person=alice, detail__contains="council admin: yes"
    ).exists()
    # Their own box is shown switched off for changes, and a POST without it changes nothing.
    page = client.get(person_url(council_admin)).content.decode()
    assert re.search(r'name="is_council_admin"[^>]*disabled', page)
    client.post(person_url(council_admin), teams_data((team, "officer")))
    council_admin.refresh_from_db()
    assert council_admin.is_council_admin
