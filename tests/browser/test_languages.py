"""Switching to Welsh and back from any page, with the keyboard only, JavaScript on and off:
the same page comes back in the other language, marked as such, accessible and at 320 px;
a browser that asks for Welsh gets Welsh; a signed-in officer's choice follows them (issue 21)."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

from .conftest import _page, assert_accessible, sign_in
from .test_council_journey import fits_320
from .test_password_journey import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_browser_asking_for_welsh_gets_welsh_marked_as_welsh(browser, framework, live_server):
    context, page = _page(browser, javascript=True, locale="cy-GB")
    try:
        assert page.evaluate("navigator.language") == "cy-GB"
        page.goto(f"{live_server.url}/framework/")
        assert page.locator("html").get_attribute("lang") == "cy"
        expect(page.get_by_role("link", name="Mewngofnodi")).to_have_count(1)
        # The way back to English is named in English, and marked so.
        english = page.get_by_role("link", name="Change the language to English")
        assert english.get_attribute("lang") == "en-gb"
        assert english.get_attribute("hreflang") == "en-gb"
        # The framework's data: domains in Welsh; indicator wording with no Welsh yet (the
        # framework's own, until the Home Office's Welsh is imported) is English, marked as
        # English for a screen reader.
        expect(page.get_by_role("heading", name="Marcwyr a Moddion")).to_be_visible()
        page.get_by_role("link", name="9. Iaith a Chyfathrebu").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Iaith a Chyfathrebu")
        marked = page.locator('main a span[lang="en-gb"]')
        assert marked.count() > 0
        assert marked.first.inner_text().startswith("%")
        assert_accessible(page)
    finally:
        context.close()


def test_an_officer_switches_to_welsh_on_a_page_and_stays_on_it(any_page, live_server, alice):
    page = any_page
    sign_in(page, live_server, alice.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/plans/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your plans")
    press(page, "link", "Newid yr iaith i’r Gymraeg")
    assert page.url == f"{live_server.url}/plans/"
    assert page.locator("html").get_attribute("lang") == "cy"
    expect(page.get_by_role("heading", level=1)).to_have_text("Eich cynlluniau")
    assert_accessible(page)
    assert fits_320(page)
    # The choice is on the account: another page, and a new session, are in Welsh too.
    page.goto(f"{live_server.url}/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Eich cyfrif")
    assert_accessible(page)
    alice.refresh_from_db()
    assert alice.language == "cy"
    press(page, "link", "Change the language to English")
    assert page.url == f"{live_server.url}/account/"
    assert page.locator("html").get_attribute("lang") == "en-gb"
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Your account"))
