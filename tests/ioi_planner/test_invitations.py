"""Joiners: a council admin invites by email; the link works once, until it expires, unless
withdrawn; accepting sets a password and signs in, in the invited teams and role."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ioi_planner.invitations import invitation_create
from ioi_planner.models import AuditEvent, AuditKind, Invitation, Membership, Role
from tests.factories import sign_in_with_two_factor

pytestmark = pytest.mark.django_db

STRONG = "correct horse battery staple"


def invite(client, council_admin, team, capture, **overrides):
    client.force_login(council_admin)
    data = {
        "full_name": "Nia Newcomer",
        "email": "Nia@Alpha.example",
        "teams": [team.pk],
        "role": "officer",
        **overrides,
    }
    with capture(execute=True):
        return client.post(reverse("council_invite"), data)


def link_in(message) -> str:
    return re.search(r"/invitation/[\w-]+/", message.body).group(0)


def test_an_invited_officer_joins_from_the_emailed_link(
    client, council_admin, team, alpha, django_capture_on_commit_callbacks
):
    response = invite(client, council_admin, team, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["nia@alpha.example"]
    assert "7 days" in message.body
    link = link_in(message)
    invitation = Invitation.objects.get()
    assert link.split("/")[2] not in invitation.token_hash  # only the hash is kept

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Join IOI Planner" in page.content.decode()
    response = client.post(
        link,
        {"full_name": "Nia Newcomer", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302
    person = get_user(client)
    assert person.is_authenticated
    assert person.email == "nia@alpha.example"
    assert person.organisation == alpha
    assert Membership.objects.get(user=person).team == team
    assert person.check_password(STRONG)
    assert AuditEvent.objects.filter(kind=AuditKind.INVITATION_ACCEPTED, person=person).exists()

    client.logout()
    used = client.get(link)
    assert used.status_code == 410
    assert "already been used" in used.content.decode()


def test_a_weak_password_is_refused_and_the_name_typed_is_kept(
    client, council_admin, team, django_capture_on_commit_callbacks
):
    invite(client, council_admin, team, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.logout()
    response = client.post(
        link, {"full_name": "Nia N. Changed", "new_password1": "short", "new_password2": "short"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "12 characters or more" in page
    assert 'value="Nia N. Changed"' in page
    assert not Invitation.objects.get().accepted_at


def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(
    client, council_admin, team, django_capture_on_commit_callbacks
):
    invite(client, council_admin, team, django_capture_on_commit_callbacks)
    old = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("council_invitation_resend", kwargs={"pk": invitation.pk}))
    new = link_in(mail.outbox[1])
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_withdrawn_or_expired_invitation_says_so_and_changes_nothing(
    client, council_admin, team, django_capture_on_commit_callbacks
):
    invite(client, council_admin, team, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.logout()
    expired = client.get(link)
    assert expired.status_code == 410
    assert "has expired" in expired.content.decode()

    client.force_login(council_admin)
    client.post(reverse("council_invitation_withdraw", kwargs={"pk": invitation.pk}))
    client.logout()
    response = client.post(
        link, {"full_name": "Nia", "new_password1": STRONG, "new_password2": STRONG}
    )
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not Membership.objects.filter(user__email="nia@alpha.example").exists()


def test_inviting_a_member_or_someone_invited_already_is_refused_with_what_was_typed_kept(
    client, council_admin, team, alice, django_capture_on_commit_callbacks
):
    response = invite(
        client, council_admin, team, django_capture_on_commit_callbacks, email=alice.email
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "already a member of your council" in page
    assert 'value="Nia Newcomer"' in page

    invite(client, council_admin, team, django_capture_on_commit_callbacks)
    again = invite(client, council_admin, team, django_capture_on_commit_callbacks)
    assert "has already been invited" in again.content.decode()
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_inviting_someone_with_an_account_elsewhere_reveals_nothing_to_the_admin(
    client, council_admin, team, charlie, django_capture_on_commit_callbacks
):
    """The admin sees the same answer as for a stranger; only the link's holder learns that
    their account belongs to another council, and nothing moves."""
    stranger = invite(
        client, council_admin, team, django_capture_on_commit_callbacks, email="new@x.example"
    )
    elsewhere = invite(
        client, council_admin, team, django_capture_on_commit_callbacks, email=charlie.email
    )
    assert stranger.status_code == elsewhere.status_code == 302
    assert stranger.url == elsewhere.url
    client.logout()
    page = client.get(link_in(mail.outbox[1]))
    assert page.status_code == 410
    assert "another council" in page.content.decode()
    charlie.refresh_from_db()
    assert charlie.memberships.get().team.organisation.slug != team.organisation.slug


def test_an_admin_cannot_invite_into_or_manage_another_council(
    client, council_admin, beta_team, django_capture_on_commit_callbacks
):
    response = invite(client, council_admin, beta_team, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    theirs = invitation_create(
        council=beta_team.organisation,
        email="x@beta.example",
        full_name="X",
        teams=[beta_team],
        role=Role.OFFICER,
    )
    url = reverse("council_invitation_withdraw", kwargs={"pk": theirs.pk})
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_unknown_links_are_limited_per_address(client, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 3
    for _ in range(3):
        assert client.get("/invitation/guess/").status_code == 404
    assert client.get("/invitation/guess/").status_code == 429
    other = client.get("/invitation/guess/", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 404


def test_unknown_links_behind_the_proxy_are_counted_per_client(client, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        client.get("/invitation/guess/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client.get("/invitation/guess/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get("/invitation/guess/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 404


def test_staff_create_a_council_and_invite_its_first_admin(
    client, admin_user, django_capture_on_commit_callbacks
):
    sign_in_with_two_factor(client, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("council_create"),
            {
                "name": "Gamma Borough Council",
                "nation": "wales",
                "team_name": "Resettlement",
                "admin_name": "Gwen Admin",
                "admin_email": "gwen@gamma.example",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.as_council_admin
    assert invitation.role == Role.TEAM_LEAD
    link = link_in(mail.outbox[0])
    client.logout()
    client.post(link, {"full_name": "Gwen Admin", "new_password1": STRONG, "new_password2": STRONG})
    gwen = get_user(client)
    assert gwen.is_council_admin
    assert client.get(reverse("council_home")).status_code == 200

    sign_in_with_two_factor(client, admin_user)
    again = client.post(
        reverse("council_create"),
        {
            "name": "gamma borough council",
            "nation": "wales",
            "team_name": "Other",
            "admin_name": "Someone",
            "admin_email": "someone@gamma.example",
        },
    )
    assert "There is already a council called" in again.content.decode()
    assert 'value="Other"' in again.content.decode()


def test_an_invitation_in_welsh_is_written_in_welsh_and_the_account_keeps_it(
    client, council_admin, team, django_capture_on_commit_callbacks
):
    invite(client, council_admin, team, django_capture_on_commit_callbacks, language="cy")
    [message] = mail.outbox
    assert message.subject.startswith("Rydych wedi cael gwahoddiad i IOI Planner")
    assert Invitation.objects.get().language == "cy"

    client.logout()
    link = link_in(message)
    client.post(
        link, {"full_name": "Nia Newcomer", "new_password1": STRONG, "new_password2": STRONG}
    )
    person = get_user(client)
    assert person.language == "cy"
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="cy"' in page


def test_the_invitation_form_offers_each_language_named_in_itself_the_admins_first(
    client, council_admin
):
    client.force_login(council_admin)
    page = client.get(reverse("council_invite"), headers={"accept-language": "cy"})
    form = page.context["form"]
    assert dict(form.fields["language"].choices) == {"en-gb": "English", "cy": "Cymraeg"}
    assert form.fields["language"].initial == "cy"


def test_someone_with_an_account_gets_the_invitation_in_their_own_language(
    client, council_admin, team, django_capture_on_commit_callbacks, django_user_model
):
    django_user_model.objects.create_user(email="nia@alpha.example", language="en-gb")
    invite(client, council_admin, team, django_capture_on_commit_callbacks, language="cy")
    [message] = mail.outbox
    assert message.subject.startswith("You are invited to IOI Planner")
