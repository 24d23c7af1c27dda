"""A council admin moves an officer between teams, with the keyboard only, JavaScript on and
off, every page checked with axe and at 320 px wide."""

import re

import pytest
from playwright.sync_api import expect

from ioi_planner.models import Role
from tests.factories import TEST_PASSWORD, UserFactory

from .conftest import assert_accessible, sign_in
from .test_password_journey import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_in_group(page, name: str, value: str) -> None:
    """A radio group, by keyboard: Tab into it, then arrow keys until `value` is chosen."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.name === {name!r}"):
            break
    else:
        raise AssertionError(f"Tab never reached the {name} radios")
    for key in ("ArrowDown",) * 3 + ("ArrowUp",) * 3:
        if page.evaluate(f"document.querySelector('input[name={name}]:checked')?.value") == value:
            return
        page.keyboard.press(key)
    checked = page.evaluate(f"document.querySelector('input[name={name}]:checked')?.value")
    assert checked == value, f"{name}: {checked!r} chosen, not {value!r}"


def fits_320(page) -> bool:
    page.set_viewport_size({"width": 320, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= 320")
    page.set_viewport_size({"width": 1280, "height": 800})
    return fits


def test_a_council_admin_moves_an_officer_and_is_stopped_from_orphaning_a_team(
    any_page, live_server, alpha, alice, lena, team, other_team
):
    admin = UserFactory(
        email="council-admin@alpha.example", is_council_admin=True, organisation=alpha
    )
    page = any_page
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    press(page, "link", "Your council", exact=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha Council", use_inner_text=True)
    assert_accessible(page)
    assert fits_320(page)

    press(page, "link", f"Change teams of {lena}")
    assert_accessible(page)
    assert fits_320(page)
    # Lena is the only lead of Integration: making her an officer there is refused.
    choose_in_group(page, f"team_{team.pk}", "officer")
    press(page, "button", "Save teams")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert "only team lead of Integration" in page.content()
    assert_accessible(page)

    press(page, "link", "Back", exact=True)
    press(page, "link", f"Change teams of {alice}")
    choose_in_group(page, f"team_{team.pk}", "")  # not in Integration
    choose_in_group(page, f"team_{other_team.pk}", "officer")  # an officer in Housing
    press(page, "button", "Save teams")
    assert "teams have been saved" in page.content()
    assert [(m.team_id, m.role) for m in alice.memberships.all()] == [(other_team.pk, Role.OFFICER)]
