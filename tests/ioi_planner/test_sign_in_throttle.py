"""Sign-in is throttled by django-axes. The other tests run with it off, since they sign in
many times; these switch it on."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def fail_to_sign_in(client, email: str, times: int):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": email, "password": "wrong"})
    return response


def test_four_wrong_passwords_still_let_the_right_one_in(client, alice, axes_on):
    assert fail_to_sign_in(client, alice.email, 4).status_code == 200
    response = client.post(reverse("login"), {"username": alice.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == alice


def test_five_wrong_passwords_lock_the_account_out_with_a_styled_page(client, alice, axes_on):
    response = fail_to_sign_in(client, alice.email, 5)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<title>Signing in is paused for this account – IOI Planner</title>" in html
    assert "wrong 5 times in a row" in html
    assert "Wait 15 minutes" in html
    assert "govuk-heading-l" in html

    response = client.post(reverse("login"), {"username": alice.email, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "Your dashboard" not in client.get("/").content.decode()


def test_changing_the_case_of_the_email_does_not_reset_the_count(client, alice, axes_on):
    fail_to_sign_in(client, alice.email, 3)
    response = fail_to_sign_in(client, alice.email.upper(), 2)
    assert response.status_code == 429


def test_a_lock_out_is_for_that_email_address_only(client, alice, carol, axes_on):
    fail_to_sign_in(client, alice.email, 5)
    response = client.post(reverse("login"), {"username": carol.email, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_a_successful_sign_in_clears_the_count(client, alice, axes_on):
    fail_to_sign_in(client, alice.email, 4)
    client.post(reverse("login"), {"username": alice.email, "password": TEST_PASSWORD})
    client.post(reverse("logout"))
    assert fail_to_sign_in(client, alice.email, 4).status_code == 200


def test_the_admin_sign_in_is_throttled_too(client, admin_user, axes_on):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": admin_user.email, "password": "wrong"}
        )
    assert response.status_code == 429
