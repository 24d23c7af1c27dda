"""The audit log: sign-ins and failures with the client's real address, account changes and
plan exports downloaded; a council admin reads their own council's entries, no other's."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ioi_planner.models import Attempt, AuditEvent, AuditKind
from tests.factories import TEST_PASSWORD, PlanFactory

pytestmark = pytest.mark.django_db


def test_sign_ins_and_failures_are_recorded_with_the_address_behind_the_proxy(
    client, alice, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.20"}
    client.post(reverse("login"), {"username": alice.email, "password": "wrong"}, **proxy)
    client.post(reverse("login"), {"username": alice.email, "password": TEST_PASSWORD}, **proxy)
    failed = AuditEvent.objects.get(kind=AuditKind.SIGN_IN_FAILED)
    assert failed.person == alice
    assert failed.address == "198.51.100.20"
    signed_in = AuditEvent.objects.get(kind=AuditKind.SIGNED_IN)
    assert signed_in.actor == alice
    assert signed_in.council == alice.organisation
    assert signed_in.address == "198.51.100.20"


def test_a_council_admin_reads_their_own_councils_log_only(
    client, alpha, council_admin, alice, charlie
):
    AuditEvent.objects.create(kind=AuditKind.SIGNED_IN, actor=alice, council=alpha)
    AuditEvent.objects.create(kind=AuditKind.SIGNED_IN, actor=charlie, council=charlie.organisation)
    client.force_login(council_admin)
    page = client.get(reverse("council_audit")).content.decode()
    assert escape(str(alice)) in page
    assert escape(str(charlie)) not in page


def test_password_changes_and_exports_downloaded_are_recorded(client, alice, team):
    plan = PlanFactory(owner=alice, team=team, title="Language café")
    client.force_login(alice)
    client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "a brand new long password",
            "new_password2": "a brand new long password",
        },
    )
    assert AuditEvent.objects.filter(kind=AuditKind.PASSWORD_CHANGED, person=alice).exists()
    response = client.get(reverse("evaluation:evaluation_xlsx", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditKind.EXPORT_DOWNLOADED)
    assert plan.title in event.detail
    assert event.council_id == plan.team.organisation_id


def test_reset_requests_are_limited_per_address_and_one_email_a_minute(client, alice, settings):
    settings.SIGN_IN_ADDRESS_LIMIT = 4
    url = reverse("password_reset")
    for _ in range(2):
        assert client.post(url, {"email": alice.email}).status_code == 302
    # The second within the minute: the same answer, and no second email.
    assert len(mail.outbox) == 1
    # A minute later a reset works again, whoever asked in between.
    Attempt.objects.update(at=timezone.now() - timedelta(seconds=61))
    assert client.post(url, {"email": alice.email}).status_code == 302
    assert len(mail.outbox) == 2
    assert client.post(url, {"email": "someone@else.example"}).status_code == 302
    # Four requests from this address: the fifth is refused, from another address it is not.
    assert client.post(url, {"email": alice.email}).status_code == 429
    assert client.post(url, {"email": alice.email}, REMOTE_ADDR="203.0.113.5").status_code == 302
