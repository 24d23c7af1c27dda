"""Working out what an import would change: compare the rows read from a workbook with the
indicator bank as it is now.

The identity rule (also in docs/features/toolkit-import.md):
1. an indicator in the file whose code matches an existing framework or starter indicator's code
   is that indicator;
2. otherwise domain + normalised wording (case, spacing and punctuation folded, "&" read as
   "and") matches a framework indicator (active or retired), then a starter one;
3. otherwise a *small wording edit* matches: an unmatched framework indicator in the same
   domain and group, with no different code, whose wording is similar enough
   (difflib ratio >= SIMILARITY_THRESHOLD). Starter wording is never matched fuzzily: it was
   written for this service, and the official wording is not an edit of it.
What matched and differs is "changed"; what is new is "added"; framework and starter
indicators the file no longer has are "retired" (kept, and marked so). Council-added indicators
are never touched.

Reading the bank takes a fixed number of queries however big the file.
"""

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from domains.models import DataAvailability, DataSource, Indicator, IndicatorQuestion, Provenance

from .reader import Problem, ReadResult, Row, SourceValues, column_letter, normalise

SIMILARITY_THRESHOLD = 0.85
# A retired indicator that plans use is offered a successor: the added indicator of its domain
# worded most like it, at least this alike (a reworded or official version of it).
SUCCESSOR_THRESHOLD = 0.6
# Fuzzy matching compares leftovers pairwise; beyond this many pairs in one domain it is skipped
# (the leftovers are then retired and added), so a hostile file cannot make it quadratic.
MAX_FUZZY_PAIRS = 250_000
PREVIEW_LIMIT = 100
AVAILABILITY_FIELDS = tuple(DataAvailability.values)
SOURCE_ATTRIBUTES = {
    "publisher": "publisher",
    "level": "geography_level",
    "frequency": "frequency",
    "disaggregation": "disaggregation",
    "data_url": "url",
    "technical_url": "technical_url",
}
# A source's Welsh (domains.models.DataSource), dropped when the file rewrites the source.
SOURCE_WELSH = ("publisher_cy", "frequency_cy", "disaggregation_cy")
GENERATED_CODE = re.compile(r"^HO(\d{2})-(\d+)$")


@dataclass
class FileIndicator:
    domain: int
    wording: str
    key: str
    code: str
    group: str | None
    first_row: int
    availability: frozenset[str] | None
    # (normalised text, normalised source name) -> (text, source name)
    questions: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)


@dataclass
class IndicatorChange:
    existing: dict  # the bank's row as values
    incoming: FileIndicator
    fields: dict[str, tuple]  # field -> (before, after)


@dataclass
class ImportPlan:
    added: list[FileIndicator]
    changed: list[IndicatorChange]
    unchanged: list[tuple[dict, FileIndicator]]
    retired: list[dict]
    problems: list[Problem]
    sources_added: list[SourceValues]
    sources_changed: list[tuple[dict, SourceValues, dict]]
    sources_absent: list[str]
    # (indicator id or the FileIndicator for a new one, text, source name)
    questions_added: list[tuple[int | FileIndicator, str, str]]
    questions_removed: list[dict]
    new_codes: dict[int, str]  # id(FileIndicator) -> code
    rows_read: int
    # A retired indicator's id -> the added indicator offered to plans in its place.
    successors: dict[int, FileIndicator] = field(default_factory=dict)
    # "cy": a Welsh toolkit, whose changes are only the Welsh of indicators the bank has.
    language: str = "en-gb"

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "retired": len(self.retired),
            "unchanged": len(self.unchanged),
            "rejected": len(self.problems),
            "sources_added": len(self.sources_added),
            "sources_changed": len(self.sources_changed),
            "sources_absent": len(self.sources_absent),
            "questions_added": len(self.questions_added),
            "questions_removed": len(self.questions_removed),
            "rows_read": self.rows_read,
        }

    def summary_line(self) -> str:
        c = self.counts
        return (
            f"added {c['added']}, changed {c['changed']}, retired {c['retired']}, "
            f"unchanged {c['unchanged']}, rejected {c['rejected']}"
        )

    def digest(self) -> str:
        """A fingerprint of every write the plan would make, so apply can tell whether the
        bank moved since the preview."""
        payload = {
            "added": [(i.domain, i.key, i.code, i.group) for i in self.added],
            "changed": [
                (c.existing["id"], sorted((k, repr(v)) for k, v in c.fields.items()))
                for c in self.changed
            ],
            "retired": [r["id"] for r in self.retired],
            "sources_added": [
                (s.name, *(getattr(s, a) for a in SOURCE_ATTRIBUTES)) for s in self.sources_added
            ],
            "sources_changed": [(e["id"], sorted(d.items())) for e, _s, d in self.sources_changed],
            "questions_added": [
                (q if isinstance(q, int) else (q.domain, q.key), t, s)
                for q, t, s in self.questions_added
            ],
            "questions_removed": [q["id"] for q in self.questions_removed],
            "successors": sorted((k, v.domain, v.key) for k, v in self.successors.items()),
            "rejected": [p.as_dict() for p in self.problems],
        }
        encoded = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()


