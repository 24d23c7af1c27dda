"""Changing a password, and resetting a forgotten one by email through a real SMTP server on
loopback: no account enumeration, single-use expiring links, GOV.UK messages from the password
rules, other sessions ended, and a reset lifting a sign-in pause."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW = "kettle orchard lantern"


def signed_in(user) -> Client:
    client = Client()
    assert (
        client.post(
            reverse("login"), {"username": user.email, "password": TEST_PASSWORD}
        ).status_code
        == 302
    )
    return client


def test_changing_the_password_keeps_this_session_and_ends_the_others(alice):
    here, elsewhere = signed_in(alice), signed_in(alice)
    response = here.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("account")
    assert "signed out on your other devices" in here.get(reverse("account")).content.decode()
    assert elsewhere.get(reverse("account")).status_code == 302
    assert get_user_model().objects.get(pk=alice.pk).check_password(NEW)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("short pass", "Your password must be 12 characters or more"),
        ("123456789012345", "Your password must not be only numbers"),
        ("qwertyuiop12", "That password is one of the most common passwords"),
        ("alice@alpha.example", "too like your name or email address"),
    ],
)
def test_weak_passwords_are_refused_with_what_to_do_and_the_form_kept(alice, new, message):
    client = signed_in(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "govuk-error-summary" in page
    assert page.count("<title>Error: ") == 1
    assert get_user_model().objects.get(pk=alice.pk).check_password(TEST_PASSWORD)


def test_a_wrong_current_password_or_a_mismatch_changes_nothing(alice):
    client = signed_in(alice)
    page = client.post(
        reverse("password_change"),
        {"old_password": "not it", "new_password1": NEW, "new_password2": NEW},
    ).content.decode()
    assert "Your current password is wrong" in page
    page = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"},
    ).content.decode()
    assert "The passwords do not match" in page
    assert get_user_model().objects.get(pk=alice.pk).check_password(TEST_PASSWORD)


def reset_link(message) -> str:
    body = message.get_payload(decode=True).decode()
    return re.search(r"https?://\S+/sign-in/reset/\S+/", body)[0]


def test_a_forgotten_password_is_reset_from_the_emailed_link_once(client, alice, smtp_server):
    response = client.post(reverse("password_reset"), {"email": alice.email})
    assert response["Location"] == reverse("password_reset_sent")
    [message] = smtp_server
    assert message["To"] == alice.email
    assert message["Subject"] == "Reset your IOI Planner password"
    link = reset_link(message)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert "Choose a new password" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == reverse("password_reset_complete")
    assert get_user_model().objects.get(pk=alice.pk).check_password(NEW)
    # Used once, the link no longer works.
    again = client.get("/" + path, follow=True).content.decode()
    assert "This link no longer works" in again


def test_the_answer_is_the_same_whether_or_not_an_account_exists(client, alice, smtp_server):
    known = client.post(reverse("password_reset"), {"email": alice.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@alpha.example"})
    assert known["Location"] == unknown["Location"] == reverse("password_reset_sent")
    assert [m["To"] for m in smtp_server] == [alice.email]


def test_expired_and_tampered_links_are_refused_clearly(client, alice, smtp_server, settings):
    client.post(reverse("password_reset"), {"email": alice.email})
    path = "/" + reset_link(smtp_server[0]).split("://", 1)[1].split("/", 1)[1]
    tampered = path[:-3] + "xx/"
    page = client.get(tampered, follow=True).content.decode()
    assert "This link no longer works" in page
    assert "Ask for a new link" in page
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link has expired
    assert "This link no longer works" in client.get(path, follow=True).content.decode()


def test_a_reset_lifts_a_sign_in_pause_on_the_account(client, alice, smtp_server, settings):
    settings.AXES_ENABLED = True
    settings.SIGN_IN_ACCOUNT_LIMIT = 5
    for _ in range(5):
        client.post(reverse("login"), {"username": alice.email, "password": "wrong"})
    locked = client.post(reverse("login"), {"username": alice.email, "password": TEST_PASSWORD})
    assert locked.status_code == 429
    assert reverse("password_reset") in locked.content.decode()
    client.post(reverse("password_reset"), {"email": alice.email})
    path = "/" + reset_link(smtp_server[0]).split("://", 1)[1].split("/", 1)[1]
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    response = client.post(reverse("login"), {"username": alice.email, "password": NEW})
    assert response.status_code == 302


def test_the_sign_in_and_reset_pages_offer_no_second_sign_in_link(client):
    for name in ("login", "password_reset", "password_reset_sent", "password_reset_complete"):
        page = client.get(reverse(name)).content.decode()
        assert f"{reverse('login')}?next=" not in page, name
    assert f"{reverse('login')}?next=" in client.get(reverse("accessibility")).content.decode()
