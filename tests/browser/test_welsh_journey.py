"""A Welsh-speaking officer does the whole of a plan in Welsh (issue 21): chooses Cymraeg on the
sign-in page, signs in, builds a plan through the nine steps of the wizard with the keyboard
only (with JavaScript on, and again with it off), meets the errors in Welsh (title, summary, fields, each summary link moving focus to its
field), and downloads the plan report as a PDF in Welsh. Every page is marked lang="cy", shows
none of the service's English (tests/browser/welsh.py) and passes axe.

The words the officer reads are the catalogue's Welsh of the service's own messages (`W`),
each checked to differ from the English, so the test follows the catalogue as the translator
revises it."""

from io import BytesIO

import pypdf
import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, MembershipFactory
from theory_of_change.models import Plan
from theory_of_change.wizard.forms import PLAN_DETAIL_MESSAGES

from .conftest import assert_accessible
from .test_evaluation_journey import REPORT_SECONDS
from .test_wizard_journey import choose, h1, press, tab_to, tick, type_into
from .welsh import english_on_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    return MembershipFactory(user__email="swyddog@cyngor.example", team__name="Integreiddio").user


def W(english: str, **values) -> str:  # noqa: N802 - reads as the text it stands for
    """The Welsh of one of the service's messages, as the page shows it."""
    with translation.override("cy"):
        welsh = gettext(english)
    assert welsh != english, f"No Welsh for {english!r}"
    return welsh % values if values else welsh


def in_welsh(page) -> None:
    """The page is Welsh: marked so, none of the service's English, and accessible."""
    assert page.locator("html").get_attribute("lang") == "cy", page.url
    assert not english_on_page(page), f"{page.url}: {english_on_page(page)}"
    assert_accessible(page)


def errors_in_welsh(page, *messages: str) -> None:
    """The error page in Welsh: its title, each message, and each link moving focus."""
    assert page.title().startswith(W("Error:") + " ")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text(W("There is a problem"))
    for message in messages:
        expect(summary.get_by_text(message, exact=True)).to_be_visible()
    in_welsh(page)
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")[1:]
        tab_to(page, link)
        page.keyboard.press("Enter")
        expect(page.locator(f"#{target}")).to_be_focused()


