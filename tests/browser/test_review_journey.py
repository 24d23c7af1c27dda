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
from .test_wizard_journey import tab_to, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    team = TeamFactory(name="Communities and Integration")
    officer = MembershipFactory(team=team, user__email="officer@council.example").user
    lead = MembershipFactory(
        team=team, role=Role.TEAM_LEAD, user__email="lead@council.example"
    ).user
    return officer, lead


def press(page, role: str, name: str, *, exact: bool = False) -> None:
    """Tab to a link or button and press Enter: a new page loads."""
    tab_to(page, page.get_by_role(role, name=name, exact=exact))
    with page.expect_navigation():
        page.keyboard.press("Enter")


def sign_out(page) -> None:
    press(page, "button", "Sign out")


def check(page) -> None:
    """One state of the journey: axe-clean at desktop width, and at 320 px wide nothing wider
    than the screen (WCAG 1.4.10) and axe-clean again."""
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{page.url} is {width} px wide at 320 px"
        assert_accessible(page)
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})


def test_a_plan_is_submitted_returned_resubmitted_and_approved(any_page, live_server, people):
    """The whole loop with the keyboard only: Tab to each link, button and field."""
    page = any_page
    officer, lead = people
    team = officer.memberships.first().team
    plan = plan_create_from_example(example_slug="friendship-club", team=team, user=officer).plan
    review = f"{live_server.url}/plans/{plan.pk}/review/"

    # The officer sends the plan for review from its review page.
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    press(page, "link", f"Review of {plan.title}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Review of {plan.title}", use_inner_text=True
    )
    check(page)
    press(page, "button", "Send the plan for review")
    expect(page.locator("#plan-status")).to_have_text("Submitted for review", use_inner_text=True)
    expect(page.get_by_text("The plan was sent to your team leads for review.")).to_be_visible()
    # It stays on the officer's home page, sent for review.
    page.goto(f"{live_server.url}/")
    assert page.locator("#dashboard-sent").inner_text().endswith("1")
    check(page)
    sign_out(page)

    # The lead finds it on the dashboard, comments on a section and asks for changes.
    sign_in(page, live_server, lead.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/")
    assert page.locator("#dashboard-awaiting-review").inner_text().endswith("1")
    press(page, "link", f"Review of {plan.title}")
    check(page)
    # A first review: nothing to compare with yet.
    assert page.get_by_text("What changed since").count() == 0
    # A comment is written on a page of its own; empty, it says what to do, and its error
    # link moves focus to the field.
    press(page, "link", "Comment on “Intermediate outcomes”")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Comment on “Intermediate outcomes”"
    )
    check(page)
    press(page, "button", "Add comment")
    expect(page).to_have_title(re.compile(r"^Error: "))
    tab_to(page, page.locator(".govuk-error-summary").get_by_role("link", name="Enter a comment"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_comment-outcomes-text"
    check(page)
    page.keyboard.type("Each outcome needs a baseline from the residents survey.")
    press(page, "button", "Add comment")
    expect(
        page.get_by_text("Each outcome needs a baseline from the residents survey.")
    ).to_be_visible()
    # Asking for changes is a page of its own; without a reason it says what to give.
    press(page, "button", "Ask for changes")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ask for changes", use_inner_text=True
    )
    check(page)
    press(page, "button", "Ask for changes")
    expect(page).to_have_title("Error: Ask for changes – IOI Planner")
    check(page)
    type_into(page, "What needs to change, and why?", "Add baselines, see my comment.")
    press(page, "button", "Ask for changes")
    expect(page.locator("#plan-status")).to_have_text("Changes requested", use_inner_text=True)
    sign_out(page)

    # The officer sees the lead's reason on the dashboard and the plan page, answers the
    # comment on its reply page, changes a section and resubmits.
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/")
    returned = page.locator("#dashboard-returned")
    assert returned.inner_text().endswith("1")
    expect(page.get_by_text("1 open comment")).to_be_visible()
    expect(page.get_by_text("Add baselines, see my comment.").first).to_be_visible()
    expect(page.get_by_role("link", name="Notifications: 1 unread")).to_be_visible()
    check(page)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.get_by_text("Add baselines, see my comment.").first).to_be_visible()
    check(page)
    page.goto(review)
    expect(
        page.get_by_text("Each outcome needs a baseline from the residents survey.")
    ).to_be_visible()
    press(page, "link", f"Reply to the comment by {lead}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Reply to {lead}", use_inner_text=True
    )
    # The comment being answered is on the reply page.
    expect(
        page.get_by_text("Each outcome needs a baseline from the residents survey.")
    ).to_be_visible()
    check(page)
    type_into(page, "Your reply", "Baselines added from the 2025 survey.")
    press(page, "button", "Reply", exact=True)
    expect(page.get_by_text("Baselines added from the 2025 survey.")).to_be_visible()
    check(page)
    press(page, "button", f"Mark as resolved (comment by {lead})")
    expect(page.get_by_text("The comment is marked as resolved.")).to_be_visible()
    page.goto(f"{live_server.url}/plans/{plan.pk}/steps/problem-and-impact/")
    tab_to(page, page.get_by_label("What is the integration problem?"))
    page.keyboard.press("Control+a")
    page.keyboard.type(
        "Newcomers and long-standing residents rarely meet; baselines from the 2025 survey."
    )
    press(page, "button", "Save and continue")
    page.goto(review)
    press(page, "button", "Send the changed plan for review")
    expect(page.locator("#plan-status")).to_have_text("Resubmitted", use_inner_text=True)
    sign_out(page)

    # The lead sees only what changed since asking for changes, and the comment answered.
    sign_in(page, live_server, lead.email, TEST_PASSWORD)
    page.goto(review)
    changes = page.locator("#changes-since")
    assert changes.get_by_role("heading", name="What changed since changes were asked for").count()
    assert "2025" in " ".join(changes.locator("ins").all_inner_texts())
    expect(changes.get_by_text("resolved, 1 new reply")).to_be_visible()
    check(page)
    press(page, "link", "Show what changed since the plan was sent for review")
    expect(
        page.get_by_role("heading", name="What changed since the plan was sent for review")
    ).to_be_visible()
    check(page)

    # The lead approves, on a page that asks to confirm, with a closing comment.
    press(page, "button", "Approve the plan")
    expect(page.get_by_text("After this it will be “Approved”.")).to_be_visible()
    check(page)
    type_into(page, "Comment (optional)", "Thank you: a clear plan.")
    press(page, "button", "Approve the plan")
    expect(page.locator("#plan-status")).to_have_text("Approved", use_inner_text=True)
    expect(page.get_by_text("Thank you: a clear plan.")).to_be_visible()
    check(page)
    sign_out(page)

    # The plan shows Approved, and its wizard is read-only, saying why.
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.locator("#plan-status")).to_have_text("Approved", use_inner_text=True)
    assert page.get_by_role("link", name="Change this plan").count() == 0
    page.goto(f"{live_server.url}/plans/{plan.pk}/steps/plan/")
    assert page.url == f"{live_server.url}{plan.get_absolute_url()}"
    expect(page.get_by_text("cannot be changed while its status is “Approved”")).to_be_visible()
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
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "History of changes", use_inner_text=True
    )
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
    page.get_by_label("Compare version").fill(str(edit - 1))
    page.get_by_label("with version").fill(str(edit))
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Changes from version {edit - 1} to version {edit}", use_inner_text=True
    )
    added = " ".join(page.locator("ins").all_inner_texts())
    assert "2025" in added
    assert "survey" in added
    assert_accessible(page)
