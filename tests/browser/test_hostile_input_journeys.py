"""Issue 12 in a real browser, with and without JavaScript, checked with axe: invisible-only
text is asked for again with the GOV.UK error, someone who leaves the team meets the 404 page
on their next request, a button's address opened as a link gets the 405 page (at 320 px too),
and an upload Django refuses gets the GOV.UK 400 page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ioi_planner.models import Membership
from tests.factories import TEST_PASSWORD, MembershipFactory, OutcomeFactory, PlanFactory
from toolkit_import.generator import WorkbookSpec, build_workbook, toolkit_rows

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    return MembershipFactory(user__email="officer@council.example").user


@pytest.fixture
def plan(officer):
    return PlanFactory(team=officer.memberships.first().team, owner=officer, title="Café plan")


def test_text_of_only_invisible_characters_is_asked_for_again(any_page, live_server, officer, plan):
    page = any_page
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(
        live_server.url
        + reverse("theory_of_change:item_add", kwargs={"plan_id": plan.pk, "kind": "barriers"})
    )
    box = page.get_by_label("Describe the barrier", exact=True)
    box.focus()
    page.keyboard.insert_text("\u200b\u200d\ufeff ")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the barrier", use_inner_text=True)
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert not plan.barriers.exists()
    assert_accessible(page)


def test_someone_moved_out_of_the_team_meets_the_not_found_page(
    any_page, live_server, officer, plan
):
    page = any_page
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(live_server.url + plan.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Café plan", use_inner_text=True)
    Membership.objects.filter(user=officer).delete()
    MembershipFactory(user=officer)  # another team, of another council
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found", use_inner_text=True)
    assert "Café plan" not in page.content()
    assert_accessible(page)


def test_a_buttons_address_opened_as_a_link_gets_a_page_that_says_so(
    browser, framework, live_server, officer, plan
):
    outcome = OutcomeFactory(plan=plan)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.javascript = True
    try:
        sign_in(page, live_server, officer.email, TEST_PASSWORD)
        response = page.goto(
            live_server.url
            + reverse(
                "theory_of_change:item_move",
                kwargs={"plan_id": plan.pk, "kind": "outcomes", "item_id": outcome.pk},
            )
        )
        assert response.status == 405
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text("This page cannot be opened directly", use_inner_text=True)
        # Reflow: nothing wider than the 320 px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert_accessible(page)
    finally:
        context.close()


def test_an_upload_the_server_refuses_gets_the_govuk_page(any_page, live_server, admin_user):
    page = any_page
    sign_in(page, live_server, admin_user.email, TEST_PASSWORD)
    page.goto(live_server.url + reverse("toolkit_import:import_upload"))
    data = build_workbook(WorkbookSpec(rows=toolkit_rows(2)))
    page.get_by_label("Toolkit workbook").set_input_files(
        {"name": "t" * 1000 + ".xlsx", "mimeType": "application/octet-stream", "buffer": data}
    )
    page.get_by_role("button", name="Upload and check the columns").click()
    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(
        "Sorry, there is a problem with what was sent", use_inner_text=True
    )
    assert "shorter, simpler name" in page.content()
    assert_accessible(page)