def _collect(result: ReadResult) -> tuple[dict[tuple[int, str], FileIndicator], list[Problem]]:
    """Group rows into indicators (one row per question or source), refusing contradictions."""
    problems = list(result.problems)
    by_key: dict[tuple[int, str], FileIndicator] = {}
    by_code: dict[str, FileIndicator] = {}
    for row in result.rows:
        key = (row.domain, normalise(row.wording))
        existing = by_key.get(key)
        code_owner = by_code.get(row.code.casefold()) if row.code else None
        if code_owner is not None and code_owner is not existing:
            problems.append(
                _row_problem(
                    result,
                    row,
                    "code",
                    _("The code %(code)s is already used on row %(row)d for another indicator")
                    % {"code": row.code, "row": code_owner.first_row},
                    row.code,
                )
            )
            continue
        if existing is not None and row.code and existing.code and row.code != existing.code:
            problems.append(
                _row_problem(
                    result,
                    row,
                    "code",
                    _("The same indicator is on row %(row)d with the code %(code)s")
                    % {"row": existing.first_row, "code": existing.code},
                    row.code,
                )
            )
            continue
        if existing is None:
            existing = FileIndicator(
                domain=row.domain,
                wording=row.wording,
                key=key[1],
                code=row.code,
                group=row.group,
                first_row=row.number,
                availability=row.availability,
            )
            by_key[key] = existing
            if row.code:
                by_code[row.code.casefold()] = existing
        elif row.availability is not None:
            existing.availability = (existing.availability or frozenset()) | row.availability
        source_name = row.source.name if row.source else ""
        if row.question or source_name:
            question_key = (normalise(row.question), normalise(source_name))
            existing.questions.setdefault(question_key, (row.question, source_name))
    return by_key, problems


def _row_problem(result: ReadResult, row: Row, column: str, message: str, value: str) -> Problem:
    index = result.layout.mapping.get(column)
    return Problem(
        sheet=result.layout.sheet_name,
        row=row.number,
        column=column_letter(index) if index is not None else "",
        header=result.layout.headers[index] if index is not None else "",
        message=message,
        value=value,
    )


INDICATOR_VALUES = (
    "id",
    "code",
    "domain__number",
    "wording",
    "group",
    "provenance",
    "status",
    *AVAILABILITY_FIELDS,
)


