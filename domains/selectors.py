"""Reads of the framework data, with their related rows already fetched."""

import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from ioi_planner.access import organisations_of
from ioi_planner.models import AnyUser

from . import search
from .models import (
    DataAvailability,
    Domain,
    DomainType,
    IndexTerm,
    Indicator,
    IndicatorStatus,
    Provenance,
    SearchSynonym,
)

NOT_YET_KNOWN = "not_yet_known"
LOCAL_FIGURES = "local"  # some data source publishes figures for a local authority
OWN_COLLECTION = "own"  # none does: measuring it locally needs the council's own data


def indicators_visible_to(user: AnyUser) -> QuerySet[Indicator]:
    """The bank as this user may see it: framework and starter wording, plus council-added
    indicators of the user's own council only."""
    return Indicator.objects.filter(
        Q(organisation__isnull=True) | Q(organisation__in=organisations_of(user))
    ).select_related("domain__type", "organisation")


def indicators_of_council(council) -> QuerySet[Indicator]:
    """The bank as offered on a plan of `council` (an Organisation): the shared bank and that
    council's own indicators, never another council's, whoever is choosing."""
    return Indicator.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=council)
    ).select_related("domain__type", "organisation")


def domain_types_with_domains() -> QuerySet[DomainType]:
    return DomainType.objects.prefetch_related(
        Prefetch("domains", queryset=Domain.objects.order_by("number"))
    )


def domain_detail(*, slug: str) -> Domain:
    return Domain.objects.select_related("type").get(slug=slug)


def domain_indicators(*, domain: Domain, user: AnyUser) -> QuerySet[Indicator]:
    return indicators_visible_to(user).filter(domain=domain)


def domain_index_terms(*, domain: Domain) -> QuerySet[IndexTerm]:
    return domain.index_terms.order_by("term")


def indicator_detail(*, pk: int, user: AnyUser) -> Indicator:
    return indicators_visible_to(user).prefetch_related("questions__data_source").get(pk=pk)


def normalise_query(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class IndicatorSearch:
    indicators: QuerySet[Indicator]
    matched_terms: list[search.IndexEntry]
    matched_domains: list[Domain]
    parsed: search.ParsedQuery | None = None

    def explain(self, indicator: Indicator) -> search.Explanation | None:
        """Why `indicator` is in the results: for the result lists to show."""
        if self.parsed is None or self.parsed.is_empty:
            return None
        return search.explain(indicator, self.parsed)


def keyword_index() -> list[search.IndexEntry]:
    """The keyword index's terms, each with its domains, in three small queries.

    Read as rows and pairs of ids rather than with prefetch_related, which builds a queryset for
    each of the index's 200-odd terms: that was a fifth of the bank's search page."""
    domains = {domain.pk: domain for domain in Domain.objects.order_by("number")}
    named: dict[int, list[Domain]] = {}
    pairs = IndexTerm.domains.through.objects.values_list("indexterm_id", "domain_id")
    for term_id, domain_id in pairs:
        named.setdefault(term_id, []).append(domains[domain_id])
    return [
        search.IndexEntry(
            term=term,
            domains=tuple(sorted(named.get(pk, ()), key=lambda domain: domain.number)),
        )
        for pk, term in IndexTerm.objects.values_list("pk", "term")
    ]


def indicator_search(
    *,
    user: AnyUser | None = None,
    bank: QuerySet[Indicator] | None = None,
    query: str = "",
    domain_type: DomainType | None = None,
    domain: Domain | None = None,
    availability: str = "",
    provenance: str = "",
    include_retired: bool = False,
) -> IndicatorSearch:
    """Filter the bank, and search it by words (domains/search.py).

    The query is searched in any of its words' forms in the wording, the data sources and survey
    questions, the synonyms table and the keyword index, whose terms name domains (so "ESOL"
    finds Language and Communication); results come most relevant first. Retired indicators are
    left out unless asked for. It searches `bank` when given (the bank as offered on one
    council's plans), otherwise the bank as the user sees it.
    """
    if bank is None:
        if user is None:
            raise TypeError("indicator_search needs the user or the bank to search")
        bank = indicators_visible_to(user)
    indicators = bank
    if not include_retired:
        indicators = indicators.filter(status=IndicatorStatus.ACTIVE)
    if domain_type is not None:
        indicators = indicators.filter(domain__type=domain_type)
    if domain is not None:
        indicators = indicators.filter(domain=domain)
    if availability == LOCAL_FIGURES:
        indicators = indicators.filter(local_data=True)
    elif availability == OWN_COLLECTION:
        indicators = indicators.filter(local_data=False)
    elif availability == NOT_YET_KNOWN:
        indicators = indicators.filter(**dict.fromkeys(DataAvailability.values, False))
    elif availability in DataAvailability.values:
        indicators = indicators.filter(**{availability: True})
    if provenance in Provenance.values:
        indicators = indicators.filter(provenance=provenance)

    query = normalise_query(query)
    if not query:
        return IndicatorSearch(
            indicators=indicators.order_by("domain__number", "group", "code"),
            matched_terms=[],
            matched_domains=[],
        )
    parsed = search.parse(query, synonyms=SearchSynonym.objects.all(), index_terms=keyword_index())
    if parsed.is_empty:
        # Only common words or punctuation: nothing to search for.
        return IndicatorSearch(
            indicators=indicators.none(), matched_terms=[], matched_domains=[], parsed=parsed
        )
    seen: dict[int, Domain] = {}
    for term in parsed.index_terms:
        for term_domain in term.domains:
            seen.setdefault(term_domain.pk, term_domain)
    return IndicatorSearch(
        indicators=search.scored(indicators, parsed),
        matched_terms=parsed.index_terms,
        matched_domains=sorted(seen.values(), key=lambda d: d.number),
        parsed=parsed,
    )
