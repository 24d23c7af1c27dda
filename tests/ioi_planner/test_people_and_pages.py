import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ioi_planner.models import Membership, Nation, Organisation, Role, User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_start_page_invites_visitors_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()


def test_signed_in_users_see_their_dashboard_with_their_team(client, alice):
    client.force_login(alice)
    response = client.get("/")
    html = response.content.decode()
    assert "Your dashboard" in html
    assert "Integration" in html
    assert "Alpha Council" in html


def test_users_sign_in_with_their_email_address(client, alice):
    response = client.post(
        reverse("login"), {"username": "ALICE@alpha.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"] == alice


def test_a_wrong_password_keeps_the_email_and_says_what_to_fix(client, alice):
    response = client.post(
        reverse("login"), {"username": "alice@alpha.example", "password": "wrong"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a correct email address and password" in html
    assert 'value="alice@alpha.example"' in html
    assert "<title>Error:" in html


def test_an_empty_sign_in_form_names_each_missing_field(client):
    html = client.post(reverse("login"), {}).content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html


def test_signing_out_needs_a_post(client, alice):
    client.force_login(alice)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "Your dashboard" not in client.get("/").content.decode()


def test_a_form_posted_without_a_csrf_token_gets_a_helpful_page(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a@b.example", "password": "x"})
    assert response.status_code == 403
    assert "govuk-header" in response.content.decode()


def test_unknown_addresses_get_a_styled_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "govuk-header" in response.content.decode()


def test_the_accessibility_statement_is_published(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "WCAG 2.2" in response.content.decode()


def test_the_footer_carries_the_open_government_licence_attribution(client):
    html = client.get("/").content.decode()
    assert "Open Government Licence v3.0" in html
    assert "Crown copyright" in html


def test_seed_demo_creates_the_demo_councils_and_users(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    assert set(Organisation.objects.values_list("nation", flat=True)) >= {
        Nation.ENGLAND,
        Nation.WALES,
    }
    officer = User.objects.get(email="officer@demo.example")
    lead = User.objects.get(email="lead@demo.example")
    other = User.objects.get(email="other-officer@demo.example")
    officer_team = Membership.objects.get(user=officer).team
    assert Membership.objects.get(user=lead, team=officer_team).role == Role.TEAM_LEAD
    assert Membership.objects.get(user=other).team.organisation != officer_team.organisation
    assert Membership.objects.get(user=other).team.organisation.nation == Nation.WALES
    assert User.objects.get(email="admin@demo.example").is_staff
    assert officer.check_password("demo-password-local-only")


def test_seed_demo_uses_the_demo_password_from_the_environment(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "another-local-password")
    call_command("seed_demo")
    assert User.objects.get(email="lead@demo.example").check_password("another-local-password")


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.filter(email="officer@demo.example").exists()


def test_the_user_model_needs_an_email_and_normalises_it():
    user = User.objects.create_user(email="Someone@Example.COM", password=TEST_PASSWORD)
    assert user.email == "someone@example.com"
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password=TEST_PASSWORD)
