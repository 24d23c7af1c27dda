import json

import pytest
from django.core.management import call_command

from domains.models import DataSource, Domain, DomainType, IndexTerm, Indicator, Provenance
from domains.services import FRAMEWORK_FIXTURES, framework_load

pytestmark = pytest.mark.django_db


def test_it_loads_four_types_and_fourteen_numbered_domains():
    assert DomainType.objects.count() == 4
    assert list(Domain.objects.values_list("number", flat=True)) == list(range(1, 15))
    assert Domain.objects.get(number=9).name == "Language and Communication"
    assert Domain.objects.get(number=14).type.name == "Foundation"
    types = {d.name: d.type.name for d in Domain.objects.select_related("type")}
    assert types["Social Bridges"] == "Social Connections"
    assert types["Digital Skills"] == "Facilitators"
    assert types["Leisure"] == "Markers and Means"


def test_it_loads_every_keyword_index_entry_with_its_domains():
    source = json.loads((FRAMEWORK_FIXTURES / "keyword-index.json").read_text())
    assert len(source) == 217
    assert IndexTerm.objects.count() == 217
    children = IndexTerm.objects.filter(term="Children").prefetch_related("domains")
    assert sorted(d.number for term in children for d in term.domains.all()) == [2, 12]
    esol = IndexTerm.objects.get(term="ESOL")
    assert [d.number for d in esol.domains.all()] == [9]


def test_every_domain_has_at_least_six_indicators():
    for domain in Domain.objects.all():
        assert domain.indicators.count() >= 6, domain.name


def test_the_known_framework_wording_is_shipped_verbatim_and_marked():
    framework = Indicator.objects.filter(provenance=Provenance.FRAMEWORK)
    assert framework.count() == 4
    assert framework.filter(
        domain__number=9,
        wording="% regularly attending ESOL classes or equivalent adult English language learning",
    ).exists()


def test_starter_wording_is_marked_as_starter_and_says_so():
    starters = Indicator.objects.filter(provenance=Provenance.STARTER)
    assert starters.count() >= 14 * 6
    assert all(
        "replace" in note.lower() for note in starters.values_list("provenance_note", flat=True)
    )


def test_a_second_load_changes_nothing_and_says_so(capsys):
    counts = (Domain.objects.count(), IndexTerm.objects.count(), Indicator.objects.count())
    report = framework_load()
    assert not report.changed
    call_command("load_framework")
    out = capsys.readouterr().out
    assert "nothing changed" in out
    assert (Domain.objects.count(), IndexTerm.objects.count(), Indicator.objects.count()) == counts
    assert counts[:2] == (14, 217)


def test_a_load_puts_back_a_changed_domain_description():
    domain = Domain.objects.get(number=1)
    original = domain.description
    domain.description = "Edited by hand"
    domain.save()
    report = framework_load()
    assert report.counts["Domains"]["updated"] == 1
    domain.refresh_from_db()
    assert domain.description == original


def test_a_load_leaves_indicators_changed_by_a_toolkit_import_alone():
    indicator = Indicator.objects.get(code="S01-01")
    indicator.wording = "Official wording from the toolkit"
    indicator.provenance = Provenance.FRAMEWORK
    indicator.toolkit_version = "toolkit.xlsx"
    indicator.save()
    framework_load()
    indicator.refresh_from_db()
    assert indicator.wording == "Official wording from the toolkit"


def test_a_load_into_an_empty_bank_writes_each_kind_in_one_statement(
    django_assert_max_num_queries,
):
    """Each kind is read once and its new rows written together, not row by row: the browser
    tests load the framework afresh for every test, and a first `bin/run` on a new machine."""
    before = {
        "types": DomainType.objects.count(),
        "domains": Domain.objects.count(),
        "indicators": Indicator.objects.count(),
        "terms": IndexTerm.objects.count(),
    }
    IndexTerm.objects.all().delete()
    Indicator.objects.all().delete()
    Domain.objects.all().delete()
    DomainType.objects.all().delete()

    # About two queries a kind (types, domains, indicators, index terms and their domains,
    # starter sources, their questions, what indicators take from them, synonyms): fixed.
    with django_assert_max_num_queries(30):
        report = framework_load()

    assert {
        "types": DomainType.objects.count(),
        "domains": Domain.objects.count(),
        "indicators": Indicator.objects.count(),
        "terms": IndexTerm.objects.count(),
    } == before
    assert report.counts["Indicators"]["created"] == before["indicators"]
    esol = IndexTerm.objects.get(term="ESOL")
    assert [d.number for d in esol.domains.all()] == [9]


def test_every_starter_indicator_has_a_named_starter_source_and_known_availability():
    starters = Indicator.objects.filter(provenance__in=["starter", "framework"])
    assert starters.count() == 123
    for indicator in starters.prefetch_related("questions__data_source"):
        sources = [question.data_source for question in indicator.questions.all()]
        assert sources, f"{indicator.code} has no starter source"
        assert all(source.is_starter for source in sources)
        assert all(source.publisher and source.frequency for source in sources)
        assert indicator.data_availability, f"{indicator.code}: availability not derived"
        assert indicator.local_data == any(source.is_local for source in sources)
    # Published sources link to the publisher; the council's own records have no page.
    for source in DataSource.objects.filter(is_starter=True):
        assert source.url.startswith("https://") or source.publisher.startswith("Your council")


def test_local_figures_and_the_council_s_own_collection_are_told_apart():
    employment = Indicator.objects.get(code="S01-01")  # Annual Population Survey, Census 2021
    assert employment.local_data
    assert employment.official_statistics
    assert employment.national_survey
    belonging = Indicator.objects.get(code="S02-07")  # only a pupil survey of the council's own
    assert not belonging.local_data
    assert belonging.data_availability == ["Other data"]


def test_a_toolkit_source_of_the_same_name_is_left_as_the_toolkit_made_it():
    source = DataSource.objects.get(name="Annual Population Survey")
    source.is_starter = False
    source.frequency = "As the toolkit says"
    source.save()
    framework_load()
    source.refresh_from_db()
    assert source.frequency == "As the toolkit says"
    assert not source.is_starter
