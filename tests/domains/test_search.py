"""Word-aware search of the bank (domains/search.py). The whole suite runs on SQLite and on
PostgreSQL, so each case here is answered by both databases' full-text indexes."""

import sys
import threading

import pytest
import snowballstemmer
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from domains.models import (
    DataSource,
    Domain,
    IndexTerm,
    Indicator,
    IndicatorQuestion,
    Provenance,
)
from domains.search import (
    PostgresBackend,
    SqliteBackend,
    _stem_lower,
    ensure_structures,
    stem,
)
from domains.selectors import indicator_search, keyword_index
from domains.services import indicators_from_sources_refresh
from tests.factories import IndicatorFactory as BaseIndicatorFactory
from tests.factories import PlanFactory, TeamFactory
from theory_of_change.wizard.selectors import domain_search

pytestmark = pytest.mark.django_db


def IndicatorFactory(**kwargs) -> Indicator:  # noqa: N802 - used like the factory
    return BaseIndicatorFactory(domain=Domain.objects.get(number=3), **kwargs)


def found(query: str, **filters) -> list[Indicator]:
    return list(indicator_search(bank=Indicator.objects.all(), query=query, **filters).indicators)


def codes(query: str, top: int | None = None) -> list[str]:
    return [indicator.code for indicator in found(query)[:top]]


# -- The searches that found nothing, or the wrong thing, before ---------------------------------


def test_a_plural_finds_the_singular_and_ranks_the_wording_first():
    top = found("interpreters")[:2]
    assert {indicator.code for indicator in top} == {"S04-03", "S14-06"}
    assert all("interpreter" in indicator.wording for indicator in top)


def test_word_forms_of_volunteering_come_before_paid_work():
    results = found("volunteering")
    assert "volunteering" in results[0].wording
    work = [n for n, indicator in enumerate(results) if indicator.domain.number == 1]
    volunteer = [n for n, i in enumerate(results) if "volunteer" in i.wording.lower()]
    assert volunteer
    assert not work or max(volunteer) < min(work)


def test_loneliness_finds_friendships_and_belonging_through_the_synonyms():
    search = indicator_search(bank=Indicator.objects.all(), query="loneliness")
    results = list(search.indicators)
    assert results, "loneliness found nothing"
    assert {indicator.domain.number for indicator in results} & {6, 7}  # Bonds, Bridges
    for indicator in results:
        match = search.explain(indicator)
        # Each through a synonym in its wording, or the word in its sources' descriptions.
        assert match.synonyms or "loneliness" in match.in_sources, indicator.wording


def test_racism_finds_harassment_and_hate_crime_first():
    top = codes("racism", 3)
    assert "S12-02" in top  # harassed or abused because of their ethnicity
    assert "S12-01" in top  # racially or religiously motivated hate crimes


def test_gp_registration_ranks_the_indicator_with_both_first():
    assert codes("GP registration", 1) == ["S04-01"]  # % of newcomers registered with a GP


def test_employment_support_finds_the_work_domain_first():
    top = found("employment support")[:3]
    assert [indicator.domain.number for indicator in top] == [1, 1, 1]


def test_esol_ranks_indicators_about_esol_and_english_before_the_rest_of_its_domain():
    results = found("ESOL")
    assert "ESOL" in results[0].wording
    # The keyword index puts ESOL in Language and Communication: all of it is found ...
    language = set(Indicator.objects.filter(domain__number=9, status="active"))
    assert language <= set(results)
    # ... those that mention ESOL, or English or language (its synonyms) first, then the rest.
    in_language = [i for i in results if i.domain.number == 9]
    mentions = [
        any(word in i.wording.lower() for word in ("esol", "english", "language"))
        for i in in_language
    ]
    assert mentions == sorted(mentions, reverse=True), "a mention came after a non-mention"


def test_a_misspelt_word_finds_what_it_was_meant_to():
    results = found("emplyment")
    assert results
    assert all("employ" in indicator.wording.lower() for indicator in results)