def plan_import(result: ReadResult, *, partial: bool = False) -> ImportPlan:
    """Compare what the file holds with the bank, and say what applying it would do. A
    `partial` update (a file that is not the whole toolkit) retires no indicator and removes no
    question: what the file does not have is left as it is. A Welsh toolkit gives only the
    Welsh of indicators the bank has (plan_welsh)."""
    if result.layout.language == "cy":
        return plan_welsh(result)
    incoming, problems = _collect(result)
    bank = list(Indicator.objects.exclude(provenance=Provenance.COUNCIL).values(*INDICATOR_VALUES))
    council_codes = set(
        Indicator.objects.filter(provenance=Provenance.COUNCIL).values_list("code", flat=True)
    )
    by_code = {row["code"].casefold(): row for row in bank}
    by_key: dict[tuple[str, int, str], dict] = {}
    for row in bank:
        key = (row["provenance"], row["domain__number"], normalise(row["wording"]))
        # Prefer an active row when a retired one has the same wording.
        if key not in by_key or row["status"] == "active":
            by_key[key] = row

    matched: dict[int, FileIndicator] = {}
    matched_ids: set[int] = set()
    unmatched: list[FileIndicator] = []
    kept_problems: list[Problem] = []
    for item in incoming.values():
        if item.code and item.code in council_codes:
            kept_problems.append(
                Problem(
                    sheet=result.layout.sheet_name,
                    row=item.first_row,
                    column="",
                    header="",
                    message=_("The code %(code)s belongs to an indicator a council added")
                    % {"code": item.code},
                    value=item.code,
                )
            )
            continue
        row = by_code.get(item.code.casefold()) if item.code else None
        if row is None or row["id"] in matched_ids:
            row = by_key.get((Provenance.FRAMEWORK, item.domain, item.key))
            if row is None or row["id"] in matched_ids:
                row = by_key.get((Provenance.STARTER, item.domain, item.key))
        if row is not None and row["id"] not in matched_ids:
            matched[row["id"]] = item
            matched_ids.add(row["id"])
        else:
            unmatched.append(item)
    problems.extend(kept_problems)

    leftovers = [
        row
        for row in bank
        if row["id"] not in matched_ids and row["provenance"] == Provenance.FRAMEWORK
    ]
    for row_id, item in _fuzzy_matches(unmatched, leftovers).items():
        matched[row_id] = item
        matched_ids.add(row_id)
    fuzzy_items = {id(item) for item in matched.values()}
    added = [item for item in unmatched if id(item) not in fuzzy_items]

    # Rows that were rejected, or that name an indicator the file has, keep it from retiring.
    protected = result.rejected_keys | {(row.domain, normalise(row.wording)) for row in result.rows}
    bank_by_id = {row["id"]: row for row in bank}
    changed: list[IndicatorChange] = []
    unchanged: list[tuple[dict, FileIndicator]] = []
    for row_id, item in matched.items():
        existing = bank_by_id[row_id]
        fields = _differences(existing, item, taken_codes=by_code, council_codes=council_codes)
        if fields:
            changed.append(IndicatorChange(existing=existing, incoming=item, fields=fields))
        else:
            unchanged.append((existing, item))
    retired = [
        row
        for row in bank
        if row["id"] not in matched_ids
        and row["status"] == "active"
        and (row["domain__number"], normalise(row["wording"])) not in protected
    ]

    new_codes = _new_codes(
        added, existing_codes=set(by_code) | {c.casefold() for c in council_codes}
    )
    sources_added, sources_changed, sources_absent, source_names = _plan_sources(result)
    questions_added, questions_removed = _plan_questions(matched, added, source_names)
    if partial:
        retired, questions_removed = [], []
    successors = _successors(retired, added)
    return ImportPlan(
        added=added,
        changed=sorted(changed, key=lambda c: (c.incoming.domain, c.incoming.first_row)),
        unchanged=unchanged,
        retired=sorted(retired, key=lambda r: (r["domain__number"], r["code"])),
        problems=sorted(problems, key=lambda p: p.row),
        sources_added=sources_added,
        sources_changed=sources_changed,
        sources_absent=sources_absent,
        questions_added=questions_added,
        questions_removed=questions_removed,
        new_codes=new_codes,
        rows_read=result.rows_read,
        successors=successors,
    )


WELSH_FIELDS = {"wording": "wording_cy", "group": "group_cy"}


