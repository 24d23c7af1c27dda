"""A team lead reads a large council portfolio a page at a time, filtered, and opens an
indicator several plans measure, with the keyboard only, JavaScript on and off, each page
checked with axe and at 320 px wide."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from domains.models import Domain, Indicator
from evaluation.portfolio import PLANS_PER_PAGE
from tests.evaluation.test_measurements import measure
from tests.factories import TEST_PASSWORD, OutcomeFactory, PlanFactory

from .conftest import assert_accessible, sign_in
from .test_council_journey import fits_320
from .test_password_journey import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_pages_through_the_portfolio_and_opens_a_shared_indicator(
    any_page, live_server, lena, alice, team
):
    indicator = Indicator.objects.filter(organisation__isnull=True).order_by("code").first()
    count = PLANS_PER_PAGE + 3
    for number in range(count):
        plan = PlanFactory(
            team=team, owner=alice, shared_with_team=True, title=f"Welcome plan {number:02}"
        )
        plan.domains.add(Domain.objects.get(number=number % 14 + 1))
        if number in (0, count - 1):  # one plan on each page measures the same indicator
            OutcomeFactory(plan=plan).indicators.add(indicator)
            measure(plan, indicator, "newcomers", "baseline", date.today() - timedelta(1), "17")
    page = any_page
    sign_in(page, live_server, lena.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/portfolio/?status=draft")
    expect(page.get_by_role("heading", level=2, name=f"{count} plans")).to_be_visible()
    expect(page.get_by_text(f"Showing plans 1 to {PLANS_PER_PAGE} of {count}")).to_be_visible()
    assert_accessible(page)
    assert fits_320(page)

    press(page, "link", "Next page")
    assert "status=draft" in page.url
    assert "page=2" in page.url
    expect(page.get_by_text(f"Showing plans {PLANS_PER_PAGE + 1} to {count}")).to_be_visible()
    expect(page.get_by_role("link", name=f"Welcome plan {count - 1:02}")).to_be_visible()
    expect(page.get_by_role("link", name="Welcome plan 00")).to_have_count(0)
    assert_accessible(page)
    assert fits_320(page)

    press(page, "link", re.compile(re.escape(indicator.wording)))
    expect(page.get_by_role("heading", level=1)).to_have_text(indicator.wording)
    expect(page.get_by_role("heading", name="Used by 2 plans")).to_be_visible()
    values = page.get_by_role("table", name="Latest values")
    expect(values.get_by_role("cell", name="17", exact=True)).to_have_count(2)
    assert_accessible(page)
    assert fits_320(page)

    press(page, "link", "Back to the portfolio")
    assert page.url.endswith("/portfolio/?status=draft")
    expect(page.get_by_text(f"Showing plans 1 to {PLANS_PER_PAGE} of {count}")).to_be_visible()
