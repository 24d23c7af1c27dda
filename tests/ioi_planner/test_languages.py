"""Choosing the language (issue 21): the header's switch, a visitor's cookie, a signed-in
person's account, the browser's Accept-Language, in that order of precedence; only offered
languages; back to the same page; never to another site."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

FRAMEWORK = "/framework/"
COOKIE = settings.LANGUAGE_COOKIE_NAME


def switch(code: str, back: str = FRAMEWORK) -> str:
    return f"{reverse('choose_language', kwargs={'code': code})}?next={back}"


def lang_of(response) -> str:
    page = response.content.decode()
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_browser_asking_for_welsh_gets_welsh_marked_as_welsh(client):
    response = client.get(FRAMEWORK, HTTP_ACCEPT_LANGUAGE="cy-GB,cy;q=0.9,en;q=0.5")
    assert lang_of(response) == "cy"
    assert response["Content-Language"] == "cy"
    assert "Mewngofnodi" in response.content.decode()  # "Sign in"
    english = client.get(FRAMEWORK, HTTP_ACCEPT_LANGUAGE="en-GB")
    assert lang_of(english) == "en-gb"
    assert "Sign in" in english.content.decode()


def test_every_page_offers_the_other_language_named_in_itself(client):
    page = client.get(FRAMEWORK).content.decode()
    assert '<nav class="app-language-select" aria-label="Language">' in page
    assert (
        '<span class="app-language-select__current" aria-current="true" lang="en-gb">English</span>'
        in page
    )
    link = f'<a class="govuk-link" href="{switch("cy", "%2Fframework%2F")}" hreflang="cy" lang="cy" rel="alternate">'
    assert link in page
    assert "Newid yr iaith i’r Gymraeg" in page
    welsh = client.get(FRAMEWORK, HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert 'aria-label="Iaith"' in welsh
    assert 'hreflang="en-gb" lang="en-gb"' in welsh
    assert "Change the language to English" in welsh


def test_the_switch_remembers_a_visitor_s_choice_and_returns_to_the_page(client):
    response = client.get(switch("cy", "/framework/?q=x"))
    assert response.status_code == 302
    assert response["Location"] == "/framework/?q=x"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "cy"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # The cookie beats what the browser asks for.
    assert lang_of(client.get(FRAMEWORK, HTTP_ACCEPT_LANGUAGE="en")) == "cy"
    client.get(switch("en-gb"))
    assert lang_of(client.get(FRAMEWORK, HTTP_ACCEPT_LANGUAGE="cy")) == "en-gb"


@pytest.mark.parametrize(
    "back", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]
)
def test_the_switch_never_sends_anyone_to_another_site(client, back):
    response = client.get(switch("cy", back))
    assert response["Location"] == reverse("home")


def test_a_language_that_is_not_offered_is_not_found(client):
    assert client.get(switch("fr")).status_code == 404
    assert client.get(switch("de")).status_code == 404
    assert COOKIE not in client.cookies


def test_a_signed_in_person_s_choice_is_kept_on_their_account_and_wins(client, alice):
    client.force_login(alice)
    client.get(switch("cy"))
    alice.refresh_from_db()
    assert alice.language == "cy"
    # On another device: no cookie, a browser asking for English, still Welsh.
    other = type(client)()
    other.force_login(alice)
    assert lang_of(other.get(FRAMEWORK, HTTP_ACCEPT_LANGUAGE="en")) == "cy"
    # The account wins over a cookie left from before.
    other.cookies[COOKIE] = "en-gb"
    assert lang_of(other.get(FRAMEWORK)) == "cy"


def test_a_visitor_s_choice_becomes_their_account_s_when_they_sign_in(client, alice, bob):
    client.get(switch("cy"))
    response = client.post(reverse("login"), {"username": alice.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "cy"
    # Someone who has already chosen keeps their own choice.
    bob.language = "en-gb"
    bob.save()
    client.logout()
    client.get(switch("cy"))
    client.post(reverse("login"), {"username": bob.email, "password": TEST_PASSWORD})
    bob.refresh_from_db()
    assert bob.language == "en-gb"


def test_a_language_no_longer_offered_on_an_account_falls_back_to_the_usual_order(client, alice):
    alice.language = "fr"
    alice.save()
    client.force_login(alice)
    assert lang_of(client.get(FRAMEWORK, HTTP_ACCEPT_LANGUAGE="cy")) == "cy"
    assert lang_of(client.get(FRAMEWORK, HTTP_ACCEPT_LANGUAGE="en")) == "en-gb"


def test_a_welsh_error_message_has_a_welsh_hidden_prefix(client):
    """crispy-forms-gds writes "Error:" in English; the service's templates translate it."""
    page = client.post(
        reverse("login"), {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="cy"
    )
    html = page.content.decode()
    assert '<span class="govuk-visually-hidden">Gwall:</span> Rhowch eich cyfeiriad e-bost' in html
    assert "<title>Gwall:" in html
    assert ">Error:<" not in html


def test_messages_built_when_a_form_is_defined_are_shown_in_the_reader_s_language():
    """A form's messages made in its class body (or a module's dict) wait until they are shown:
    built there with `%`, they were English for good, whatever the reader's language."""
    from ioi_planner.forms import GovDateField
    from theory_of_change.wizard.forms import PLAN_DETAIL_MESSAGES

    required = PLAN_DETAIL_MESSAGES["title"]["required"]
    date = GovDateField(what=_("the date it is due"))
    assert str(required) == "Enter a title for the plan"
    with translation.override("cy"):
        assert str(required) == "Rhowch teitl ar gyfer y cynllun"
        assert str(date.error_messages["invalid"]) == (
            "Rhowch y dyddiad y mae i’w wneud erbyn fel dyddiad go iawn, fel 27 3 2026"
        )
        # crispy-forms-gds's own names of the date's three boxes, from the service's catalogue.
        boxes = [str(widget.attrs["label"]) for widget in date.widget.widgets]
        assert boxes == ["Diwrnod", "Mis", "Blwyddyn"]
    assert [str(widget.attrs["label"]) for widget in date.widget.widgets] == [
        "Day",
        "Month",
        "Year",
    ]
