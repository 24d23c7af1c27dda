"""A team's readiness self-assessment with the keyboard only, JavaScript on and off: an officer
fills in all six areas (an empty answer and a date that does not exist are refused, what was
typed kept), adds an action that then shows on their dashboard, and sends it for review; the
team lead reviews it from their dashboard; a second round shows how each area moved. axe checks
each page; each fits 320 px."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from readiness.areas import AREAS
from readiness.models import Assessment, AssessmentStatus
from tests.factories import TEST_PASSWORD

from .conftest import assert_accessible, sign_in
from .test_council_journey import fits_320
from .test_wizard_journey import choose, h1, press, tab_to, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in(page, live_server, user.email, TEST_PASSWORD)


def test_a_team_assesses_its_readiness_and_a_lead_reviews_it(any_page, live_server, alice, lena):
    page = any_page
    sign_in(page, live_server, alice.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/readiness/")
    assert_accessible(page)
    press(page, "Start an assessment for Integration")
    press(page, "Start")

    # The first area: nothing chosen is refused, what was typed is kept.
    expect(page.get_by_role("heading", level=1)).to_have_text("Leadership and coordination")
    assert fits_320(page)
    assert_accessible(page)
    type_into(page, "What challenges does the team face here?", "Nobody owns the work")
    press(page, "Save and continue")
    expect(page).to_have_title(re.compile("^Error: Leadership and coordination"))
    expect(page.get_by_label("What challenges does the team face here?")).to_have_value(
        "Nobody owns the work"
    )
    assert_accessible(page)
    choose(page, "rating", "Not yet in place")
    press(page, "Save and continue")
    for guide in AREAS[1:]:
        expect(page.get_by_role("heading", level=1)).to_have_text(guide.title)
        choose(page, "rating", "Partly in place")
        press(page, "Save and continue")

    # The actions: one, with a date that does not exist first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions")
    assert fits_320(page)
    assert_accessible(page)
    press(page, "Add an action")
    type_into(page, "What will be done?", "Name a lead for integration work")
    choose(page, "area", "Leadership and coordination")
    owner = page.get_by_label("Who will do it?")
    tab_to(page, owner)
    page.keyboard.type(alice.full_name)  # a focused select picks the option typed
    type_into(page, "Day", "31")
    type_into(page, "Month", "2")
    type_into(page, "Year", "2027")
    press(page, "Save the action")
    expect(page).to_have_title(re.compile("^Error: Add an action"))
    expect(page.get_by_label("What will be done?")).to_have_value(
        "Name a lead for integration work"
    )
    assert_accessible(page)
    due = datetime.date.today() + datetime.timedelta(days=14)
    for label, value in (("Day", due.day), ("Month", due.month), ("Year", due.year)):
        field = page.get_by_label(label, exact=True)
        tab_to(page, field)
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(str(value))
    press(page, "Save the action")
    expect(page.get_by_text("The action was saved.")).to_be_visible()
    assessment = Assessment.objects.get()
    assert assessment.actions.get().text == "Name a lead for integration work"

    assert assessment.actions.get().owner == alice
    # It is on its owner's dashboard.
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("Name a lead for integration work")).to_be_visible()

    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    assert fits_320(page)
    assert_accessible(page)
    press(page, "Send for review")  # the link to the confirmation
    press(page, "Send for review")
    expect(page.get_by_text("The assessment was sent to the team’s leads")).to_be_visible()

    # The lead reviews it from their dashboard.
    switch_to(page, live_server, lena)
    page.goto(f"{live_server.url}/")
    press(page, "Integration: round 1", role="link")
    press(page, "Review this assessment")
    assert_accessible(page)
    choose(page, "decision", "Mark it as reviewed")
    type_into(page, "Comment", "A fair picture")
    press(page, "Save the decision")
    expect(page.get_by_text("A fair picture")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.REVIEWED

    # A second round starts from the first and shows how an area moved.
    switch_to(page, live_server, alice)
    page.goto(f"{live_server.url}/readiness/")
    press(page, "Start the next round for Integration")
    press(page, "Start")
    expect(page.get_by_text("In round 1 the team said: Not yet in place.")).to_be_visible()
    choose(page, "rating", "Established")
    press(page, "Save and continue")
    second = Assessment.objects.get(round=2)
    page.goto(f"{live_server.url}{second.get_absolute_url()}")
    assert h1(page) == "Readiness self-assessment, round 2"
    expect(
        page.get_by_text("Moved up since the last round (was: Not yet in place)")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Movement since the last round")).to_contain_text("Up")
    assert fits_320(page)
    assert_accessible(page)
    assert second.actions.get().carried_from == assessment.actions.get()