def test_a_welsh_speaking_officer_does_a_whole_plan_in_welsh(any_page, live_server, officer):
    page = any_page
    # Sign in, having chosen Cymraeg on the sign-in page.
    page.goto(f"{live_server.url}/sign-in/")
    press(page, "Newid yr iaith i’r Gymraeg", role="link")
    assert page.url == f"{live_server.url}/sign-in/"
    in_welsh(page)
    type_into(page, W("Email address"), officer.email)
    type_into(page, W("Password"), TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    officer.refresh_from_db()
    assert officer.language == "cy"  # the visitor's choice became the account's

    press(page, W("Plans"), role="link")
    assert h1(page) == W("Your plans")
    in_welsh(page)

    # 1. The plan: errors first, in Welsh.
    press(page, W("Create a plan"))
    in_welsh(page)
    # A new plan is first said to be written in its author's language.
    assert page.get_by_label(W("Welsh (Cymraeg)"), exact=True).is_checked()
    press(page, W("Save and continue"))
    with translation.override("cy"):
        messages = [str(PLAN_DETAIL_MESSAGES[name]["required"]) for name in ("title", "place")]
    errors_in_welsh(page, *messages)
    type_into(page, W("Title"), "Clwb cyfeillgarwch Trefynwy")
    type_into(page, W("Place"), "Ystâd Maes-y-dre")
    choose(page, "intervention_kind", W("A new intervention"))
    type_into(page, W("Who is it for?"), "Teuluoedd sy’n ffoaduriaid a thrigolion hirsefydlog")
    press(page, W("Save and continue"))

    # 2. The problem and the impact.
    assert h1(page) == W("The integration problem and the long-term impact")
    in_welsh(page)
    type_into(page, W("What is the integration problem?"), "Nid yw cymdogion newydd a hen yn cwrdd")
    type_into(page, W("What long-term change do you want to see?"), "Cymdogion yn helpu ei gilydd")
    press(page, W("Save and continue"))

    # 3. Domains, named in Welsh.
    assert h1(page) == W("Domains")
    in_welsh(page)
    tick(page, "4. Iechyd a Gofal Cymdeithasol")
    press(page, W("Save and continue"))
    errors_in_welsh(
        page,
        W("Select at least one %(type)s domain", type=W("Social Connections")),
    )
    for domain in (
        "7. Pontydd Cymdeithasol",
        "9. Iaith a Chyfathrebu",
        "14. Hawliau a Chyfrifoldebau",
    ):
        tick(page, domain)
    press(page, W("Save and continue"))

    # 4. An intermediate outcome, with an indicator in Welsh.
    assert h1(page) == W("Intermediate outcomes")
    in_welsh(page)
    press(page, W("Add an intermediate outcome"))
    press(page, W("Save"))
    errors_in_welsh(page, W("Enter %(what)s", what=W("the outcome")))
    type_into(page, W("Describe the outcome"), "Trigolion hen a newydd yn sgwrsio bob wythnos")
    press(page, W("Save"))
    assert h1(page) == W("Choose indicators for the outcome")
    in_welsh(page)
    first_suggestion = page.locator("input[name^=suggested_]").first
    tab_to(page, first_suggestion)
    page.keyboard.press("Space")
    press(page, W("Save indicators"))
    press(page, W("Continue"))

    # 5. and 6. An output and an activity, linked.
    assert h1(page) == W("Outputs")
    press(page, W("Add an output"))
    type_into(page, W("Describe the output"), "40 noson clwb")
    tick(page, "Trigolion hen a newydd yn sgwrsio bob wythnos")
    press(page, W("Save"))
    in_welsh(page)
    press(page, W("Continue"))
    assert h1(page) == W("Activities and inputs")
    press(page, W("Add an activity"))
    type_into(page, W("Describe the activity"), "Cynnal clwb wythnosol yn y ganolfan gymunedol")
    tick(page, "40 noson clwb")
    press(page, W("Save"))
    in_welsh(page)
    press(page, W("Continue"))

    # 7. A barrier and an assumption about it.
    assert h1(page) == W("Barriers, assumptions and evidence")
    press(page, W("Add a barrier"))
    type_into(page, W("Describe the barrier"), "Dim gofal plant gyda’r nos")
    press(page, W("Save"))
    press(page, W("Add an assumption"))
    press(page, W("Save"))
    errors_in_welsh(
        page,
        W("Enter %(what)s", what=W("the assumption")),
        W("Select what the assumption is about"),
    )
    type_into(page, W("Describe the assumption"), "Bydd rhieni’n dod os oes crèche")
    choose(page, "about", W("Barrier: %(b)s", b="Dim gofal plant gyda’r nos"))
    press(page, W("Save"))
    in_welsh(page)
    press(page, W("Continue"))

    # 8. A stakeholder.
    assert h1(page) == W("Stakeholders")
    press(page, W("Add a stakeholder"))
    type_into(page, W("Who are they?"), "Cymdeithas tenantiaid Maes-y-dre")
    choose(page, "kind", W("Receiving community"))
    press(page, W("Save"))
    in_welsh(page)
    press(page, W("Save and continue"))

    # 9. Check and share.
    assert h1(page) == W("Check and share")
    in_welsh(page)
    choose(page, "shared_with_team", W("Yes, share it with the team"))
    press(page, W("Save and go to the plan"))

    # The plan page, in Welsh; the plan is written in Welsh, so nothing is marked otherwise.
    assert h1(page) == "Clwb cyfeillgarwch Trefynwy"
    in_welsh(page)
    assert page.locator('main [lang="en-gb"]').count() == 0

    # The evaluation plan names the outcome's indicator in Welsh too (Indicator.wording_marked).
    indicator = (
        Plan.objects.get(title="Clwb cyfeillgarwch Trefynwy").outcomes.get().indicators.get()
    )
    assert indicator.wording_cy
    press(page, W("Evaluation plan and measurements"), role="link")
    in_welsh(page)
    expect(page.get_by_text(indicator.wording_cy).first).to_be_visible()
    assert indicator.wording not in page.content()
    page.go_back()

    # The plan report as a PDF, in Welsh.
    with page.expect_download(timeout=REPORT_SECONDS * 1000) as info:
        page.get_by_role("link", name=W("Download the plan report as a PDF")).click(
            no_wait_after=True
        )
    reader = pypdf.PdfReader(BytesIO(info.value.path().read_bytes()))
    assert str(reader.trailer["/Root"]["/Lang"]).lower() == "cy"
    assert reader.metadata.title == W("Plan report: %(title)s", title="Clwb cyfeillgarwch Trefynwy")
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for heading in ("Summary", "Theory of Change diagram", "Principle check", "Evaluation plan"):
        assert W(heading) in text
    assert "Cynnal clwb wythnosol yn y ganolfan gymunedol" in text
