"""A council's joiner, mover and leaver, end to end, with the keyboard only, JavaScript on and
off, every page checked with axe: a council admin invites an officer; the officer accepts from
the email (a real SMTP server on loopback), sets a password and two-factor sign-in (the test
works out the app's codes from the key the page shows) and starts a plan; moved to another team,
they lose the old team's unshared plan at once; deactivated, they are signed out and their plan
is handed over."""

import re

import pytest
from playwright.sync_api import expect

from ioi_planner.models import AuditEvent, AuditKind, Role
from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from theory_of_change.models import Plan, PlanVersion

from .conftest import CHROMIUM_ARGS, assert_accessible, key_code, sign_in  # noqa: F401
from .test_council_journey import choose_in_group, fits_320
from .test_wizard_journey import choose, press, tab_to, tick, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "lantern orchard kettle"


def h1(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def select_by_keyboard(page, label: str, text: str) -> None:
    """A select: Tab to it, then the arrow keys until the option is chosen."""
    select = page.get_by_label(label, exact=True)
    tab_to(page, select)
    for _ in range(30):
        chosen = select.evaluate("s => s.options[s.selectedIndex].text")
        if chosen == text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label}: could not choose {text!r}")


def test_a_council_admin_invites_moves_and_deactivates_an_officer(
    any_page, browser, live_server, alpha, team, other_team, lena, smtp_server
):
    alpha.require_two_factor = True
    alpha.save()
    carol = MembershipFactory(team=team, user__email="carol@alpha.example").user
    admin = UserFactory(
        email="council-admin@alpha.example", is_council_admin=True, organisation=alpha
    )
    officer_page = any_page
    admin_context = browser.new_context(java_script_enabled=officer_page.javascript)
    admin_page = admin_context.new_page()
    admin_page.javascript = officer_page.javascript
    page = admin_page

    # The admin signs in (setting up their own two-factor sign-in, which the council requires)
    # and invites Nia to Integration as an officer.
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    press(page, "Your council", role="link")
    press(page, "Invite someone", role="link")
    assert h1(page) == "Invite someone"
    assert_accessible(page)
    press(page, "Send invitation")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert "Enter the person’s full name" in page.content()
    assert_accessible(page)
    type_into(page, "Full name", "Nia Newcomer")
    type_into(page, "Email address", "nia@alpha.example")
    tick(page, "Integration")
    press(page, "Send invitation")
    assert "An invitation has been sent to nia@alpha.example" in page.content()
    assert "Invitations not yet accepted" in page.content()
    assert_accessible(page)
    assert fits_320(page)

    # Nia opens the link in the email that arrived, chooses a password and sets up the app.
    [message] = smtp_server
    body = message.get_payload(decode=True).decode()
    link = re.search(r"/invitation/[\w-]+/", body)[0]
    page = officer_page
    page.goto(f"{live_server.url}{link}")
    assert h1(page) == "Join IOI Planner"
    assert_accessible(page)
    assert fits_320(page)
    type_into(page, "New password", "too short")
    type_into(page, "Confirm your new password", "too short")
    press(page, "Accept and sign in")
    assert "12 characters or more" in page.content()
    assert page.get_by_label("Your full name").input_value() == "Nia Newcomer"
    assert_accessible(page)
    type_into(page, "New password", PASSWORD)
    type_into(page, "Confirm your new password", PASSWORD)
    press(page, "Accept and sign in")
    assert h1(page) == "Set up two-factor sign-in"
    assert_accessible(page)
    assert fits_320(page)
    type_into(page, "Code from the app", key_code(page.locator("#setup-key").inner_text()))
    press(page, "Turn on two-factor sign-in")
    assert "Two-factor sign-in is on" in page.content()
    assert_accessible(page)
    press(page, "I have kept my codes: continue", role="link")

    # She starts a plan in Integration (not shared with the team).
    press(page, "Plans", role="link")
    press(page, "Create a plan")
    type_into(page, "Title", "Welcome walks")
    type_into(page, "Place", "Riverside")
    choose(page, "intervention_kind", "A new intervention")
    type_into(page, "Who is it for?", "New arrivals")
    press(page, "Save and continue")
    plan = Plan.objects.get(title="Welcome walks")
    assert plan.team == team
    assert not plan.shared_with_team
    plan_url = f"{live_server.url}{plan.get_absolute_url()}"
    assert page.goto(plan_url).status == 200

    # The admin moves her to Housing: her next request for the plan is not found.
    nia = plan.owner
    page = admin_page
    page.goto(f"{live_server.url}/council/")
    press(page, f"Change teams of {nia}", role="link")
    choose_in_group(page, f"team_{team.pk}", "")
    choose_in_group(page, f"team_{other_team.pk}", Role.OFFICER)
    press(page, "Save teams")
    assert "teams have been saved" in page.content()
    assert officer_page.goto(plan_url).status == 404

    # Then she leaves: the admin deactivates her and hands her plan to Carol.
    press(page, f"Change teams of {nia}", role="link")
    press(page, f"Deactivate {nia}", role="link")
    assert h1(page) == f"Deactivate {nia}"
    assert_accessible(page)
    assert fits_320(page)
    press(page, "Deactivate")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    select_by_keyboard(page, "Who takes over their plans?", str(carol))
    press(page, "Deactivate")
    assert f"{nia} has been deactivated" in page.content()
    assert_accessible(page)

    plan.refresh_from_db()
    assert plan.owner == carol
    assert PlanVersion.objects.filter(plan=plan, action="hand-over").exists()
    nia.refresh_from_db()
    assert not nia.is_active
    # Her session has ended: the next page asks her to sign in.
    officer_page.goto(plan_url)
    assert "/sign-in/" in officer_page.url
    # Everything was recorded for the council.
    kinds = set(AuditEvent.objects.filter(council=alpha).values_list("kind", flat=True))
    assert {
        AuditKind.INVITED,
        AuditKind.INVITATION_ACCEPTED,
        AuditKind.TWO_FACTOR_SET_UP,
        AuditKind.TEAMS_CHANGED,
        AuditKind.DEACTIVATED,
    } <= kinds
    page.goto(f"{live_server.url}/council/audit/")
    assert_accessible(page)
    assert fits_320(page)
    admin_context.close()
