"""A person who has forgotten their password resets it from the email and signs in, with the
keyboard only, with JavaScript on and off, every page checked with axe; then changes it."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

from .conftest import assert_accessible
from .test_wizard_journey import tab_to, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "kettle orchard lantern"
NEWER = "violet harbour teaspoon"


def press(page, role: str, name: str, *, exact: bool = False) -> None:
    """Tab to a link or button and press Enter: a new page loads."""
    tab_to(page, page.get_by_role(role, name=name, exact=exact))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_forgotten_password_is_reset_by_email_and_then_changed(
    any_page, live_server, alice, smtp_server
):
    page = any_page
    page.goto(f"{live_server.url}/sign-in/")
    press(page, "link", "Forgotten your password?")
    assert_accessible(page)
    # An address in the wrong format is refused, kept, and the error links to the field.
    type_into(page, "Email address", "alice at alpha")
    press(page, "button", "Send the link")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert page.get_by_label("Email address").input_value() == "alice at alpha"
    assert_accessible(page)
    page.get_by_label("Email address").fill("")
    type_into(page, "Email address", alice.email)
    press(page, "button", "Send the link")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your email", use_inner_text=True
    )
    assert_accessible(page)

    [message] = smtp_server
    link = re.search(r"https?://\S+/sign-in/reset/\S+/", message.get_payload(decode=True).decode())
    page.goto(link[0].replace("http://testserver", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Choose a new password", use_inner_text=True
    )
    assert_accessible(page)
    type_into(page, "New password", "too short")
    type_into(page, "Confirm your new password", "too short")
    press(page, "button", "Save new password")
    assert "Your password must be 12 characters or more" in page.content()
    assert_accessible(page)
    type_into(page, "New password", NEW)
    type_into(page, "Confirm your new password", NEW)
    press(page, "button", "Save new password")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your password has been reset", use_inner_text=True
    )
    assert_accessible(page)

    press(page, "link", "Sign in with your new password")
    type_into(page, "Email address", alice.email)
    type_into(page, "Password", NEW)
    press(page, "button", "Sign in")
    press(page, "link", "Your account")
    assert_accessible(page)
    press(page, "link", "Change your password")
    assert_accessible(page)
    type_into(page, "Current password", NEW)
    type_into(page, "New password", NEWER)
    type_into(page, "Confirm your new password", NEWER)
    press(page, "button", "Change password")
    assert "Your password has been changed" in page.content()
    assert_accessible(page)
    alice.refresh_from_db()
    assert alice.check_password(NEWER)
    assert not alice.check_password(TEST_PASSWORD)
