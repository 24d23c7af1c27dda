"""An officer does Exercise 1 with the keyboard only, JavaScript on and off: describes a
problem, searches the keyword index (the choice made before searching is kept), chooses a
domain of each type, reads each domain's indicators and says why it matters, then starts a
plan that opens with the problem and domains filled in. axe checks each page; each fits 320 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD
from theory_of_change.models import Plan

from .conftest import assert_accessible, sign_in
from .test_council_journey import fits_320
from .test_wizard_journey import choose, press, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_exercise_1_starts_a_plan_with_its_domains_chosen(any_page, live_server, alice):
    page = any_page
    sign_in(page, live_server, alice.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/plans/")
    press(page, "Think a problem through first (Exercise 1)", role="link")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Exercise 1: one problem, every type of domain"
    )
    assert_accessible(page)
    press(page, "Start the exercise", role="button")

    # Nothing typed: the errors say what to fix and link to their fields.
    press(page, "Save and continue")
    expect(page).to_have_title(re.compile("^Error: The problem"))
    assert_accessible(page)
    type_into(page, "A working title", "Friendship club")
    type_into(page, "What is the integration problem?", "Newcomers rarely meet neighbours.")
    press(page, "Save and continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a domain of each type")
    assert fits_320(page)
    assert_accessible(page)

    # A choice, then a search: the choice is still there after it.
    choose(page, "markers_and_means", "5. Leisure")
    type_into(page, "Search the keyword index for domains", "loneliness")
    press(page, "Search")
    expect(page.get_by_text("Domains that ‘loneliness’ points to:")).to_be_visible()
    expect(page.get_by_label("5. Leisure", exact=True)).to_be_checked()
    assert_accessible(page)
    choose(page, "social_connections", "7. Social Bridges")
    choose(page, "facilitators", "9. Language and Communication")
    press(page, "Save and continue")

    expect(page.get_by_role("heading", level=1)).to_have_text("Why each domain matters")
    assert fits_320(page)
    assert_accessible(page)
    for name in ("Leisure", "Social Bridges", "Language and Communication"):
        type_into(page, f"Why does {name} matter to the problem?", f"{name} is where they meet.")
    press(page, "Save and continue")
    # Rights and Responsibilities left out: refused, the other reasons kept.
    expect(page).to_have_title(re.compile("^Error: Why each domain matters"))
    expect(page.get_by_label("Why does Leisure matter to the problem?")).to_have_value(
        "Leisure is where they meet."
    )
    type_into(
        page,
        "Why does Rights and Responsibilities matter to the problem?",
        "Newcomers need to know their rights.",
    )
    press(page, "Save and continue")

    expect(page.get_by_role("heading", level=1)).to_have_text("Friendship club")
    assert_accessible(page)
    press(page, "Start a plan from this")
    expect(page.get_by_text("The plan is started with the exercise’s problem")).to_be_visible()
    assert_accessible(page)
    plan = Plan.objects.get()
    assert plan.problem == "Newcomers rarely meet neighbours."
    assert {d.number for d in plan.domains.all()} == {5, 7, 9, 14}
