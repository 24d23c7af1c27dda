"""The framework's data in the reader's language (issue 21): Welsh where the data has it, and
otherwise English marked lang="en-gb" so a screen reader reads it as English."""

import pytest
from django.utils import translation

from domains.languages import in_language, localised, text_in_language
from domains.models import Domain, DomainType, Indicator

pytestmark = pytest.mark.django_db

WELSH = {"HTTP_ACCEPT_LANGUAGE": "cy"}


def test_every_domain_and_type_has_its_welsh_from_the_fixtures():
    assert not Domain.objects.filter(name_cy="").exists()
    assert not Domain.objects.filter(summary_cy="").exists()
    assert not Domain.objects.filter(description_cy="").exists()
    assert not DomainType.objects.filter(name_cy="").exists()
    assert Domain.objects.get(number=9).name_cy == "Iaith a Chyfathrebu"


def test_english_readers_get_english_and_welsh_readers_welsh_or_marked_english():
    domain = Domain.objects.get(number=1)
    indicator = Indicator(wording="% in <paid> work", wording_cy="")
    assert localised(domain, "name") == ("Work", None)
    assert in_language(indicator, "wording") == "% in &lt;paid&gt; work"
    with translation.override("cy"):
        assert localised(domain, "name") == ("Gwaith", None)
        assert text_in_language(indicator, "wording") == "% in <paid> work"
        assert (
            in_language(indicator, "wording") == '<span lang="en-gb">% in &lt;paid&gt; work</span>'
        )
        indicator.wording_cy = "% mewn gwaith"
        assert in_language(indicator, "wording") == "% mewn gwaith"


def test_a_welsh_domain_page_is_in_welsh_with_english_wording_marked(client):
    domain = Domain.objects.get(slug="language-and-communication")
    page = client.get(domain.get_absolute_url(), **WELSH).content.decode()
    assert '<h1 class="govuk-heading-xl">Iaith a Chyfathrebu</h1>' in page
    assert "<title>Iaith a Chyfathrebu – IOI Planner</title>" in page
    assert domain.description_cy in page
    assert '<span lang="en-gb">% regularly attending ESOL classes' in page
    english = client.get(domain.get_absolute_url()).content.decode()
    assert '<span lang="en-gb">' not in english
    assert "Language and Communication</h1>" in english


def test_the_framework_page_names_the_types_in_welsh(client):
    page = client.get("/framework/", **WELSH).content.decode()
    for name in ("Marcwyr a Moddion", "Cysylltiadau Cymdeithasol", "Hwyluswyr", "Sylfaen"):
        assert name in page
    assert "Markers and Means" not in page


def test_the_wording_plans_and_their_documents_show_is_in_the_reader_s_language():
    # The evaluation and measurements pages and the exports name indicators by wording_marked.
    indicator = Indicator.objects.filter(provenance="starter").first()
    assert indicator.wording_marked == indicator.wording
    with translation.override("cy"):
        assert indicator.wording_marked == indicator.wording_cy
        indicator.status = "retired"
        assert indicator.wording_marked.startswith(indicator.wording_cy + " (")


def test_every_starter_indicator_and_its_group_has_welsh_and_framework_wording_keeps_english():
    starters = Indicator.objects.filter(provenance="starter")
    assert starters.count() == 119
    assert not starters.filter(wording_cy="").exists()
    assert not starters.exclude(group="").filter(group_cy="").exists()
    # Wording quoted from the framework waits for the Home Office's own Welsh.
    assert Indicator.objects.filter(provenance="framework", wording_cy="").count() == 4


def test_a_welsh_word_finds_an_indicator_by_its_welsh_wording(client):
    page = client.get("/indicators/", {"q": "deintydd"}, **WELSH).content.decode()
    assert (
        '% o newydd-ddyfodiaid sydd wedi’u cofrestru gyda <mark class="app-match">deintydd</mark>'
        " y GIG" in page
    )
    assert "Yn cyfateb: deintydd." in page
    # An English reader searching in English gets the English, marked the same way.
    english = client.get("/indicators/", {"q": "dentist"}).content.decode()
    assert 'registered with an NHS <mark class="app-match">dentist</mark>' in english


def test_a_welsh_domain_page_heads_its_groups_in_welsh(client):
    page = client.get(Domain.objects.get(number=1).get_absolute_url(), **WELSH).content.decode()
    assert '<h3 class="govuk-heading-m">Cyflogaeth</h3>' in page


def test_a_welsh_indicator_page_gives_its_sources_in_welsh_and_their_names_marked_english(
    client,
):
    indicator = Indicator.objects.get(code="S04-02")
    page = client.get(indicator.get_absolute_url(), **WELSH).content.decode()
    assert "Cofrestru pobl sydd newydd gyrraedd gyda deintydd y GIG" in page  # what to use
    assert "Eich cyngor a’i bartneriaid" in page  # the publisher
    assert "dim (data’r cyngor ei hun)" in page  # the level
    assert (
        '<span lang="en-gb">The council&#x27;s and its partners&#x27; service records</span>'
        in (page)
    )
    english = client.get(indicator.get_absolute_url()).content.decode()
    assert "Your council and its partners" in english
    assert "Cofrestru" not in english


def test_an_everyday_welsh_word_finds_indicators_through_the_welsh_synonyms(client):
    """ "unigrwydd" (loneliness) is in no indicator: its synonyms find the Welsh wording about
    friends and belonging."""
    page = client.get("/indicators/", {"q": "unigrwydd"}, **WELSH).content.decode()
    assert '<mark class="app-match">ffrind</mark>' in page
    assert "“ffrind”, ar gyfer unigrwydd." in page
