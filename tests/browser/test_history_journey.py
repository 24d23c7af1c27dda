"""An officer edits a plan twice, opens its history, compares two versions and sees the words
that changed, then restores the older one; with JavaScript and without. axe-core checks each
page with JavaScript on."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, MembershipFactory
from theory_of_change.models import Plan, PlanVersion
from theory_of_change.wizard import services as wizard_services

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    return MembershipFactory(user__email="officer@council.example").user


def save_problem(page, live_server, plan: Plan, problem: str) -> None:
    page.goto(f"{live_server.url}/plans/{plan.pk}/steps/problem-and-impact/")
    page.get_by_label("What is the integration problem?").fill(problem)
    page.get_by_label("What long-term change do you want to see?").fill("People belong")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domains")


def test_edit_twice_compare_and_restore_the_older_version(any_page, live_server, officer):
    page = any_page
    team = officer.memberships.first().team
    plan = wizard_services.plan_create(
        user=officer, team=team, title="Friendship club", place="Ashby"
    )
    sign_in(page, live_server, officer.email, TEST_PASSWORD)

    save_problem(page, live_server, plan, "Newcomers rarely meet their neighbours")
    save_problem(page, live_server, plan, "Newcomers often feel alone at weekends")

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="History of changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of changes")
    expect(page).to_have_title("History of changes – IOI Planner")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text(officer.full_name)
    assert_accessible(page)

    # Compare version 2 (the first edit) with version 3 (the second).
    page.get_by_label("Compare version").fill("2")
    page.get_by_label("with version").fill("3")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes from version 2 to version 3")
    expect(
        page.get_by_role("heading", name="The integration problem and the long-term impact")
    ).to_be_visible()
    expect(page.locator("del").first).to_contain_text("rarely meet their neighbours")
    expect(page.locator("ins").first).to_contain_text("often feel alone at weekends")
    # The marks are named in words too, not only by their look.
    expect(page.locator("del").first).to_contain_text("removed:")
    assert_accessible(page)

    # Bad parameters: a clear error, not a server error.
    page.goto(f"{live_server.url}/plans/{plan.pk}/history/compare/?from=two&to=3")
    expect(page).to_have_title(re.compile(r"^Error: Compare two versions"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a version number in figures, like 12"
    )
    assert_accessible(page)

    # Restore version 2: the confirmation says what will change, then it is a new version.
    page.goto(f"{live_server.url}/plans/{plan.pk}/history/")
    page.get_by_role("link", name="Restore version 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Restore version 2")
    expect(page.get_by_role("heading", name="What will change")).to_be_visible()
    expect(page.locator("ins").first).to_contain_text("rarely meet their neighbours")
    assert_accessible(page)
    page.get_by_role("button", name="Restore version 2").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("History of changes")
    expect(page.get_by_text("Version 2 was restored as version 4.")).to_be_visible()
    expect(page.locator("tbody tr").first).to_contain_text("Restored version 2")
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.problem == "Newcomers rarely meet their neighbours"
    assert PlanVersion.objects.filter(plan=plan).count() == 4
