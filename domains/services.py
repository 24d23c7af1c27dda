"""Writes to the framework data."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from .models import (
    LOCAL_LEVEL,
    DataAvailability,
    DataSource,
    Domain,
    DomainType,
    IndexTerm,
    Indicator,
    IndicatorQuestion,
    Provenance,
    SearchSynonym,
)

FRAMEWORK_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "framework"


@dataclass
class LoadReport:
    """What a load did, per kind of record: created, updated and unchanged counts."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str) -> None:
        counts = self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})
        counts[outcome] = counts.get(outcome, 0) + 1

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c.get("deleted") for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            + (f", {c['deleted']} deleted" if c.get("deleted") else "")
            for kind, c in self.counts.items()
        ]


def _upsert(model, *, existing: dict, lookup: dict, values: dict, report: LoadReport, kind: str):
    """Create or update one row, touching the database only when something differs.

    `existing` holds the rows already there, by the value of the one lookup field (read in one
    query per kind); a new row is left unsaved in `existing["new"]` for `_create_new` to write
    with the others in one statement."""
    [(field_name, key)] = lookup.items()
    obj = existing.get(key)
    if obj is None:
        obj = model(**lookup, **values)
        existing[key] = obj
        existing.setdefault(NEW, []).append(obj)
        report.add(kind, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.add(kind, "updated")
    else:
        report.add(kind, "unchanged")
    return obj


NEW = object()  # the key of `existing` under which _upsert lists the rows it made


def _welsh(item: dict, *fields: str) -> dict:
    """The Welsh of an item's fields, as the fixture gives it ("name_cy"...; empty if none)."""
    return {f"{field}_cy": item.get(f"{field}_cy", "") for field in fields}


def _rows_by(model, field_name: str) -> dict:
    return {getattr(obj, field_name): obj for obj in model.objects.all()}


def _create_new(model, existing: dict) -> None:
    """Write the rows _upsert made, in one statement (their primary keys are set on them)."""
    model.objects.bulk_create(existing.pop(NEW, []))


def _read(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def indicators_from_sources_refresh(indicator_ids=None) -> int:
    """Rewrite what an indicator takes from its data sources and questions, for
    `indicator_ids`, or for every indicator that has questions, had them or has Welsh wording;
    returns how many changed. Call it after questions, sources or Welsh wording change.

    - `search_text`: the Welsh wording, the sources' names and publishers and the questions,
      which search reads besides the wording (domains/search.py): Welsh words find an
      indicator by its Welsh wording;
    - `local_data`: whether a source publishes figures for a local authority.
    """
    if indicator_ids is None:
        indicators = Indicator.objects.filter(
            Q(pk__in=IndicatorQuestion.objects.values("indicator_id"))
            | ~Q(search_text="")
            | Q(local_data=True)
            | ~Q(wording_cy="")
        )
    else:
        indicators = Indicator.objects.filter(pk__in=list(indicator_ids))
    # Sub-selects, not lists of ids: an import can touch more indicators than a query may have
    # parameters on SQLite.
    current: dict[int, tuple[str, bool]] = {}
    texts: dict[int, list[str]] = {}
    for pk, text, is_local, welsh in indicators.values_list(
        "pk", "search_text", "local_data", "wording_cy"
    ):
        current[pk] = (text, is_local)
        texts[pk] = [welsh] if welsh else []
    local: set[int] = set()
    questions = IndicatorQuestion.objects.filter(indicator__in=indicators).order_by("pk")
    for indicator_id, text, name, publisher, level in questions.values_list(
        "indicator_id",
        "text",
        "data_source__name",
        "data_source__publisher",
        "data_source__geography_level",
    ):
        parts = texts[indicator_id]
        for part in (name, publisher, text):
            if part and part not in parts:
                parts.append(part)
        if level and LOCAL_LEVEL in level.lower():
            local.add(indicator_id)
    changed = [
        Indicator(pk=pk, search_text="\n".join(parts), local_data=pk in local)
        for pk, parts in texts.items()
        if ("\n".join(parts), pk in local) != current[pk]
    ]
    Indicator.objects.bulk_update(changed, ["search_text", "local_data"], batch_size=500)
    return len(changed)


def _load_starter_sources(
    data: dict, indicators: dict[str, Indicator], imported_codes: set[str], report: LoadReport
) -> None:
    """The starter data sources and what each starter indicator would use from them
    (fixtures/framework/starter-sources.json). A source a toolkit import has made its own
    (is_starter false) is left as the import left it; an indicator the toolkit has changed
    keeps the toolkit's questions."""
    existing = _rows_by(DataSource, "name")
    sources: dict[str, DataSource] = {}
    for item in data["sources"]:
        source = existing.get(item["name"])
        if source is not None and not source.is_starter:
            sources[item["key"]] = source
            report.add("Starter data sources", "unchanged")
            continue
        sources[item["key"]] = _upsert(
            DataSource,
            existing=existing,
            lookup={"name": item["name"]},
            values={
                "publisher": item["publisher"],
                "geography_level": item["geography"],
                "frequency": item["frequency"],
                "disaggregation": item["disaggregation"],
                **_welsh(item, "publisher", "frequency", "disaggregation"),
                "url": item["url"],
                "is_starter": True,
            },
            report=report,
            kind="Starter data sources",
        )
    _create_new(DataSource, existing)

    wanted: set[tuple[int, int | None, str]] = {
        (indicators[code].pk, sources[entry["source"]].pk, entry["measure"])
        for code, entries in data["indicators"].items()
        if code in indicators and code not in imported_codes
        for entry in entries
    }
    indicator_ids = {indicator_id for indicator_id, _source, _text in wanted}
    questions = IndicatorQuestion.objects.filter(
        indicator_id__in=indicator_ids, data_source__is_starter=True
    )
    have: dict[tuple[int, int | None, str], int] = {
        (q.indicator_id, q.data_source_id, q.text): q.pk for q in questions
    }
    have_welsh = {q.pk: q.text_cy for q in questions}
    removed = [pk for key, pk in have.items() if key not in wanted]
    added = sorted(wanted - set(have), key=str)
    IndicatorQuestion.objects.filter(pk__in=removed).delete()
    welsh: dict[tuple[int, int | None, str], str] = {
        (indicators[code].pk, sources[entry["source"]].pk, entry["measure"]): entry.get(
            "measure_cy", ""
        )
        for code, entries in data["indicators"].items()
        if code in indicators and code not in imported_codes
        for entry in entries
    }
    IndicatorQuestion.objects.bulk_create(
        IndicatorQuestion(
            indicator_id=indicator_id,
            data_source_id=source_id,
            text=text,
            text_cy=welsh[(indicator_id, source_id, text)],
        )
        for indicator_id, source_id, text in added
    )
    # A question kept whose Welsh is new or changed.
    IndicatorQuestion.objects.bulk_update(
        [
            IndicatorQuestion(pk=pk, text_cy=welsh[key])
            for key, pk in have.items()
            if key in wanted and welsh[key] != have_welsh[pk]
        ],
        ["text_cy"],
    )
    for _added in added:
        report.add("Starter questions", "created")
    for _removed in removed:
        report.add("Starter questions", "deleted")


def _load_synonyms(path: Path, report: LoadReport) -> None:
    data = _read(path)
    existing = _rows_by(SearchSynonym, "phrase")
    # The English entries, and the Welsh ones: a Welsh word finds what the bank's Welsh
    # wording (searched with the sources' text) and its English say about the same idea.
    for items, note in (
        (data["synonyms"], data["provenance"]),
        (data.get("synonyms_cy", []), data.get("provenance_cy", "")),
    ):
        for item in items:
            _upsert(
                SearchSynonym,
                existing=existing,
                lookup={"phrase": item["phrase"]},
                values={"related": item["related"], "provenance_note": note[:300]},
                report=report,
                kind="Search synonyms",
            )
    _create_new(SearchSynonym, existing)


@transaction.atomic
def framework_load(*, directory: Path = FRAMEWORK_FIXTURES) -> LoadReport:
    """Load types, domains, the starter/framework indicator bank with its starter data sources,
    the keyword index and the search synonyms.

    Idempotent: rows are matched on natural keys (type slug, domain number, indicator code,
    index-term key) and only rewritten when they differ. Indicators that a toolkit import has
    since changed (framework provenance with a toolkit version) are left as the import left them.
    """
    report = LoadReport()
    structure = _read(directory / "domains.json")

    types = {}
    existing_types = _rows_by(DomainType, "slug")
    for item in structure["types"]:
        types[item["slug"]] = _upsert(
            DomainType,
            existing=existing_types,
            lookup={"slug": item["slug"]},
            values={
                "name": item["name"],
                "order": item["order"],
                "description": item["description"],
                **_welsh(item, "name", "description"),
            },
            report=report,
            kind="Domain types",
        )

    _create_new(DomainType, existing_types)

    domains = {}
    existing_domains = _rows_by(Domain, "number")
    for item in structure["domains"]:
        domains[item["number"]] = _upsert(
            Domain,
            existing=existing_domains,
            lookup={"number": item["number"]},
            values={
                "slug": item["slug"],
                "name": item["name"],
                "type": types[item["type"]],
                "section": item["section"],
                "aliases": item.get("aliases", []),
                "summary": item["summary"],
                "description": item["description"],
                **_welsh(item, "name", "summary", "description"),
            },
            report=report,
            kind="Domains",
        )

    _create_new(Domain, existing_domains)

    imported_codes = set(
        Indicator.objects.exclude(toolkit_version="").values_list("code", flat=True)
    )
    starter_sources = _read(directory / "starter-sources.json")
    source_kinds = {item["key"]: item["kind"] for item in starter_sources["sources"]}
    existing_indicators = _rows_by(Indicator, "code")
    for item in _read(directory / "indicators.json"):
        if item["code"] in imported_codes:
            report.add("Indicators", "unchanged")
            continue
        # What is known to exist: as the fixture says, and the kinds of its starter sources.
        availability = set(item.get("data_availability", [])) | {
            source_kinds[entry["source"]]
            for entry in starter_sources["indicators"].get(item["code"], [])
        }
        _upsert(
            Indicator,
            existing=existing_indicators,
            lookup={"code": item["code"]},
            values={
                "domain": domains[item["domain"]],
                "wording": item["wording"],
                **_welsh(item, "wording", "group"),
                "group": item.get("group") or "",
                "provenance": Provenance(item["provenance"]),
                "provenance_note": item.get("note", ""),
                **{value: value in availability for value in DataAvailability.values},
            },
            report=report,
            kind="Indicators",
        )

    _create_new(Indicator, existing_indicators)

    existing_terms = {term.key: term for term in IndexTerm.objects.prefetch_related("domains")}
    new_terms: list[tuple[IndexTerm, set[int]]] = []
    for item in _read(directory / "keyword-index.json"):
        key = IndexTerm.make_key(item["term"], item["domains"])
        term = existing_terms.get(key)
        wanted = {domains[number].pk for number in item["domains"]}
        if term is None:
            term = IndexTerm(key=key, term=item["term"])
            existing_terms[key] = term
            new_terms.append((term, wanted))
            report.add("Index terms", "created")
        elif {d.pk for d in term.domains.all()} != wanted:
            term.domains.set(wanted)
            report.add("Index terms", "updated")
        else:
            report.add("Index terms", "unchanged")
    IndexTerm.objects.bulk_create(term for term, _domain_ids in new_terms)
    IndexTerm.domains.through.objects.bulk_create(
        IndexTerm.domains.through(indexterm_id=term.pk, domain_id=domain_id)
        for term, domain_ids in new_terms
        for domain_id in sorted(domain_ids)
    )

    _load_starter_sources(starter_sources, existing_indicators, imported_codes, report)
    _load_synonyms(directory / "synonyms.json", report)
    # What indicators take from their sources, questions and Welsh wording (search text, local
    # figures): once, for every indicator the load may have changed.
    indicators_from_sources_refresh()
    return report
