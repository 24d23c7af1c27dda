"""Signed-in sessions end when idle or old, can be ended everywhere else, and what a signed-in
person is shown is never stored by the browser (ioi_planner/sessions.py, middleware.py)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from ioi_planner.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.factories import TEST_PASSWORD, PlanFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def shift(client: Client, key: str, seconds: float) -> None:
    """Move one of the session's clocks back, as if that much time had passed."""
    session = client.session
    session[key] -= seconds
    session.save()


def test_a_session_idle_longer_than_the_timeout_ends_and_says_why(alice, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    client = signed_in(alice)
    shift(client, LAST_SEEN, 29 * 60)
    assert client.get(reverse("account")).status_code == 200  # 29 minutes: still signed in
    shift(client, LAST_SEEN, 31 * 60)
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/account/"
    page = client.get(response["Location"]).content.decode()
    assert "not done anything for 30 minutes" in page
    assert client.get(reverse("account")).status_code == 302  # signed out for good


def test_activity_keeps_a_session_alive_but_not_past_its_lifetime(alice, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    settings.SESSION_MAX_AGE = timedelta(hours=12)
    client = signed_in(alice)
    shift(client, SIGNED_IN_AT, 11 * 3600)
    shift(client, LAST_SEEN, 20 * 60)
    assert client.get(reverse("account")).status_code == 200
    assert time_since_last_seen(client) < 5  # the request counted as activity
    shift(client, SIGNED_IN_AT, 3600 + 1)
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert "signed in for 12 hours" in client.get(response["Location"]).content.decode()


def time_since_last_seen(client: Client) -> float:
    import time

    return time.time() - client.session[LAST_SEEN]


def test_stay_signed_in_counts_as_activity(alice, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    client = signed_in(alice)
    shift(client, LAST_SEEN, 29 * 60)
    answer = client.post(
        reverse("session_extend"), {"next": "/plans/"}, headers={"Accept": "application/json"}
    ).json()
    assert 29 * 60 < answer["seconds_left"] <= 30 * 60
    # Without the script, the same form goes back to the page, never to another site.
    response = client.post(reverse("session_extend"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
    response = client.post(reverse("session_extend"), {"next": "/plans/"})
    assert response["Location"] == "/plans/"


def test_signing_out_everywhere_else_ends_the_other_sessions_only(alice, bob):
    here, elsewhere, someone_else = signed_in(alice), signed_in(alice), signed_in(bob)
    response = here.post(reverse("account_sign_out_elsewhere"))
    assert response["Location"] == reverse("account")
    assert "signed out of all your other devices" in here.get(reverse("account")).content.decode()
    assert elsewhere.get(reverse("account")).status_code == 302
    assert someone_else.get(reverse("account")).status_code == 200
    # A new sign-in elsewhere works, and does not end this one.
    again = signed_in(alice)
    assert again.get(reverse("account")).status_code == 200
    assert here.get(reverse("account")).status_code == 200


def test_the_warning_knows_how_long_is_left(alice, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    settings.SESSION_TIMEOUT_WARNING = timedelta(seconds=120)
    client = signed_in(alice)
    page = client.get(reverse("account")).content.decode()
    assert 'data-warning-seconds="120"' in page
    assert 'data-seconds-left="1800"' in page or 'data-seconds-left="1799"' in page
    assert "session-timeout" not in Client().get(reverse("home")).content.decode()


def test_signed_in_pages_and_downloads_are_not_stored(client, alice):
    plan = PlanFactory(owner=alice, team=alice.memberships.get().team)
    public = client.get(reverse("accessibility"))
    assert "no-store" not in public.get("Cache-Control", "")
    client.force_login(alice)
    for path in (
        reverse("home"),
        plan.get_absolute_url(),
        reverse("evaluation:evaluation_xlsx", kwargs={"plan_id": plan.pk}),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path


def test_every_page_switches_off_browser_features_it_does_not_use(client):
    policy = client.get(reverse("home"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
