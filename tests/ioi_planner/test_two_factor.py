"""Two-factor sign-in: set up with an authenticator app (the test computes its codes), asked
for at every sign-in, with single-use recovery codes; always required for site staff (the
Django admin included), and for a council's people when their admin requires it."""

import re
from base64 import b32decode

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ioi_planner.models import AuditEvent, AuditKind
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def code_for(key: bytes, drift: int = 0) -> str:
    totp = TOTP(key)
    totp.drift = drift
    return f"{totp.token():06d}"


def sign_in(client, user, **extra):
    return client.post(
        reverse("login"), {"username": user.email, "password": TEST_PASSWORD}, **extra
    )


def set_up(client) -> tuple[bytes, list[str]]:
    """Through the set-up page: read the key it shows, type the app's code; returns the key
    and the recovery codes shown."""
    page = client.get(reverse("two_factor_setup")).content.decode()
    shown = re.search(r'id="setup-key"><code>([A-Z2-7 ]+)</code>', page).group(1)
    raw = shown.replace(" ", "")
    key = b32decode(raw + "=" * (-len(raw) % 8))
    done = client.post(reverse("two_factor_setup"), {"code": code_for(key)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    return key, codes


def test_staff_must_set_up_two_factor_before_reaching_anything_the_admin_included(client):
    staff = UserFactory(email="ops@site.example", is_staff=True, is_superuser=True)
    sign_in(client, staff)
    for path in ["/", reverse("admin:index"), reverse("toolkit_import:import_list")]:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("two_factor_setup"))
    key, codes = set_up(client)
    assert len(codes) == settings.TWO_FACTOR_RECOVERY_CODES
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEvent.objects.filter(kind=AuditKind.TWO_FACTOR_SET_UP, person=staff).exists()

    # The next sign-in asks for the code.
    client.logout()
    sign_in(client, staff)
    asked = client.get(reverse("admin:index"))
    assert asked.url.startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000", "next": "/"})
    assert "The code is wrong or has expired" in wrong.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302
    assert AuditEvent.objects.filter(kind=AuditKind.TWO_FACTOR_FAILED, person=staff).exists()
    # django-otp delays the next try after a failure; clear its delay rather than sleep.
    TOTPDevice.objects.filter(user=staff).update(throttling_failure_count=0)
    right = client.post(
        reverse("two_factor_verify"), {"code": code_for(key, drift=1), "next": "/admin/"}
    )
    assert right.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_recovery_code_works_once(client, alice):
    sign_in(client, alice)
    _key, codes = set_up(client)
    client.logout()
    sign_in(client, alice)
    used = client.post(reverse("two_factor_verify"), {"code": codes[0].upper(), "next": "/"})
    assert used.status_code == 302
    assert StaticToken.objects.filter(device__user=alice).count() == len(codes) - 1
    client.logout()
    sign_in(client, alice)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0], "next": "/"})
    assert again.status_code == 200
    assert client.get("/").status_code == 302


def test_a_wrong_set_up_code_says_so_and_turns_nothing_on(client, alice):
    sign_in(client, alice)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "12345x"})
    assert "The code is wrong or has expired" in response.content.decode()
    assert 'value="12345x"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()


def test_a_council_admin_can_require_it_for_their_council(
    client, alpha, council_admin, alice, charlie
):
    client.force_login(council_admin)
    response = client.post(reverse("council_two_factor"), {"require_two_factor": "yes"})
    assert response.status_code == 302
    # The admin is of that council too: they set it up first.
    assert client.get(reverse("council_home")).url.startswith(reverse("two_factor_setup"))

    client.logout()
    sign_in(client, alice)
    assert client.get("/").url.startswith(reverse("two_factor_setup"))
    client.logout()
    sign_in(client, charlie)  # another council: not required
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(kind=AuditKind.TWO_FACTOR_REQUIRED, council=alpha).exists()


def test_someone_not_required_to_may_turn_it_off_and_staff_may_not(client, alice):
    sign_in(client, alice)
    set_up(client)
    client.post(reverse("two_factor_remove"))
    assert not TOTPDevice.objects.filter(user=alice).exists()

    staff = UserFactory(email="ops@site.example", is_staff=True)
    client.logout()
    sign_in(client, staff)
    set_up(client)
    client.post(reverse("two_factor_remove"))
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_wrong_codes_are_limited_per_account(client, alice, settings):
    settings.SIGN_IN_ACCOUNT_LIMIT = 2
    sign_in(client, alice)
    set_up(client)
    client.logout()
    sign_in(client, alice)
    for _ in range(2):
        client.post(reverse("two_factor_verify"), {"code": "000000"})
    paused = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert paused.status_code == 429


def test_a_council_admin_resets_a_persons_lost_app_and_not_their_own(client, council_admin, alice):
    sign_in(client, alice)
    set_up(client)
    client.logout()
    client.force_login(council_admin)
    page = client.get(reverse("council_person", kwargs={"pk": alice.pk})).content.decode()
    assert "Reset two-factor sign-in" in page
    reset = reverse("council_person_two_factor_reset", kwargs={"pk": alice.pk})
    assert client.post(reset).status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert AuditEvent.objects.filter(
        kind=AuditKind.TWO_FACTOR_REMOVED, person=alice, actor=council_admin
    ).exists()
    own = reverse("council_person_two_factor_reset", kwargs={"pk": council_admin.pk})
    assert client.post(own).status_code == 404
