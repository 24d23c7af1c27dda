import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from domains.models import Domain, Indicator, IndicatorStatus, Provenance
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def bank(client, **params):
    return client.get(reverse("domains:indicator_list"), params)


def test_the_framework_page_lists_all_types_and_domains_with_links(client):
    response = client.get(reverse("domains:framework_overview"))
    assert response.status_code == 200
    html = response.content.decode()
    for domain in Domain.objects.all():
        assert domain.get_absolute_url() in html
    for name in ["Markers and Means", "Social Connections", "Facilitators", "Foundation"]:
        assert name in html
    assert "Open Government Licence v3.0" in html


def test_a_domain_page_shows_its_description_indicators_and_index_terms(client):
    domain = Domain.objects.get(slug="language-and-communication")
    response = client.get(domain.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert domain.description in html
    assert "% regularly attending ESOL classes" in html
    assert "ESOL" in html
    assert "Framework wording" in html


def test_a_domain_page_pages_a_long_list_of_indicators(client, settings):
    domain = Domain.objects.get(number=9)
    IndicatorFactory.create_batch(60, domain=domain, wording="Paged council indicator")
    total = domain.indicators.filter(status=IndicatorStatus.ACTIVE).count()
    first = client.get(domain.get_absolute_url())
    shown = len(first.context["page_obj"].object_list)
    assert shown == settings.INDICATORS_PER_PAGE < total
    assert f"of {first.context['page_obj'].paginator.count}" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    pages = first.context["page_obj"].paginator.num_pages
    last = client.get(domain.get_absolute_url(), {"page": pages})
    seen = {i.pk for i in first.context["page_obj"]} | {i.pk for i in last.context["page_obj"]}
    assert len(seen) == shown + len(last.context["page_obj"].object_list)


def test_a_domain_page_out_of_range_shows_the_last_page_and_says_so(client):
    domain = Domain.objects.get(number=9)
    IndicatorFactory.create_batch(60, domain=domain)
    response = client.get(domain.get_absolute_url(), {"page": "999"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no page 999." in html
    assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages


def test_an_unknown_domain_slug_gives_a_styled_404(client):
    response = client.get("/framework/no-such-domain/")
    assert response.status_code == 404
    assert "govuk-header" in response.content.decode()


@pytest.mark.parametrize(
    ("term", "domain_name"),
    [
        ("ESOL", "Language and Communication"),
        ("hate crime", "Safety"),
        ("overcrowding", "Housing"),
        ("library membership", "Leisure"),
    ],
)
def test_searching_an_index_term_shows_its_domains_and_their_indicators(client, term, domain_name):
    response = bank(client, q=term)
    assert response.status_code == 200
    search = response.context["search"]
    assert domain_name in [d.name for d in search.matched_domains]
    assert domain_name in response.content.decode()
    shown = {i.domain.name for i in response.context["page_obj"]}
    assert domain_name in shown


def test_searching_esol_finds_the_language_indicators(client):
    response = bank(client, q="esol")
    wording = [i.wording for i in response.context["search"].indicators]
    assert (
        "% regularly attending ESOL classes or equivalent adult English language learning"
        in wording
    )
    language = Indicator.objects.filter(domain__number=9).count()
    assert response.context["page_obj"].paginator.count >= language


def test_search_also_matches_indicator_wording(client):
    IndicatorFactory(domain=Domain.objects.get(number=1), wording="Zanzibar test wording")
    response = bank(client, q="zanzibar")
    assert [i.wording for i in response.context["page_obj"]] == ["Zanzibar test wording"]


def test_the_bank_filters_by_type_domain_availability_and_provenance(client):
    response = bank(client, type="foundation")
    assert {i.domain.number for i in response.context["search"].indicators} == {14}
    response = bank(client, domain="safety")
    assert {i.domain.number for i in response.context["search"].indicators} == {12}
    response = bank(client, provenance="framework")
    assert response.context["page_obj"].paginator.count == 4
    # Every starter indicator has starter sources, so availability is known for all of them.
    response = bank(client, availability="not_yet_known")
    assert list(response.context["search"].indicators) == []
    unknown = IndicatorFactory(domain=Domain.objects.get(number=3))
    response = bank(client, availability="not_yet_known")
    assert list(response.context["search"].indicators) == [unknown]
    response = bank(client, availability="national_survey", domain="housing")
    found = list(response.context["search"].indicators)
    assert "S03-06" in [i.code for i in found]  # the English Housing Survey
    assert all(i.national_survey for i in found)
    assert unknown not in found


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"domain": "nonsense"}, "Select a domain from the list"),
        ({"type": "<script>"}, "Select a type from the list"),
        ({"availability": "maybe"}, "Select a data availability from the list"),
        ({"provenance": "x" * 50}, "Select a provenance from the list"),
        ({"q": "x" * 201}, "Search terms must be 200 characters or fewer"),
        ({"q": "two\r\nlines"}, "must be on one line: remove the line break"),
    ],
)
def test_malformed_filters_show_a_message_not_an_error(client, params, message):
    response = bank(client, **params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "govuk-error-summary" in html
    assert response.context["page_obj"] is None


def test_control_characters_in_a_search_are_taken_out_not_refused(client):
    response = bank(client, q="ES\x00OL\x1b")
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["q"] == "ESOL"


def test_odd_queries_are_searched_safely(client):
    for query in ["%", "_", "' OR 1=1 --", "ESOL;DROP TABLE", "🙂", "   "]:
        assert bank(client, q=query).status_code == 200


def test_a_page_past_the_end_shows_the_last_page_with_a_message(client):
    response = bank(client, page="999")
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.number == page.paginator.num_pages
    assert "There is no page 999" in response.content.decode()
    response = bank(client, page="abc")
    assert response.context["page_obj"].number == 1


def test_the_bank_pages_keep_the_search_in_their_links(client):
    response = bank(client, type="markers-and-means")
    assert response.context["page_obj"].has_next()
    assert re.search(r"type=markers-and-means&(amp;)?page=2", response.content.decode())


def test_the_bank_uses_the_same_number_of_queries_however_large(client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = bank(client, q="ESOL")
            assert response.status_code == 200
        return len(queries)

    few = count_queries()
    domain = Domain.objects.get(number=9)
    IndicatorFactory.create_batch(300, domain=domain)
    assert count_queries() == few


def test_an_indicator_page_shows_its_domain_provenance_and_availability(client):
    indicator = Indicator.objects.get(code="S05-01")
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert indicator.wording in html
    assert indicator.domain.name in html
    assert "not the Home Office" in html
    # Its starter sources, marked as such, with what they can be broken down by.
    assert "Community Life Survey" in html
    assert "Starter source – to be checked" in html
    assert "Can be broken down by" in html
    assert "Ethnicity, age, sex, region" in html
    assert "to measure it for your area you will need to collect the data yourself" in html
    local = client.get(Indicator.objects.get(code="S01-01").get_absolute_url()).content.decode()
    assert "Figures for a local authority are published" in local


def test_an_unknown_indicator_id_gives_a_404(client):
    assert client.get("/indicators/999999/").status_code == 404
    assert client.get("/indicators/abc/").status_code == 404


def test_a_retired_indicator_stays_readable_and_says_retired(client):
    indicator = Indicator.objects.get(code="S05-01")
    indicator.status = IndicatorStatus.RETIRED
    indicator.save()
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert "retired" in response.content.decode()


def test_the_bank_hides_retired_indicators_unless_asked_to_include_them(client):
    indicator = Indicator.objects.get(code="S05-01")
    indicator.status = IndicatorStatus.RETIRED
    indicator.save()

    shown = [i.code for i in bank(client, domain="leisure").context["search"].indicators]
    with_retired = bank(client, domain="leisure", retired="on")

    assert "S05-01" not in shown
    assert "S05-01" in [i.code for i in with_retired.context["search"].indicators]
    assert "Retired" in with_retired.content.decode()


def test_council_added_indicators_are_seen_only_by_their_council(client, alice, charlie, alpha):
    indicator = IndicatorFactory(
        domain=Domain.objects.get(number=5),
        wording="Alpha's own library indicator",
        provenance=Provenance.COUNCIL,
        organisation=alpha,
    )
    assert client.get(indicator.get_absolute_url()).status_code == 404
    client.force_login(charlie)
    assert client.get(indicator.get_absolute_url()).status_code == 404
    assert "Alpha&#x27;s own" not in bank(client, q="library").content.decode()
    client.force_login(alice)
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert "Added by Alpha Council" in response.content.decode()
    assert indicator in list(bank(client, q="Alpha's own").context["page_obj"])
