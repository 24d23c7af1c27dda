"""Sign-in is throttled (ioi_planner/sign_in.py, counted by django-axes): per account from
anywhere, per address across accounts, with the client's address read through the trusted
proxies only. The other tests run with it off, since they sign in many times; these switch it
on. Addresses are given as the request's REMOTE_ADDR and X-Forwarded-For, as a proxy sends
them."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from ioi_planner.sign_in import client_ip
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.SIGN_IN_ACCOUNT_LIMIT = 5
    settings.SIGN_IN_ADDRESS_LIMIT = 30
    settings.TRUSTED_PROXY_COUNT = 0


def fail_to_sign_in(client, email: str, times: int, **address):
    for _ in range(times):
        response = client.post(
            reverse("login"), {"username": email, "password": "wrong"}, **address
        )
    return response


def sign_in(client, user, **address):
    return client.post(
        reverse("login"), {"username": user.email, "password": TEST_PASSWORD}, **address
    )


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
    assert "wrong 5 times" in html
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


def test_the_account_limit_counts_failures_from_every_address(client, alice, axes_on):
    for n in range(5):
        fail_to_sign_in(client, alice.email, 1, REMOTE_ADDR=f"81.2.69.{n + 1}")
    assert sign_in(client, alice, REMOTE_ADDR="81.2.69.99").status_code == 429


def test_attempts_during_a_pause_do_not_make_it_longer(client, alice, axes_on, settings):
    fail_to_sign_in(client, alice.email, 5, REMOTE_ADDR="81.2.69.1")
    first = AccessAttempt.objects.get().attempt_time
    fail_to_sign_in(client, alice.email, 10, REMOTE_ADDR="81.2.69.2")
    assert list(AccessAttempt.objects.values_list("attempt_time", flat=True)) == [first]
    # When the pause is over, the right password works again.
    AccessAttempt.objects.update(attempt_time=first - settings.AXES_COOLOFF_TIME)
    assert sign_in(client, alice, REMOTE_ADDR="81.2.69.2").status_code == 302


def test_one_address_trying_one_password_on_many_accounts_is_paused(client, alice, axes_on):
    for n in range(30):
        response = fail_to_sign_in(client, f"person{n}@alpha.example", 1, REMOTE_ADDR="81.2.69.7")
    assert response.status_code == 429
    assert "paused on this network" in response.content.decode()
    # From there, even the right password for another account waits; elsewhere it works.
    assert sign_in(client, alice, REMOTE_ADDR="81.2.69.7").status_code == 429
    assert sign_in(client, alice, REMOTE_ADDR="81.2.69.8").status_code == 302


def test_directly_a_forwarded_for_header_is_not_believed(client, alice, axes_on):
    for n in range(30):
        fail_to_sign_in(
            client,
            f"person{n}@alpha.example",
            1,
            REMOTE_ADDR="81.2.69.7",
            HTTP_X_FORWARDED_FOR=f"10.9.8.{n}",
        )
    assert sign_in(client, alice, REMOTE_ADDR="81.2.69.7").status_code == 429


def test_behind_the_proxy_each_client_has_its_own_count(client, alice, carol, axes_on, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the proxy
    for n in range(30):
        fail_to_sign_in(
            client, f"person{n}@alpha.example", 1, HTTP_X_FORWARDED_FOR="81.2.69.7", **proxy
        )
    assert sign_in(client, alice, HTTP_X_FORWARDED_FOR="81.2.69.7", **proxy).status_code == 429
    # Another person behind the same proxy is not held up by that address's failures.
    assert sign_in(client, carol, HTTP_X_FORWARDED_FOR="81.2.69.8", **proxy).status_code == 302
    client.logout()
    # Nor can the guesser slip out by sending its own X-Forwarded-For: the proxy appends the
    # real address, and only the entry the proxy added is read.
    spoofed = "192.0.2.1, 81.2.69.7"
    assert sign_in(client, alice, HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 429


def test_the_client_address_is_read_only_as_far_as_the_proxies_are_trusted(rf, settings):
    def address(**meta):
        return client_ip(rf.get("/", **meta))

    settings.TRUSTED_PROXY_COUNT = 0
    assert address(REMOTE_ADDR="81.2.69.1", HTTP_X_FORWARDED_FOR="192.0.2.1") == "81.2.69.1"
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = "192.0.2.1, 81.2.69.1, 10.0.0.3"  # spoofed, client, first proxy
    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded) == "81.2.69.1"
    # Fewer entries than proxies, or rubbish: only the socket's address is trusted.
    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="81.2.69.1") == "10.0.0.2"
    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="x, <script>") == "10.0.0.2"
