"""An officer builds a Theory of Change through every step of the wizard with the keyboard
only (Tab, Space, Enter and the arrow keys within a radio group), once with JavaScript and once
without. axe-core checks each step's empty, error and filled states, and every link in each
error summary must move focus to its field."""

import re
import time
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, MembershipFactory

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAB_LIMIT = 300


@pytest.fixture
def officer():
    return MembershipFactory(
        user__email="officer@council.example", team__name="Communities and Integration"
    ).user


# Asked after every Tab: the element found once, not looked up again by its label or role
# each time (Playwright works out every element's accessible name for such a look-up).
HAS_FOCUS = "element => element === document.activeElement"


def tab_to(page, locator) -> None:
    """Press Tab until the element has focus, as a keyboard user would."""
    element = locator.element_handle()
    try:
        for _ in range(TAB_LIMIT):
            page.keyboard.press("Tab")
            if element.evaluate(HAS_FOCUS):
                return
    finally:
        element.dispose()
    raise AssertionError(f"Tab never reached {locator}")


def type_into(page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.type(text)


def tick(page, label: str) -> None:
    """A checkbox: Tab to it and press Space."""
    box = page.get_by_label(label, exact=True)
    tab_to(page, box)
    page.keyboard.press("Space")
    assert box.is_checked()


def choose(page, name: str, label: str) -> None:
    """A radio group: Tab into it, then the arrow keys, and Space to select the focused one."""
    target = page.get_by_label(label, exact=True)
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.name === {name!r}"):
            break
    else:
        raise AssertionError(f"Tab never reached the {name} radios")
    element = target.element_handle()
    try:
        for _ in range(20):
            if element.evaluate(HAS_FOCUS):
                break
            page.keyboard.press("ArrowDown")
    finally:
        element.dispose()
    page.keyboard.press("Space")
    assert target.is_checked()


def press(page, name: str | re.Pattern, role: str = "button") -> None:
    """Tab to a button (or a link) and press Enter."""
    exact = True if isinstance(name, str) else None
    target = page.get_by_role(role, name=name, exact=exact).first
    tab_to(page, target)
    href = target.get_attribute("href")
    if href and not page.evaluate("document.body.classList.contains('js-enabled')"):
        # With scripts switched off through Playwright, Chromium ignores Enter on a focused link
        # to another page (it does follow same-page links, and submits forms). The link has
        # been reached with Tab; go where it points, as Enter does in a real browser.
        page.goto(urljoin(page.url, href))
        return
    with page.expect_navigation():
        page.keyboard.press("Enter")


def h1(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def assert_errors_link_to_their_fields(page, *messages: str) -> None:
    """The error summary names each problem, and each of its links moves focus to the field."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    for message in messages:
        expect(summary.get_by_text(message), message).to_be_visible()
    check_accessible(page)
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")
        tab_to(page, link)
        page.keyboard.press("Enter")
        wait_for_focus_on(page, target[1:])


def wait_for_focus_on(page, element_id: str) -> None:
    # Polled from Python: page.wait_for_function times itself in the page, which never runs
    # when JavaScript is switched off.
    for _ in range(50):
        if page.evaluate("document.activeElement.id") == element_id:
            return
        time.sleep(0.1)
    focused = page.evaluate("document.activeElement.id")
    raise AssertionError(f"Focus is on #{focused}, not #{element_id}")


def check_accessible(page) -> None:
    # axe-core runs as a script in the page and waits on timers, so it cannot run (it would
    # wait for ever) when JavaScript is switched off; the run with JavaScript checks every state.
    if page.evaluate("document.body.classList.contains('js-enabled')"):
        assert_accessible(page)


def sign_in_with_the_keyboard(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    type_into(page, "Email address", email)
    type_into(page, "Password", TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def build_a_plan(page, live_server, officer) -> None:
    sign_in_with_the_keyboard(page, live_server, officer.email)
    press(page, "Plans", role="link")
    assert h1(page) == "Your plans"
    expect(page.get_by_text("You have no plans yet")).to_be_visible()
    check_accessible(page)

    # 1. The plan
    press(page, "Create a plan")
    assert h1(page) == "Create a plan"
    check_accessible(page)
    press(page, "Save and continue")
    assert_errors_link_to_their_fields(
        page,
        "Enter a title for the plan",
        "Enter the place",
        "Select whether the intervention is new or existing",
        "Enter who the intervention is for",
    )
    type_into(page, "Title", "Eastfield friendship club")
    type_into(page, "Place", "Eastfield estate")
    choose(page, "intervention_kind", "A new intervention")
    type_into(page, "Who is it for?", "Refugee families and long-standing residents")
    check_accessible(page)
    press(page, "Save and continue")

    # 2. The problem and the impact
    assert h1(page) == "The integration problem and the long-term impact"
    check_accessible(page)
    press(page, "Save and continue")
    assert_errors_link_to_their_fields(
        page, "Enter the integration problem", "Enter the long-term impact"
    )
    type_into(page, "What is the integration problem?", "Newcomers and neighbours never meet")
    type_into(
        page, "What long-term change do you want to see?", "Neighbours of all backgrounds help"
    )
    check_accessible(page)
    press(page, "Save and continue")

    # 3. Domains, with the keyword index
    assert h1(page) == "Domains"
    check_accessible(page)
    # A box ticked before searching is still ticked after the search (not saved yet).
    tick(page, "4. Health and Social Care")
    type_into(page, "Search the keyword index for domains", "ESOL")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=ESOL" in page.url
    expect(page.get_by_text("Language and Communication (Facilitators)")).to_be_visible()
    assert page.get_by_label("4. Health and Social Care", exact=True).is_checked()
    check_accessible(page)
    press(page, "Save and continue")
    assert_errors_link_to_their_fields(
        page,
        "Select at least one Social Connections domain",
        "Select at least one Facilitators domain",
        "Select at least one Rights and Responsibilities (the Foundation) domain",
    )
    assert page.get_by_label("4. Health and Social Care", exact=True).is_checked()
    tick(page, "7. Social Bridges")
    tick(page, "9. Language and Communication")
    tick(page, "14. Rights and Responsibilities")
    check_accessible(page)
    press(page, "Save and continue")

    # 4. Intermediate outcomes, each with indicators
    assert h1(page) == "Intermediate outcomes"
    check_accessible(page)
    press(page, "Add an intermediate outcome")
    press(page, "Save")
    assert_errors_link_to_their_fields(page, "Enter the outcome")
    type_into(page, "Describe the outcome", "Residents old and new talk every week")
    type_into(page, "Target (optional)", "40 people a month")
    check_accessible(page)
    press(page, "Save")
    assert h1(page) == "Choose indicators for the outcome"
    check_accessible(page)
    first_suggestion = page.locator("input[name^=suggested_]").first
    tab_to(page, first_suggestion)
    page.keyboard.press("Space")
    press(page, "Save indicators")
    press(page, "Add an intermediate outcome")
    type_into(page, "Describe the outcome", "Newcomers use English in everyday tasks")
    press(page, "Save")
    press(page, "Save indicators")
    press(page, re.compile("Move up.*Newcomers use English"))
    titles = page.locator(".govuk-summary-card__title").all_inner_texts()
    assert titles == [
        "1. Newcomers use English in everyday tasks",
        "2. Residents old and new talk every week",
    ]
    check_accessible(page)
    press(page, "Continue")

    # 5. Outputs, tied to outcomes
    assert h1(page) == "Outputs"
    check_accessible(page)
    press(page, "Add an output")
    type_into(page, "Describe the output", "40 club evenings")
    tick(page, "Residents old and new talk every week")
    press(page, "Save")
    check_accessible(page)
    press(page, "Continue")

    # 6. Activities and inputs, tied to outputs
    assert h1(page) == "Activities and inputs"
    check_accessible(page)
    press(page, "Add an activity")
    type_into(page, "Describe the activity", "Run a weekly club in the community centre")
    type_into(page, "Inputs (optional)", "Hall hire, two staff, tea and games")
    tick(page, "40 club evenings")
    press(page, "Save")
    check_accessible(page)
    press(page, "Continue")

    # 7. Barriers, assumptions and evidence
    assert h1(page) == "Barriers, assumptions and evidence"
    check_accessible(page)
    press(page, "Add a barrier")
    type_into(page, "Describe the barrier", "Parents have no childcare in the evening")
    press(page, "Save")
    press(page, "Add an assumption")
    press(page, "Save")
    assert_errors_link_to_their_fields(
        page, "Enter the assumption", "Select what the assumption is about"
    )
    type_into(page, "Describe the assumption", "Parents come if there is a crèche")
    choose(page, "about", "Barrier: Parents have no childcare in the evening")
    press(page, "Save")
    press(page, re.compile("Add evidence.*crèche"), role="link")
    press(page, "Add evidence")
    assert_errors_link_to_their_fields(
        page,
        "Select what kind of evidence it is",
        "Enter where the evidence comes from",
        "Select how strong the evidence is",
    )
    choose(page, "kind", "Consultation or focus group")
    type_into(page, "Where does it come from?", "Parents' focus group, May")
    choose(page, "strength", "Moderate")
    press(page, "Add evidence")
    expect(page.locator("li").filter(has_text="Parents' focus group, May").first).to_be_visible()
    check_accessible(page)
    # Evidence can be changed as well as removed.
    press(page, re.compile(r"Change\s+evidence Parents' focus group, May"), role="link")
    assert h1(page) == "Change evidence"
    check_accessible(page)
    tab_to(page, page.get_by_label("Where does it come from?", exact=True))
    page.keyboard.press("Control+A")
    page.keyboard.type("Parents' focus group, June")
    press(page, "Save changes")
    expect(page.locator("li").filter(has_text="Parents' focus group, June").first).to_be_visible()
    assert page.locator("li").filter(has_text="Parents' focus group, May").count() == 0
    check_accessible(page)
    press(page, "Continue")

    # 8. Stakeholders and what they agreed
    assert h1(page) == "Stakeholders"
    check_accessible(page)
    press(page, "Add a stakeholder")
    press(page, "Save")
    assert_errors_link_to_their_fields(
        page, "Enter who the stakeholder is", "Select what kind of stakeholder they are"
    )
    type_into(page, "Who are they?", "Eastfield tenants' association")
    choose(page, "kind", "Receiving community")
    tick(page, "Design")
    tick(page, "Delivery")
    press(page, "Save")
    type_into(page, "What have the stakeholders agreed?", "The outcomes and who runs what")
    check_accessible(page)
    press(page, "Save and continue")

    # 9. Check and share
    assert h1(page) == "Check and share"
    expect(
        page.get_by_role("heading", name="Integration is a shared responsibility")
    ).to_be_visible()
    check_accessible(page)
    press(page, "Save and go to the plan")
    assert_errors_link_to_their_fields(page, "Select whether to share the plan with your team")
    choose(page, "shared_with_team", "Yes, share it with the team")
    press(page, "Save and go to the plan")

    # The plan page: the diagram, the chain as text, and the principle check
    assert h1(page) == "Eastfield friendship club"
    diagram = page.get_by_role("region", name="Theory of Change diagram")
    assert diagram.locator("svg").count() == 1
    expect(page.locator("#chain-text")).to_be_visible()
    chain_text = page.locator(".app-chain-text").inner_text()
    assert "Run a weekly club in the community centre" in chain_text
    assert "40 club evenings" in chain_text
    expect(page.get_by_role("heading", name="Principle check")).to_be_visible()
    check_accessible(page)

    # Leave and resume: the task list shows what is done, and any section can be opened.
    press(page, "Plans", role="link")
    expect(page.get_by_text("Shared with team")).to_be_visible()
    press(page, re.compile("Edit sections.*Eastfield friendship club"), role="link")
    assert re.search(r"You have completed \d of 9 sections", page.content())
    check_accessible(page)
    press(page, "Domains", role="link")
    assert page.get_by_label("9. Language and Communication", exact=True).is_checked()


def test_an_officer_builds_a_plan_with_the_keyboard_only(page, live_server, officer):
    build_a_plan(page, live_server, officer)


def test_an_officer_builds_a_plan_with_javascript_switched_off(
    page_without_js, live_server, officer
):
    build_a_plan(page_without_js, live_server, officer)
