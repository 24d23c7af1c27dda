"""The database goes away while an officer sends a form: they get the GOV.UK-styled 503 page
saying nothing was saved (axe clean, JavaScript on and off), go back with the browser to find
what they typed still there, and send it again once the database is back."""

import pytest
from django.db import OperationalError
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, MembershipFactory, PlanFactory
from theory_of_change.wizard import services as wizard_services

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROBLEM = "Few chances for newcomers to meet their neighbours"
IMPACT = "Newcomers and long-settled residents know and trust each other"


@pytest.fixture
def officer_plan():
    membership = MembershipFactory(user__email="officer@council.example")
    return PlanFactory(team=membership.team, owner=membership.user)


def test_a_form_sent_while_the_database_is_away_is_kept_by_the_browser_and_sent_again(
    any_page, live_server, officer_plan, monkeypatch
):
    page = any_page
    plan = officer_plan
    saves = []
    real_update = wizard_services.plan_update

    def update_while_the_database_restarts(*args, **kwargs):
        saves.append(kwargs.get("values", args))
        if len(saves) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_update(*args, **kwargs)

    monkeypatch.setattr(wizard_services, "plan_update", update_while_the_database_restarts)
    sign_in(page, live_server, plan.owner.email, TEST_PASSWORD)
    step = reverse(
        "theory_of_change:plan_step", kwargs={"plan_id": plan.pk, "slug": "problem-and-impact"}
    )
    page.goto(f"{live_server.url}{step}")
    page.get_by_label("What is the integration problem?").fill(PROBLEM)
    page.get_by_label("What long-term change do you want to see?").fill(IMPACT)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.get_by_role("button", name="Save and continue").click()
    assert sent.value.status == 503
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, your changes were not saved")
    expect(page.get_by_text("nothing from the form you sent was saved")).to_be_visible()
    assert_accessible(page)
    plan.refresh_from_db()
    assert plan.impact == ""

    page.go_back()
    impact = page.get_by_label("What long-term change do you want to see?")
    expect(impact).to_have_value(IMPACT)
    expect(page.get_by_label("What is the integration problem?")).to_have_value(PROBLEM)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(
        "Sorry, your changes were not saved"
    )
    plan.refresh_from_db()
    assert (plan.problem, plan.impact) == (PROBLEM, IMPACT)
    assert len(saves) == 2
