"""A page is served in a language only when the service has its catalogue, so the page's
`lang` always matches its text (issue 21: Welsh is listed but has no catalogue yet)."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def has_catalogue(code: str) -> bool:
    return any(
        (Path(folder) / code / "LC_MESSAGES" / "django.po").exists()
        for folder in settings.LOCALE_PATHS
    )


def test_only_english_and_languages_with_a_catalogue_are_offered():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes[0] == settings.LANGUAGE_CODE == "en-gb"
    assert all(has_catalogue(code) for code in codes[1:])


@pytest.mark.skipif(has_catalogue("cy"), reason="the Welsh catalogue exists: Welsh is served")
def test_a_browser_asking_for_welsh_gets_english_marked_as_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5", secure=True)
    html = response.content.decode()
    assert '<html lang="en-gb"' in html
    assert response["Content-Language"] == "en-gb"