def plan_welsh(result: ReadResult) -> ImportPlan:
    """A Welsh toolkit (toolkit_import/welsh.py): each indicator of the file is matched to the
    bank's by its code, and its wording and group become that indicator's Welsh. Nothing is
    added, retired or changed in English, and no plan is told (the indicators say the same); a
    row whose code the bank does not have, or that has no code, is rejected."""
    incoming, problems = _collect(result)
    bank = Indicator.objects.exclude(provenance=Provenance.COUNCIL).exclude(code="")
    by_code = {
        row["code"].casefold(): row
        for row in bank.values(*INDICATOR_VALUES, *WELSH_FIELDS.values())
    }
    changed: list[IndicatorChange] = []
    unchanged: list[tuple[dict, FileIndicator]] = []
    for item in incoming.values():
        row = by_code.pop(item.code.casefold(), None) if item.code else None
        if row is None:
            message = (
                _(
                    "No indicator in the bank has the code %(code)s: import the English toolkit first"
                )
                % {"code": item.code}
                if item.code
                else _("A Welsh toolkit is matched to the bank by indicator code: enter the code")
            )
            problems.append(
                Problem(
                    sheet=result.layout.sheet_name,
                    row=item.first_row,
                    column="",
                    header="",
                    message=message,
                    value=item.code,
                )
            )
            continue
        welsh = {"wording": item.wording, "group": item.group}
        fields = {
            target: (row[target], welsh[name])
            for name, target in WELSH_FIELDS.items()
            if welsh[name] is not None and welsh[name] != row[target]
        }
        if fields:
            changed.append(IndicatorChange(existing=row, incoming=item, fields=fields))
        else:
            unchanged.append((row, item))
    return ImportPlan(
        added=[],
        changed=sorted(changed, key=lambda c: (c.incoming.domain, c.incoming.first_row)),
        unchanged=unchanged,
        retired=[],
        problems=sorted(problems, key=lambda p: p.row),
        sources_added=[],
        sources_changed=[],
        sources_absent=[],
        questions_added=[],
        questions_removed=[],
        new_codes={},
        rows_read=result.rows_read,
        language="cy",
    )