def test_a_word_in_a_survey_question_or_data_source_finds_its_indicator():
    indicator = IndicatorFactory(wording="% of newcomers in settled housing")
    source = DataSource.objects.create(name="Residents' panel", publisher="Testshire Council")
    IndicatorQuestion.objects.create(
        indicator=indicator, data_source=source, text="Do you rent from a landlord?"
    )
    assert indicator not in found("landlords")
    indicators_from_sources_refresh([indicator.pk])
    indicator.refresh_from_db()
    assert indicator in found("landlords")
    assert indicator in found("Testshire")
    match = indicator_search(bank=Indicator.objects.all(), query="landlords").explain(indicator)
    assert match.in_sources == ["landlords"]


def test_the_index_follows_every_change_to_the_bank():
    indicator = IndicatorFactory(wording="Number of allotment plots let to newcomers")
    assert found("allotments") == [indicator]
    indicator.wording = "Number of community garden plots let to newcomers"
    indicator.save()
    assert found("allotments") == []
    assert indicator in found("gardens")
    indicator.delete()
    assert found("gardens") == []


def test_filters_still_apply_to_a_search():
    results = found("English", provenance=Provenance.FRAMEWORK)
    assert results
    assert all(i.provenance == Provenance.FRAMEWORK for i in results)


# -- Any query answers a page ---------------------------------------------------------------------

NASTY_QUERIES = [
    '"',
    "'",
    '"unbalanced',
    "*",
    "NEAR(a b)",
    "a OR b",
    "housing OR",
    "NOT",
    "AND AND",
    "(",
    ")",
    "-",
    "^",
    ":",
    "wording : x",
    "{wording}",
    "'; DROP TABLE domains_indicator; --",
    "!@#$%^&*()_+",
    "the and of",
    "é",
    "日本語",
    "\\",
    "%",
    "_",
    "x" * 200,
    " ".join(["housing"] * 60)[:200],
]


