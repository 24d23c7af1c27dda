"""The accessibility statement says what the public-sector accessibility regulations ask of one."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(client) -> str:
    return client.get(reverse("accessibility")).content.decode()


@pytest.mark.parametrize(
    "heading",
    [
        "Compliance status",
        "What we know is not yet accessible",
        "How we tested this service",
        "Feedback, other formats and reporting a problem",
        "Enforcement procedure",
        "Preparation of this statement",
    ],
)
def test_the_statement_has_each_section_the_regulations_ask_for(statement, heading):
    assert f'<h2 class="govuk-heading-m">{heading}</h2>' in statement


def test_the_statement_names_the_standard_and_how_compliant_the_service_is(statement):
    assert "partially compliant" in statement
    assert "Web Content Accessibility Guidelines version 2.2 AA standard" in statement


def test_the_statement_names_who_enforces_the_regulations(statement):
    assert "Equality and Human Rights Commission" in statement
    assert "Equality Advisory and Support Service" in statement
    assert "Accessibility Regulations 2018" in statement


def test_the_statement_says_how_accessible_the_downloads_and_charts_are(statement):
    assert "tagged PDF (PDF/UA-1)" in statement
    assert "not yet been checked with a PDF accessibility checker" in statement
    assert "a table beside it with the same numbers" in statement
