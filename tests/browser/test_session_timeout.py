"""The warning before an idle session times out, in Chromium: shown in time with JavaScript on,
usable with the keyboard alone, accessible, and "Stay signed in" really keeps the session; with
JavaScript off nothing is shown and the session still ends on time (ioi_planner/sessions.py)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def short_sessions(settings):
    # The live server runs in this process, so these settings are its settings.
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=12)
    settings.SESSION_TIMEOUT_WARNING = timedelta(seconds=9)


def test_the_warning_comes_before_the_timeout_and_stay_signed_in_keeps_the_session(
    page, live_server, alice, short_sessions
):
    sign_in(page, live_server, alice.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/account/")
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    dialog.wait_for(state="visible", timeout=8_000)
    assert_accessible(page)
    # Focus is in the dialog, on its one action: Enter keeps the session.
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden")
    page.wait_for_timeout(4_000)  # past the moment the session would otherwise have ended
    page.goto(f"{live_server.url}/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account", use_inner_text=True)


def test_when_time_runs_out_the_dialog_says_so_and_keeps_the_page(
    page, live_server, alice, short_sessions
):
    sign_in(page, live_server, alice.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/account/")
    signed_out = page.get_by_role("dialog", name="You have been signed out")
    signed_out.wait_for(state="visible", timeout=16_000)
    assert page.url.endswith("/account/")  # nothing typed on the page is thrown away
    assert page.evaluate("document.activeElement.textContent.trim()") == "Sign in again"
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/sign-in/?next=/account/")
    assert "not done anything for" in page.content()


def test_without_javascript_no_warning_shows_and_the_session_still_ends(
    page_without_js, live_server, alice, short_sessions
):
    page = page_without_js
    sign_in(page, live_server, alice.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/account/")
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.wait_for_timeout(13_000)
    page.goto(f"{live_server.url}/account/")
    assert "/sign-in/" in page.url
    assert "not done anything for" in page.content()
