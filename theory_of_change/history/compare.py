"""The difference between two versions of a plan.

Two snapshots (snapshots.py) are compared section by section, in the wizard's order: the plan's
answers that changed, and the parts added, removed or changed, matched by their ids. Text changes
are shown inline, word by word.
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ioi_planner.text import lines_html
from theory_of_change import shape
from theory_of_change.history.versions import section_title
from theory_of_change.models import (
    EvidenceKind,
    EvidenceStrength,
)
from theory_of_change.part_values import declared_values, shown

# Words with the space after them: changes are shown a word at a time, and a run of changed
# words reads as one change rather than one per word.
TOKEN = re.compile(r"\S+\s*|\s+")


def inline_diff(old: str, new: str) -> SafeString:
    """`old` changed into `new`, with what was removed in <del> and what was added in <ins>."""
    before, after = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(lines_html("".join(before[i1:i2])))
            continue
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        # The space after a changed run of words is shown plainly, outside the marks.
        space = (added or removed)[len((added or removed).rstrip()) :]
        if removed.strip():
            pieces.append(
                format_html(
                    '<del class="app-diff__removed"><span class="govuk-visually-hidden">{} </span>'
                    '{}<span class="govuk-visually-hidden"> {}</span></del>',
                    _("removed:"),
                    lines_html(removed.rstrip()),
                    _("end of removed text"),
                )
            )
        if removed.strip() and added.strip():
            pieces.append(" ")
        if added.strip():
            pieces.append(
                format_html(
                    '<ins class="app-diff__added"><span class="govuk-visually-hidden">{} </span>'
                    '{}<span class="govuk-visually-hidden"> {}</span></ins>',
                    _("added:"),
                    lines_html(added.rstrip()),
                    _("end of added text"),
                )
            )
        pieces.append(lines_html(space))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def inline(self) -> SafeString:
        return inline_diff(self.old, self.new)


@dataclass
class PartChange:
    kind: str  # "Outcome", "Barrier"...
    status: str  # added, removed, changed
    title: str
    # Changed: the fields that changed. Added or removed: every other field the part has.
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return {"added": _("Added"), "removed": _("Removed"), "changed": _("Changed")}[self.status]

    @property
    def tag_classes(self) -> str:
        return {
            "added": "govuk-tag--green",
            "removed": "govuk-tag--red",
            "changed": "govuk-tag--blue",
        }[self.status]


@dataclass
class SectionDifference:
    slug: str
    title: str
    answers: list[FieldChange] = field(default_factory=list)
    parts: list[PartChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.answers or self.parts or self.notes)


def _choice(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


Fields = Callable[[dict, dict], list[tuple[str, str]]]


class Links(str):
    """Linked parts, shown by their text but compared by their ids: a part whose linked part
    was reworded has not changed itself."""

    ids: tuple

    def __new__(cls, text: str, ids):
        value = super().__new__(cls, text)
        value.ids = tuple(ids)
        return value


def _key(value: str):
    return value.ids if isinstance(value, Links) else value


def _texts(snapshot: dict, kind: str, ids: list[int]) -> str:
    by_id = {row["id"]: row["text"] for row in snapshot[kind]}
    return Links("\n".join(by_id.get(pk, "?") for pk in ids), ids)


def _indicators(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    return [
        (
            _("Indicators"),
            "\n".join(f"{i['code']}: {i['wording']}" for i in row["indicators"]),
        )
    ]


def _about(row: dict, snapshot: dict) -> str:
    ids = (row["barrier"], row["activity"], row["output"], row["outcome"])
    return Links(_about_text(row, snapshot), ids)


def _about_text(row: dict, snapshot: dict) -> str:
    def text(kind, pk):
        return str(_texts(snapshot, kind, [pk]))

    if row["barrier"]:
        return _("The barrier “%(barrier)s”") % {"barrier": text("barriers", row["barrier"])}
    if row["activity"] and row["output"]:
        return _("The activity “%(activity)s” leading to the output “%(output)s”") % {
            "activity": text("activities", row["activity"]),
            "output": text("outputs", row["output"]),
        }
    if row["output"] and row["outcome"]:
        return _("The output “%(output)s” serving the outcome “%(outcome)s”") % {
            "output": text("outputs", row["output"]),
            "outcome": text("outcomes", row["outcome"]),
        }
    if row["outcome"]:
        return _("The outcome “%(outcome)s” leading to the long-term impact") % {
            "outcome": text("outcomes", row["outcome"])
        }
    return ""


def _assumption(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    evidence = "\n".join(
        f"{_choice(EvidenceKind.choices, e['kind'])}: {e['source']} "
        f"({_choice(EvidenceStrength.choices, e['strength'])})"
        for e in row["evidence"]
    )
    return [(_("About"), _about(row, snapshot)), (_("Evidence"), evidence)]


# What each kind shows besides its declared fields and links (see shape.py).
EXTRAS: dict[str, Fields] = {"outcomes": _indicators, "assumptions": _assumption}


def declared_fields(kind: shape.PartKind) -> Fields:
    """A part's fields as its kind declares them (part_values.columns: yes/no fields of a group
    on one line, named by the labels of those set), then its links, then what EXTRAS adds."""

    def fields(row: dict, snapshot: dict) -> list[tuple[str, str]]:
        rows = declared_values(kind, row, lambda to, ids: _texts(snapshot, to, ids))
        return [(str(label), value) for label, value in rows] + EXTRAS.get(
            kind.key, lambda row, snapshot: []
        )(row, snapshot)

    return fields


def _domain(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    return [(_("Domain"), f"{row['number']}. {row['name']}")]


@dataclass(frozen=True)
class PartKind:
    key: str  # the snapshot's list
    label: Any
    fields: Fields
    plural: Any = ""
    ordered: bool = True  # whether a change of the parts' order is a change worth showing


@dataclass(frozen=True)
class Section:
    slug: str
    answers: list[shape.Answer]
    parts: list[PartKind]
    title: Any = None  # by default, the plan's section of that slug


# The sections in the wizard's order, as shape.py declares them; the domains are compared as
# a list of parts of their own.
SECTIONS: list[Section] = [
    Section(
        section.slug,
        list(section.answers),
        [PartKind(k.key, k.label, declared_fields(k), k.plural) for k in section.parts]
        if section.slug != "domains"
        else [PartKind("domains", gettext_lazy("Domain"), _domain, ordered=False)],
    )
    for section in shape.SECTIONS
]


# What a restore brings back: every section but the sharing (see snapshots.content).
CONTENT_SECTIONS = [section.slug for section in SECTIONS if section.slug != "check-and-share"]


def _both_have(old: dict, new: dict, answer: shape.Answer) -> bool:
    return answer.name in old["answers"] and answer.name in new["answers"]


def _answer(snapshot: dict, answer: shape.Answer) -> str:
    if answer == shape.SHARING:
        return _yes_no(snapshot.get(answer.name, False))
    return shown(answer, snapshot["answers"].get(answer.name, ""))


def _part_changes(kind: PartKind, old: dict, new: dict) -> tuple[list[PartChange], list[str]]:
    before = {row["id"]: row for row in old[kind.key]}
    after = {row["id"]: row for row in new[kind.key]}
    changes = []
    for row in old[kind.key]:
        if row["id"] not in after:
            fields = [FieldChange(label, value, "") for label, value in kind.fields(row, old)]
            # The first field is the part's own text, shown as its title.
            changes.append(
                PartChange(
                    str(kind.label), "removed", fields[0].old, [f for f in fields[1:] if f.old]
                )
            )
    for row in new[kind.key]:
        fields_after = kind.fields(row, new)
        if row["id"] not in before:
            fields = [FieldChange(label, "", value) for label, value in fields_after]
            changes.append(
                PartChange(
                    str(kind.label), "added", fields[0].new, [f for f in fields[1:] if f.new]
                )
            )
            continue
        fields_before = dict(kind.fields(before[row["id"]], old))
        changed = [
            FieldChange(label, fields_before.get(label, ""), value)
            for label, value in fields_after
            if _key(fields_before.get(label, "")) != _key(value)
        ]
        if changed:
            changes.append(PartChange(str(kind.label), "changed", fields_after[0][1], changed))
    notes = []
    kept_before = [pk for pk in before if pk in after]
    kept_after = [pk for pk in after if pk in before]
    if kind.ordered and kept_before != kept_after:
        notes.append(_("The order of the %(kind)s changed.") % {"kind": kind.plural})
    return changes, notes


def compare(old: dict, new: dict, *, sections: list[str] | None = None) -> list[SectionDifference]:
    """The sections that differ between two snapshots of a plan, in the wizard's order (only
    those named in `sections`, when given)."""
    return compare_sections(old, new, SECTIONS, only=sections)


def compare_sections(
    old: dict, new: dict, sections: list[Section], *, only: list[str] | None = None
) -> list[SectionDifference]:
    """The sections that differ between two snapshots of any versioned document whose shape is
    `sections` (answers in snapshot["answers"], parts in lists of rows with an "id")."""
    differences = []
    for section in sections:
        if only is not None and section.slug not in only:
            continue
        title = str(section.title) if section.title else section_title(section.slug)
        difference = SectionDifference(section.slug, title)
        for answer in section.answers:
            if answer != shape.SHARING and not _both_have(old, new, answer):
                continue  # a question added since the older version was kept
            before, after = _answer(old, answer), _answer(new, answer)
            if before != after:
                difference.answers.append(FieldChange(str(answer.label), before, after))
        for kind in section.parts:
            parts, notes = _part_changes(kind, old, new)
            difference.parts.extend(parts)
            difference.notes.extend(notes)
        if difference.changed:
            differences.append(difference)
    return differences
