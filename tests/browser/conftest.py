"""Playwright for Python driving Debian's Chromium, and axe-core for WCAG checks."""

import time
from base64 import b32decode

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from domains.services import framework_load

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def framework(transactional_db):
    """Browser tests run against a live server, whose database is emptied after each test."""
    framework_load()


def _page(browser, javascript: bool, **options):
    context = browser.new_context(java_script_enabled=javascript, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.javascript = javascript
    return context, page


@pytest.fixture
def page(browser, framework):
    context, page = _page(browser, javascript=True)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, framework):
    context, page = _page(browser, javascript=False)
    yield page
    context.close()


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def any_page(request, browser, framework):
    """The same journey twice: with JavaScript on, and switched off. Downloads are accepted."""
    context, page = _page(browser, javascript=request.param, accept_downloads=True)
    yield page
    context.close()


AXE_SCRIPT = Axe().axe_script


def assert_accessible(page, within=None) -> None:
    """Run axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules; fail on any violation.

    axe-core runs as a script in the page, so it can only check a page with JavaScript on; with
    it off (`any_page` without JavaScript) the same pages are checked for working, not by axe.
    The script is sent to a page once, and only the violations come back: the passes are a
    large answer that no test reads. `within` (a Playwright locator) checks only that part of
    the page, whose rules still see the whole document (an id referred to from outside, the
    colours behind it): for a part that changed on a page already checked whole."""
    if not page.javascript:
        return
    page.wait_for_load_state()
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    run = "(context, options) => axe.run(context, options).then(results => results.violations)"
    if within is None:
        violations = page.evaluate(f"options => ({run})(document, options)", options)
    else:
        violations = within.evaluate(run, options)
    assert not violations, f"{page.url}\n{AxeResults({'violations': violations}).generate_report()}"


def app_code(email: str) -> str:
    """The code the person's authenticator app shows now, as the app works it out from the key
    it was given. A code is accepted once, so a second sign-in within the same 30 seconds
    uses the next step's code (django-otp accepts one step ahead)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    while device.last_t - totp.t() + 1 > device.tolerance:
        time.sleep(1)
    totp.drift = max(0, device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"


def key_code(shown_key: str) -> str:
    """The first code of an authenticator app given this key (as the set-up page shows it)."""
    from django_otp.oath import TOTP

    raw = shown_key.replace(" ", "")
    return f"{TOTP(b32decode(raw + '=' * (-len(raw) % 8))).token():06d}"


def two_factor_step(page, email: str) -> None:
    """Pass the two-factor step as the person would, if the service asks for it: set it up
    from the key the page shows, or type the app's code."""
    if "/account/two-factor/" in page.url:
        page.get_by_label("Code from the app").fill(
            key_code(page.locator("#setup-key").inner_text())
        )
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        with page.expect_navigation():
            page.get_by_role("link", name="I have kept my codes: continue").click()
    elif "/sign-in/code/" in page.url:
        page.get_by_label("Code from your authenticator app").fill(app_code(email))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    two_factor_step(page, email)
