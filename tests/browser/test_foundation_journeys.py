"""The officer signs in and finds indicators, with and without JavaScript; every page is
checked with axe-core."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from domains.models import Domain
from tests.factories import TEST_PASSWORD, MembershipFactory

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    return MembershipFactory(user__email="officer@council.example").user


def test_an_officer_signs_in_and_finds_language_indicators_by_searching_esol(
    page, live_server, officer
):
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard", use_inner_text=True)
    page.get_by_role("link", name="Indicators", exact=True).first.click()
    page.get_by_label("Search indicators and the keyword index").fill("ESOL")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"[?&]q=ESOL"))
    expect(page.get_by_role("link", name="Language and Communication").first).to_be_visible()
    expect(page.get_by_text("% regularly attending ESOL classes").first).to_be_visible()
    assert_accessible(page)


def test_the_search_journey_works_with_javascript_switched_off(
    page_without_js, live_server, officer
):
    page = page_without_js
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('domains:indicator_list')}")
    page.get_by_label("Search indicators and the keyword index").fill("hate crime")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Safety").first).to_be_visible()


def test_an_officer_finds_indicators_by_everyday_words_and_sees_why(any_page, live_server, officer):
    """Word forms, synonyms and misspellings, with the matching words marked and named in
    words; and syntax that once could break a search answers a page. JavaScript on and off."""
    page = any_page
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('domains:indicator_list')}")
    search = page.get_by_label("Search indicators and the keyword index")

    def search_for(words: str) -> None:
        search.fill(words)
        with page.expect_navigation():
            search.press("Enter")  # the keyboard alone

    search_for("interpreters")
    first = page.locator(".app-result-list__item").first
    marked = [text.lower() for text in first.locator("mark.app-match").all_inner_texts()]
    assert "interpreter" in marked
    expect(first).to_contain_text("Matches: interpreters.", use_inner_text=True)
    expect(page.get_by_role("status")).to_contain_text("most relevant first", use_inner_text=True)
    assert_accessible(page)

    search_for("loneliness")
    first = page.locator(".app-result-list__item").first
    expect(first).to_contain_text("for loneliness.", use_inner_text=True)
    expect(page.get_by_text("Also searched, as words with the same meaning:")).to_be_visible()
    assert_accessible(page)

    search_for("emplyment")
    first = page.locator(".app-result-list__item").first
    expect(first).to_contain_text("spelt like emplyment", use_inner_text=True)

    search_for('"NEAR( OR *')
    expect(page.get_by_role("heading", name="Indicator bank")).to_be_visible()
    assert page.locator(".govuk-error-summary").count() == 0
    assert_accessible(page)


def test_the_demo_officer_from_seed_demo_finds_esol_indicators(
    page, live_server, settings, monkeypatch
):
    # The README's run command seeds these users; this is the journey it promises.
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo")
    sign_in(page, live_server, "officer@demo.example", "demo-password-local-only")
    page.goto(f"{live_server.url}{reverse('domains:indicator_list')}?q=ESOL")
    expect(page.get_by_role("link", name="Language and Communication").first).to_be_visible()
    expect(page.get_by_text("% regularly attending ESOL classes").first).to_be_visible()


def test_a_sign_in_error_links_to_the_field_and_moves_focus(page, live_server):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")
        link.click()
        focused = page.evaluate("document.activeElement.id")
        assert f"#{focused}" == target


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/framework/",
        "/indicators/",
        "/indicators/?q=ESOL",
        "/indicators/?domain=nonsense",
        "/indicators/?q=zzzzzz-nothing",
        "/indicators/?q=racism",
        "/indicators/?q=the",
        "/accessibility/",
        "/sign-in/",
        "/no-such-page/",
    ],
)
def test_public_pages_have_no_wcag_violations(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page)


def test_signed_in_pages_have_no_wcag_violations(page, live_server, officer):
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    domain = Domain.objects.get(number=9)
    indicator = domain.indicators.first()
    for path in [
        "/",
        domain.get_absolute_url(),
        indicator.get_absolute_url(),
        "/indicators/?page=2",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_the_sign_in_lock_out_page_is_accessible(page, live_server, officer, settings):
    settings.AXES_ENABLED = True
    settings.SIGN_IN_ACCOUNT_LIMIT = 5
    for _ in range(5):
        sign_in(page, live_server, officer.email, "not the password")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Signing in is paused for this account"
    )
    assert_accessible(page)


def test_the_pause_for_a_whole_network_is_accessible_and_offers_a_reset(
    page, live_server, officer, settings
):
    settings.AXES_ENABLED = True
    settings.SIGN_IN_ACCOUNT_LIMIT = 50
    settings.SIGN_IN_ADDRESS_LIMIT = 3
    for n in range(3):
        sign_in(page, live_server, f"someone{n}@council.example", "not the password")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Signing in is paused on this network"
    )
    assert page.get_by_role("link", name="reset it").get_attribute("href") == (
        "/sign-in/forgotten-password/"
    )
    assert_accessible(page)


def test_an_officer_downloads_the_indicators_a_search_found(any_page, live_server, officer):
    """The bank as searched, downloaded as CSV and as a workbook, JavaScript on and off."""
    page = any_page
    sign_in(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}{reverse('domains:indicator_list')}")
    page.get_by_label("Search indicators and the keyword index").fill("ESOL")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"[?&]q=ESOL"))
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="As a CSV file").click()
    assert info.value.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(info.value.path().read_text("utf-8-sig"))))
    assert rows[0][:2] == ["Code", "Indicator"]
    assert any("ESOL" in row[1] for row in rows[1:])

    with page.expect_download() as info:
        page.get_by_role("link", name="As an Excel spreadsheet (xlsx)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    assert [[cell.value or "" for cell in row] for row in sheet.iter_rows()] == rows