@pytest.mark.parametrize("query", NASTY_QUERIES, ids=range(len(NASTY_QUERIES)))
def test_any_query_answers_a_results_page(client, query):
    response = client.get(reverse("domains:indicator_list"), {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert "indicator" in page
    assert 'class="govuk-error-summary"' not in page


def test_a_query_too_long_to_be_a_search_says_what_to_fix(client):
    response = client.get(reverse("domains:indicator_list"), {"q": "a" * 3000})
    assert response.status_code == 200
    assert "Search terms must be 200 characters or fewer" in response.content.decode()


def test_a_query_of_only_common_words_says_so(client):
    page = client.get(reverse("domains:indicator_list"), {"q": "the and of"}).content.decode()
    assert "Your search has no words to look for" in page


# -- What the results page shows -----------------------------------------------------------------


def test_results_mark_the_matching_words_and_say_why_in_words(client):
    page = client.get(reverse("domains:indicator_list"), {"q": "racism"}).content.decode()
    assert '<mark class="app-match">harassed</mark>' in page
    assert "“harassed”, for racism." in page
    assert "Also searched, as words with the same meaning:" in page
    assert "most relevant first" in page


def test_marked_wording_is_still_escaped(client):
    IndicatorFactory(wording="<b>Allotments</b> & gardens")
    page = client.get(reverse("domains:indicator_list"), {"q": "allotments"}).content.decode()
    assert '&lt;b&gt;<mark class="app-match">Allotments</mark>&lt;/b&gt; &amp; gardens' in page


def test_queries_per_search_page_do_not_grow_with_the_query(client):
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("domains:indicator_list"), {"q": query}).status_code == 200
        return len(captured)

    assert queries("housing") == queries("housing health work friends language safety rights")


def test_the_keyword_index_names_the_domains_of_a_term_with_links(client):
    page = client.get(reverse("domains:indicator_list"), {"q": "ESOL"}).content.decode()
    domain = Domain.objects.get(number=9)  # Language and Communication
    assert "The keyword index lists this term under:" in page
    assert f'<a class="govuk-link" href="{domain.get_absolute_url()}">{domain.name}</a>' in page


def test_the_keyword_index_is_read_in_three_queries_however_many_terms_it_has():
    def read() -> tuple[int, list]:
        with CaptureQueriesContext(connection) as captured:
            entries = keyword_index()
        return len(captured), entries

    count, entries = read()
    assert count == 3
    assert len(entries) == IndexTerm.objects.count() > 100
    for extra in range(50):
        term = IndexTerm.objects.create(key=f"bench term {extra}", term=f"bench term {extra}")
        term.domains.set(Domain.objects.filter(number__in=[2, 1]))
    count, entries = read()
    assert count == 3
    added = next(entry for entry in entries if entry.term == "bench term 0")
    assert [domain.number for domain in added.domains] == [1, 2]  # in domain order


def test_words_are_stemmed_right_when_threads_stem_at_once():
    # runserver and the tests' live server answer requests in threads; a stemmer holds the word
    # it is working on, so threads sharing one could hand back each other's stems.
    words = [
        f"{root}{ending}"
        for root in ("volunteer", "house", "connect", "employ", "speak")
        for ending in ("", "s", "ing", "ed", "ment", "ness", "ly", "ers")
    ]
    words += [f"{word}{number}" for word in words for number in range(40)]
    _stem_lower.cache_clear()
    expected = {word: snowballstemmer.stemmer("english").stemWord(word) for word in words}
    barrier = threading.Barrier(4)
    results: list[dict] = []

    def stem_all(order: list[str]) -> None:
        barrier.wait()
        results.append({word: stem(word) for word in order})

    threads = [
        threading.Thread(target=stem_all, args=(words[offset:] + words[:offset],))
        for offset in (0, 37, 151, 389)
    ]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often, as under load: a shared one breaks
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(results) == 4  # a thread that raised (a shared stemmer's IndexError) left none
    assert all(result == expected for result in results)


# -- The SQLite index survives a migration that rebuilds the table -------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_the_sqlite_index_is_rebuilt_when_a_migration_dropped_its_triggers():
    with connection.cursor() as cursor:
        for name in SqliteBackend.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    # As Django's table rebuild leaves it: rows written while the triggers were gone.
    Indicator.objects.filter(code="S04-01").update(wording="% of newcomers on a doctor's list")
    ensure_structures(using=connection.alias)
    assert codes("doctor's list", 1) == ["S04-01"]
    IndicatorFactory(wording="Number of allotment plots")
    assert len(found("allotments")) == 1


def test_the_domains_step_finds_the_domains_of_an_everyday_word():
    plan = PlanFactory(team=TeamFactory())
    numbers = {domain.number for domain in domain_search(plan=plan, query="loneliness").domains}
    assert {6, 7} <= numbers  # Bonds, Bridges
    assert 1 in {d.number for d in domain_search(plan=plan, query="jobs").domains}  # Work
    assert domain_search(plan=plan, query='"(* OR').domains == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's")
def test_the_postgresql_indexes_keep_no_pending_list_that_searches_read_through():
    # A GIN index's pending list (fastupdate) is read row by row by every search until a
    # vacuum merges it: after a framework load the bank's search was three times slower.
    with connection.cursor() as cursor:
        cursor.execute("ALTER INDEX domains_indicator_search_text_fts SET (fastupdate = on)")
    ensure_structures(using=connection.alias)  # as after a migrate of an older database
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [list(PostgresBackend.INDEXES)],
        )
        options = dict(cursor.fetchall())
    assert options == dict.fromkeys(PostgresBackend.INDEXES, ["fastupdate=off"])
    IndicatorFactory(wording="Number of allotment plots")
    with connection.cursor() as cursor:
        # The number of pending-list pages it had to merge: none, the entry went in whole.
        cursor.execute("SELECT gin_clean_pending_list('domains_indicator_wording_fts')")
        assert cursor.fetchone() == (0,)
