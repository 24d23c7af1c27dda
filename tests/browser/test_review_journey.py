"""The review journey in Chromium, with JavaScript and without: the officer submits; the team
lead comments on a section and asks for changes with a reason; the officer sees the comment on
the dashboard and the review page, changes a section and resubmits; the lead approves; the plan
shows Approved and its wizard is read-only; its history shows each step of the review and the
difference the officer's change made. axe-core checks each page state with JavaScript on."""

import re

import pytest
from playwright.sync_api import expect

from ioi_planner.models import Role
from tests.factories import TEST_PASSWORD, MembershipFactory, TeamFactory
from theory_of_change.examples.services import plan_create_from_example
from theory_of_change.models import Plan, PlanStatus

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    team = TeamFactory(name="Communities and Integration")
    officer = MembershipFactory(team=team, user__email="officer@council.example").user
    lead = MembershipFactory(
        team=team, role=Role.TEAM_LEAD, user__email="lead@council.example"
    ).user
    return officer, lead


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_plan_is_submitted_returned_resubmitted_and_approved(any_page, live_server, people):
    page = any_page
    officer, lead = people
    team = officer.memberships.first().team
    plan = plan_create_from_example(example_slug="friendship-club", team=team, user=officer).plan
    review = f"{live_server.url}/plans/{plan.pk}/review/"

    # The officer sends the plan for review from its review page.
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name=f"Review of {plan.title}").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Review of {plan.title}"
    assert_accessible(page)
    page.get_by_role("button", name="Send the plan for review").click()
    assert page.locator("#plan-status").inner_text() == "Submitted for review"
    assert page.get_by_text("The plan was sent to your team leads for review.").is_visible()
    sign_out(page)

    # The lead finds it on the dashboard, comments on a section and asks for changes.
    sign_in(page, live_server, lead.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/")
    assert page.locator("#dashboard-awaiting-review").inner_text().endswith("1")
    page.get_by_role("link", name=f"Review of {plan.title}").click()
    assert_accessible(page)
    # An empty comment says what to do, and its error link moves focus to the field.
    with page.expect_navigation():
        page.get_by_role("button", name="Add comment").nth(3).click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter a comment").click()
    assert page.evaluate("document.activeElement.id") == "id_comment-outcomes-text"
    assert_accessible(page)
    page.get_by_label("Add a comment on “Intermediate outcomes”").fill(
        "Each outcome needs a baseline from the residents survey."
    )
    page.get_by_role("button", name="Add comment").nth(3).click()
    assert page.get_by_text("Each outcome needs a baseline from the residents survey.").is_visible()
    # Asking for changes is a page of its own; without a reason it says what to give.
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for changes").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ask for changes"
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for changes").click()
    expect(page).to_have_title("Error: Ask for changes – IOI Planner")
    assert_accessible(page)
    page.get_by_label("What needs to change, and why?").fill("Add baselines, see my comment.")
    page.get_by_role("button", name="Ask for changes").click()
    assert page.locator("#plan-status").inner_text() == "Changes requested"
    sign_out(page)

    # The officer sees it returned with the comment, changes a section and resubmits.
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/")
    returned = page.locator("#dashboard-returned")
    assert returned.inner_text().endswith("1")
    assert page.get_by_text("1 open comment").is_visible()
    assert page.get_by_role("link", name="Notifications: 1 unread").is_visible()
    assert_accessible(page)
    page.goto(review)
    assert page.get_by_text("Each outcome needs a baseline from the residents survey.").is_visible()
    assert page.get_by_text("Add baselines, see my comment.").is_visible()
    page.get_by_label(f"Reply to {lead}").fill("Baselines added from the 2025 survey.")
    page.get_by_role("button", name="Reply", exact=True).click()
    assert page.get_by_text("Baselines added from the 2025 survey.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as resolved").first.click()
    assert page.get_by_text("The comment is marked as resolved.").is_visible()
    page.goto(f"{live_server.url}/plans/{plan.pk}/steps/problem-and-impact/")
    page.get_by_label("What is the integration problem?").fill(
        "Newcomers and long-standing residents rarely meet; baselines from the 2025 survey."
    )
    page.get_by_role("button", name="Save and continue").click()
    page.goto(review)
    page.get_by_role("button", name="Send the changed plan for review").click()
    assert page.locator("#plan-status").inner_text() == "Resubmitted"
    sign_out(page)

    # The lead approves, on a page that asks to confirm, with a closing comment.
    sign_in(page, live_server, lead.email, TEST_PASSWORD)
    page.goto(review)
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the plan").click()
    assert page.get_by_text("After this it will be “Approved”.").is_visible()
    assert_accessible(page)
    page.get_by_label("Comment (optional)").fill("Thank you: a clear plan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the plan").click()
    assert page.locator("#plan-status").inner_text() == "Approved"
    assert page.get_by_text("Thank you: a clear plan.").is_visible()
    assert_accessible(page)
    sign_out(page)

    # The plan shows Approved, and its wizard is read-only, saying why.
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    assert page.locator("#plan-status").inner_text() == "Approved"
    assert page.get_by_role("link", name="Change this plan").count() == 0
    page.goto(f"{live_server.url}/plans/{plan.pk}/steps/plan/")
    assert page.url == f"{live_server.url}{plan.get_absolute_url()}"
    assert page.get_by_text("cannot be changed while its status is “Approved”").is_visible()
    assert_accessible(page)
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.status == PlanStatus.APPROVED
    assert [t.to_status for t in plan.transitions.all()] == [
        "submitted",
        "changes_requested",
        "resubmitted",
        "approved",
    ]

    # The history shows each step, with the lead's reason, and what the officer changed.
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="History of changes").click()
    assert page.get_by_role("heading", level=1).inner_text() == "History of changes"
    rows = page.locator("tbody tr")
    steps = [
        "Approved the plan",
        "Sent the plan for review again",
        "Changed the answers",
        "Asked for changes",
        "Sent the plan for review",
    ]
    texts = [rows.nth(number).inner_text() for number in range(len(steps))]
    for text, step in zip(texts, steps, strict=True):
        assert step in text
    assert "Add baselines, see my comment." in texts[3]
    assert_accessible(page)
    edit = plan.versions.get(action="answers").number
    page.get_by_label("Compare version").select_option(str(edit - 1))
    page.get_by_label("with version").select_option(str(edit))
    page.get_by_role("button", name="Compare").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Changes from version {edit - 1} to version {edit}"
    )
    added = " ".join(page.locator("ins").all_inner_texts())
    assert "2025" in added
    assert "survey" in added
    assert_accessible(page)
