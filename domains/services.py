"""Writes to the framework data."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import DataAvailability, Domain, DomainType, IndexTerm, Indicator, Provenance

FRAMEWORK_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "framework"


@dataclass
class LoadReport:
    """What a load did, per kind of record: created, updated and unchanged counts."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{kind}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for kind, c in self.counts.items()
        ]


def _upsert(model, *, lookup: dict, values: dict, report: LoadReport, kind: str):
    """Create or update one row, touching the database only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
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


def _read(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def framework_load(*, directory: Path = FRAMEWORK_FIXTURES) -> LoadReport:
    """Load types, domains, the starter/framework indicator bank and the keyword index.

    Idempotent: rows are matched on natural keys (type slug, domain number, indicator code,
    index-term key) and only rewritten when they differ. Indicators that a toolkit import has
    since changed (framework provenance with a toolkit version) are left as the import left them.
    """
    report = LoadReport()
    structure = _read(directory / "domains.json")

    types = {}
    for item in structure["types"]:
        types[item["slug"]] = _upsert(
            DomainType,
            lookup={"slug": item["slug"]},
            values={
                "name": item["name"],
                "order": item["order"],
                "description": item["description"],
            },
            report=report,
            kind="Domain types",
        )

    domains = {}
    for item in structure["domains"]:
        domains[item["number"]] = _upsert(
            Domain,
            lookup={"number": item["number"]},
            values={
                "slug": item["slug"],
                "name": item["name"],
                "type": types[item["type"]],
                "section": item["section"],
                "aliases": item.get("aliases", []),
                "summary": item["summary"],
                "description": item["description"],
            },
            report=report,
            kind="Domains",
        )

    imported_codes = set(
        Indicator.objects.exclude(toolkit_version="").values_list("code", flat=True)
    )
    for item in _read(directory / "indicators.json"):
        if item["code"] in imported_codes:
            report.add("Indicators", "unchanged")
            continue
        availability = set(item.get("data_availability", []))
        _upsert(
            Indicator,
            lookup={"code": item["code"]},
            values={
                "domain": domains[item["domain"]],
                "wording": item["wording"],
                "group": item.get("group") or "",
                "provenance": Provenance(item["provenance"]),
                "provenance_note": item.get("note", ""),
                **{value: value in availability for value in DataAvailability.values},
            },
            report=report,
            kind="Indicators",
        )

    existing_terms = {term.key: term for term in IndexTerm.objects.prefetch_related("domains")}
    for item in _read(directory / "keyword-index.json"):
        key = IndexTerm.make_key(item["term"], item["domains"])
        term = existing_terms.get(key)
        wanted = {domains[number].pk for number in item["domains"]}
        if term is None:
            term = IndexTerm.objects.create(key=key, term=item["term"])
            term.domains.set(wanted)
            report.add("Index terms", "created")
        elif {d.pk for d in term.domains.all()} != wanted:
            term.domains.set(wanted)
            report.add("Index terms", "updated")
        else:
            report.add("Index terms", "unchanged")

    return report
