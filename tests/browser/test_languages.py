"""A browser that asks for Welsh, before the service has its Welsh catalogue, gets the English
page marked as English: a screen reader reads it with English pronunciation (issue 21)."""

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Settings offer a language once its catalogue exists.
HAS_WELSH = "cy" in dict(settings.LANGUAGES)


@pytest.mark.skipif(HAS_WELSH, reason="the Welsh catalogue exists: Welsh is served")
def test_a_browser_asking_for_welsh_gets_english_marked_as_english(browser, framework, live_server):
    context = browser.new_context(locale="cy-GB")
    page = context.new_page()
    try:
        assert page.evaluate("navigator.language") == "cy-GB"
        page.goto(f"{live_server.url}/framework/")
        assert page.locator("html").get_attribute("lang") == "en-gb"
        assert page.locator("h1").inner_text().strip()
        assert page.get_by_role("link", name="Sign in").count() >= 1
    finally:
        context.close()
