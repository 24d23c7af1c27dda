"""The plan page and the worked examples in Chromium, with and without JavaScript; every page
state is checked with axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from domains.models import Domain
from tests.factories import (
    TEST_PASSWORD,
    IndicatorFactory,
    MembershipFactory,
    PlanFactory,
    TeamFactory,
)
from theory_of_change.examples.catalogue import example_by_slug
from theory_of_change.examples.services import plan_create_from_example
from theory_of_change.models import Outcome, Plan

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    return MembershipFactory(user__email="officer@council.example").user


def test_an_empty_plan_page_is_accessible(any_page, live_server, officer):
    page = any_page
    plan = PlanFactory(team=officer.memberships.first().team, owner=officer, title="New plan")
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("New plan", use_inner_text=True)
    expect(page.get_by_role("img", name="Theory of Change for New plan")).to_be_visible()
    expect(page.get_by_text("No domains are chosen yet")).to_be_visible()
    assert_accessible(page)


def test_a_full_plan_page_shows_the_diagram_text_version_and_check(any_page, live_server, officer):
    page = any_page
    team = officer.memberships.first().team
    plan = plan_create_from_example(example_slug="safe-and-connected", team=team, user=officer).plan
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    diagram = page.get_by_role("img", name=f"Theory of Change for {plan.title}")
    expect(diagram).to_be_visible()
    example = example_by_slug("safe-and-connected")
    parts = sum(len(example.snapshot[kind]) for kind in ("outcomes", "outputs", "activities"))
    assert page.locator("svg .toc-node").count() == parts + 1  # and the impact
    expect(page.get_by_role("heading", name="The chain as text")).to_be_visible()
    expect(page.get_by_role("heading", name="Principle check")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Integration is a shared responsibility")
    ).to_be_visible()
    # The skip link takes keyboard users past the diagram to the text version.
    page.get_by_role("link", name="Skip to the text version of the chain").click()
    expect(page).to_have_url(re.compile("#chain-text$"))
    assert_accessible(page)


def test_the_examples_pages_and_start_from_this_example(any_page, live_server, officer):
    page = any_page
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/plans/examples/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Worked examples", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("link", name="Friendship and language café for women learning English").click()
    expect(page.get_by_role("img").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start from this example").click()
    # Wait for the plan page before looking in the database.
    expect(page.get_by_text("Your plan has been created from the worked example")).to_be_visible()
    plan = Plan.objects.get()
    assert page.url.endswith(plan.get_absolute_url())
    assert_accessible(page)


def test_choosing_a_team_shows_an_error_that_moves_focus(any_page, live_server, officer):
    page = any_page
    team = officer.memberships.first().team
    MembershipFactory(user=officer, team=TeamFactory(organisation=team.organisation))
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/plans/examples/friendship-club/")
    page.get_by_role("button", name="Start from this example").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    assert_accessible(page)
    link = summary.get_by_role("link", name="Select the team the plan is for")
    link.click()
    assert f"#{page.evaluate('document.activeElement.id')}" == link.get_attribute("href")
    page.get_by_label(team.name, exact=False).first.check()
    page.get_by_role("button", name="Start from this example").click()
    expect(page.get_by_text("Your plan has been created from the worked example")).to_be_visible()
    assert Plan.objects.get().team == team


def test_ticks_stay_ticked_over_a_search_of_the_indicator_bank(any_page, live_server, officer):
    """Issue 16, item 5: suggestions by domain; a search keeps the ticks not yet saved."""
    page = any_page
    plan = PlanFactory(team=officer.memberships.first().team, owner=officer, title="Café")
    plan.domains.add(*Domain.objects.filter(number__in=[1, 9]))
    outcome = Outcome.objects.create(plan=plan, text="Neighbours talk every week")
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(
        live_server.url
        + reverse(
            "theory_of_change:outcome_indicators",
            kwargs={"plan_id": plan.pk, "item_id": outcome.pk},
        )
    )
    expect(page.get_by_role("group", name="9. Language and Communication")).to_be_visible()
    expect(page.get_by_role("group", name="1. Work")).to_be_visible()
    assert_accessible(page)
    language = page.get_by_role("group", name="9. Language and Communication")
    first = language.get_by_role("checkbox").first
    first.check()
    chosen = first.get_attribute("value")

    page.get_by_label("Search the whole indicator bank").fill("hate crime")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()

    assert "q=hate+crime" in page.url
    assert page.locator(f"input[type=checkbox][value='{chosen}']").is_checked()
    found = page.get_by_role("group", name=re.compile("From the whole bank"))
    expect(found).to_be_visible()
    assert_accessible(page)
    found.get_by_role("checkbox").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save indicators").click()
    assert outcome.indicators.count() == 2


def test_an_officer_switches_a_retired_indicator_to_its_successor(any_page, live_server, officer):
    """The toolkit retired an indicator the plan uses and offered a successor: the banner says
    so, the button switches in one step, and the page says what changed."""
    page = any_page
    domain = Domain.objects.get(number=6)
    successor = IndicatorFactory(domain=domain, wording="% who have a friend they can call on")
    retired = IndicatorFactory(
        domain=domain, wording="% with a friend nearby", status="retired", successor=successor
    )
    plan = PlanFactory(team=officer.memberships.first().team, owner=officer, title="Friends")
    outcome = Outcome.objects.create(plan=plan, text="Newcomers make friends")
    outcome.indicators.add(retired)
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("retired an indicator this plan uses")
    expect(banner).to_contain_text(successor.wording)
    assert_accessible(page)

    with page.expect_navigation():
        banner.get_by_role("button", name=re.compile("Switch to the new indicator")).click()

    expect(page.get_by_text(f"The plan now uses “{successor.wording}”")).to_be_visible()
    assert page.get_by_role("region", name="Important").count() == 0
    assert list(outcome.indicators.all()) == [successor]
    assert_accessible(page)