def _successors(retired: list[dict], added: list[FileIndicator]) -> dict[int, FileIndicator]:
    """For each retired indicator that a plan uses, the added indicator of the same domain worded
    most like it (SUCCESSOR_THRESHOLD), so its plans can switch in one step."""
    if not retired or not added:
        return {}
    try:
        Indicator._meta.get_field("outcomes")
    except FieldDoesNotExist:
        return {}
    by_id = {row["id"]: row for row in retired}
    in_use: set[int] = set()
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        in_use |= set(
            Indicator.objects.filter(pk__in=ids[start : start + 500], outcomes__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
        )
    items_by_domain: dict[int, list[FileIndicator]] = defaultdict(list)
    for item in added:
        items_by_domain[item.domain].append(item)
    successors = {}
    for row_id in sorted(in_use):
        row = by_id[row_id]
        items = items_by_domain.get(row["domain__number"], [])[
            : MAX_FUZZY_PAIRS // max(len(in_use), 1)
        ]
        matcher = SequenceMatcher(None, b=normalise(row["wording"]), autojunk=False)
        best, best_ratio = None, SUCCESSOR_THRESHOLD
        for item in items:
            matcher.set_seq1(item.key)
            if matcher.quick_ratio() >= best_ratio and (ratio := matcher.ratio()) >= best_ratio:
                best, best_ratio = item, ratio
        if best is not None:
            successors[row_id] = best
    return successors


def _fuzzy_matches(
    unmatched: list[FileIndicator], leftovers: list[dict]
) -> dict[int, FileIndicator]:
    """Pair small wording edits: the most similar pairs first, each side used once."""
    by_domain: dict[int, list[dict]] = defaultdict(list)
    for row in leftovers:
        by_domain[row["domain__number"]].append(row)
    candidates: list[tuple[float, int, int]] = []
    items_by_domain: dict[int, list[FileIndicator]] = defaultdict(list)
    for item in unmatched:
        items_by_domain[item.domain].append(item)
    for number, items in items_by_domain.items():
        rows = by_domain.get(number, [])
        if not rows or len(rows) * len(items) > MAX_FUZZY_PAIRS:
            continue
        for row in rows:
            wording = normalise(row["wording"])
            matcher = SequenceMatcher(None, b=wording, autojunk=False)
            for item in items:
                if row["group"] and item.group and normalise(row["group"]) != normalise(item.group):
                    continue
                if item.code and row["code"].casefold() != item.code.casefold():
                    continue
                matcher.set_seq1(item.key)
                if (
                    matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
                    and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
                ):
                    ratio = matcher.ratio()
                    if ratio >= SIMILARITY_THRESHOLD:
                        candidates.append((ratio, row["id"], id(item)))
    items_by_ref = {id(item): item for item in unmatched}
    pairs: dict[int, FileIndicator] = {}
    used: set[int] = set()
    for _ratio, row_id, item_ref in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if row_id in pairs or item_ref in used:
            continue
        pairs[row_id] = items_by_ref[item_ref]
        used.add(item_ref)
    return pairs


def _differences(existing: dict, item: FileIndicator, *, taken_codes, council_codes) -> dict:
    fields: dict[str, tuple] = {}
    if existing["wording"] != item.wording:
        fields["wording"] = (existing["wording"], item.wording)
    if existing["domain__number"] != item.domain:
        fields["domain"] = (existing["domain__number"], item.domain)
    if item.group is not None and item.group != existing["group"]:
        fields["group"] = (existing["group"], item.group)
    if existing["provenance"] != Provenance.FRAMEWORK:
        fields["provenance"] = (existing["provenance"], str(Provenance.FRAMEWORK))
    if existing["status"] != "active":
        fields["status"] = (existing["status"], "active")
    if (
        item.code
        and item.code != existing["code"]
        and item.code.casefold() not in taken_codes
        and item.code not in council_codes
    ):
        fields["code"] = (existing["code"], item.code)
    if item.availability is not None:
        before = frozenset(name for name in AVAILABILITY_FIELDS if existing[name])
        if before != item.availability:
            fields["availability"] = (sorted(before), sorted(item.availability))
    return fields


def _new_codes(added: list[FileIndicator], *, existing_codes: set[str]) -> dict[int, str]:
    """Codes for new indicators: the file's own where it has one, else HO<domain>-<n>."""
    codes: dict[int, str] = {}
    taken = set(existing_codes)
    next_number: dict[int, int] = defaultdict(lambda: 1)
    for code in existing_codes:
        match = GENERATED_CODE.match(code.upper())
        if match:
            domain, number = int(match.group(1)), int(match.group(2))
            next_number[domain] = max(next_number[domain], number + 1)
    for item in added:
        if item.code and item.code.casefold() not in taken:
            code = item.code
        else:
            while True:
                code = f"HO{item.domain:02d}-{next_number[item.domain]:04d}"
                next_number[item.domain] += 1
                if code.casefold() not in taken:
                    break
        taken.add(code.casefold())
        codes[id(item)] = code
    return codes


def _plan_sources(result: ReadResult):
    wanted: dict[str, SourceValues] = {}
    for row in result.rows:
        if row.source is not None:
            wanted.setdefault(normalise(row.source.name), row.source)
    existing = {
        normalise(row["name"]): row
        for row in DataSource.objects.values("id", "name", *SOURCE_ATTRIBUTES.values())
    }
    added, changed = [], []
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            added.append(values)
            continue
        differences = {
            model_field: getattr(values, attribute)
            for attribute, model_field in SOURCE_ATTRIBUTES.items()
            if row[model_field] != getattr(values, attribute)
        }
        if differences:
            changed.append((row, values, differences))
    absent = sorted(row["name"] for key, row in existing.items() if key not in wanted)
    names = {
        key: (existing[key]["name"] if key in existing else v.name) for key, v in wanted.items()
    }
    return added, changed, absent, names


def _plan_questions(matched: dict[int, FileIndicator], added: list[FileIndicator], source_names):
    current: dict[int, dict[tuple[str, str], dict]] = defaultdict(dict)
    for question in IndicatorQuestion.objects.filter(
        indicator__provenance__in=[Provenance.FRAMEWORK, Provenance.STARTER]
    ).values("id", "indicator_id", "text", "data_source__name"):
        key = (normalise(question["text"]), normalise(question["data_source__name"] or ""))
        current[question["indicator_id"]][key] = question
    questions_added: list[tuple[int | FileIndicator, str, str]] = []
    questions_removed: list[dict] = []
    for row_id, item in matched.items():
        have = current.get(row_id, {})
        for key, (text, source) in item.questions.items():
            if key not in have:
                questions_added.append((row_id, text, source_names.get(key[1], source)))
        questions_removed.extend(q for key, q in have.items() if key not in item.questions)
    for item in added:
        for key, (text, source) in item.questions.items():
            questions_added.append((item, text, source_names.get(key[1], source)))
    return questions_added, questions_removed


def plans_using(indicator_ids: list[int]) -> dict[int, list[dict]]:
    """The plans whose outcomes use each indicator: title and council, one query per 500 ids.

    Reached through the reverse relation from Indicator, so this app never imports the plans app.
    """
    try:
        Indicator._meta.get_field("outcomes")
    except FieldDoesNotExist:
        return {}
    found: dict[int, list[dict]] = defaultdict(list)
    for start in range(0, len(indicator_ids), 500):
        chunk = indicator_ids[start : start + 500]
        rows = (
            Indicator.objects.filter(pk__in=chunk, outcomes__isnull=False)
            .values_list("pk", "outcomes__plan__title", "outcomes__plan__team__organisation__name")
            .distinct()
            .order_by("pk", "outcomes__plan__title")
        )
        for pk, title, council in rows:
            entry = {"title": title, "council": council}
            if entry not in found[pk]:
                found[pk].append(entry)
    return dict(found)


def plans_touched(indicators: dict[int, str]) -> list[dict]:
    """Every plan whose outcomes use one of `indicators` ({id: code}), with its council and the
    codes of those it uses, by council and title: one query per 500 indicators."""
    try:
        Indicator._meta.get_field("outcomes")
    except FieldDoesNotExist:
        return []
    ids = list(indicators)
    plans: dict = {}
    for start in range(0, len(ids), 500):
        rows = (
            Indicator.objects.filter(pk__in=ids[start : start + 500], outcomes__isnull=False)
            .values_list(
                "pk",
                "outcomes__plan_id",
                "outcomes__plan__title",
                "outcomes__plan__team__organisation__name",
            )
            .distinct()
        )
        for pk, plan_id, title, council in rows:
            entry = plans.setdefault(plan_id, {"title": title, "council": council, "codes": set()})
            entry["codes"].add(indicators[pk])
    return [
        {"title": p["title"], "council": p["council"], "codes": ", ".join(sorted(p["codes"]))}
        for p in sorted(plans.values(), key=lambda p: (p["council"], p["title"]))
    ]


def preview_of(plan: ImportPlan, domain_names: dict[int, str]) -> dict:
    """The preview page's content: counts and the first PREVIEW_LIMIT items of each list."""
    limit = PREVIEW_LIMIT
    # A Welsh toolkit changes what no plan is told of: no plans to list.
    english = plan.language != "cy"
    plans = plans_using(
        [c.existing["id"] for c in plan.changed[:limit]] + [r["id"] for r in plan.retired[:limit]]
        if english
        else []
    )

    touched = (
        plans_touched(
            {c.existing["id"]: c.existing["code"] for c in plan.changed}
            | {r["id"]: r["code"] for r in plan.retired}
        )
        if english
        else []
    )

    def domain(number: int) -> str:
        return f"{number}. {domain_names.get(number, '')}"

    def describe(fields: dict) -> list[dict]:
        described = []
        for name, (before, after) in fields.items():
            if name == "domain":
                before, after = domain(before), domain(after)
            elif name == "availability":
                before = ", ".join(before) or "–"
                after = ", ".join(after) or "–"
            described.append({"field": name, "before": before or "–", "after": after or "–"})
        return described

    return {
        "added": [
            {
                "code": plan.new_codes[id(item)],
                "domain": domain(item.domain),
                "wording": item.wording,
                "row": item.first_row,
            }
            for item in plan.added[:limit]
        ],
        "changed": [
            {
                "id": c.existing["id"],
                "code": c.existing["code"],
                "domain": domain(c.incoming.domain),
                "row": c.incoming.first_row,
                "changes": describe(c.fields),
                "plans": plans.get(c.existing["id"], []),
            }
            for c in plan.changed[:limit]
        ],
        "retired": [
            {
                "id": r["id"],
                "code": r["code"],
                "domain": domain(r["domain__number"]),
                "wording": r["wording"],
                "provenance": r["provenance"],
                "plans": plans.get(r["id"], []),
            }
            for r in plan.retired[:limit]
        ],
        "sources_added": [s.name for s in plan.sources_added[:limit]],
        "sources_changed": [
            {"name": e["name"], "fields": sorted(d)} for e, _s, d in plan.sources_changed[:limit]
        ],
        "sources_absent": plan.sources_absent[:limit],
        "questions_added": [
            {"text": text or "–", "source": source or "–"}
            for _q, text, source in plan.questions_added[:limit]
        ],
        "questions_removed": [
            {"text": q["text"] or "–", "source": q["data_source__name"] or "–"}
            for q in plan.questions_removed[:limit]
        ],
        "rejected": [p.as_dict() for p in plan.problems[:limit]],
        "touched_plans": touched[:limit],
        "touched_plans_count": len(touched),
        "limit": limit,
        "language": plan.language,
    }
