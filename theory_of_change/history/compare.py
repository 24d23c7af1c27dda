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

from theory_of_change.history.versions import kind_plural, section_title
from theory_of_change.models import (
    EvidenceKind,
    EvidenceStrength,
    InterventionKind,
    StakeholderKind,
)

# Words with the space after them: changes are shown a word at a time, and a run of changed
# words reads as one change rather than one per word.
TOKEN = re.compile(r"\S+\s*|\s+")


# A constant of markup only, never user text: safe as it is.
LINE_BREAK = SafeString("<br>")


def _escaped(text: str) -> SafeString:
    # format_html_join escapes each line; the line breaks between them are markup.
    return format_html_join(LINE_BREAK, "{}", ((line,) for line in text.split("\n")))


def inline_diff(old: str, new: str) -> SafeString:
    """`old` changed into `new`, with what was removed in <del> and what was added in <ins>."""
    before, after = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(_escaped("".join(before[i1:i2])))
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
                    _escaped(removed.rstrip()),
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
                    _escaped(added.rstrip()),
                    _("end of added text"),
                )
            )
        pieces.append(_escaped(space))
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


def _outcome(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    return [
        (_("Outcome"), row["text"]),
        (_("Baseline"), row["baseline"]),
        (_("Target"), row["target"]),
        (
            _("Indicators"),
            "\n".join(f"{i['code']}: {i['wording']}" for i in row["indicators"]),
        ),
    ]


def _output(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    return [
        (_("Output"), row["text"]),
        (_("Outcomes it serves"), _texts(snapshot, "outcomes", row["outcomes"])),
    ]


def _activity(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    return [
        (_("Activity"), row["text"]),
        (_("Inputs"), row["inputs"]),
        (_("Outputs it leads to"), _texts(snapshot, "outputs", row["outputs"])),
    ]


def _barrier(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    return [(_("Barrier"), row["text"])]


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
    return [
        (_("Assumption"), row["text"]),
        (_("About"), _about(row, snapshot)),
        (_("Evidence"), evidence),
    ]


def _stakeholder(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    involved = [
        label
        for name, label in (
            ("in_design", _("design")),
            ("in_delivery", _("delivery")),
            ("in_evaluation", _("evaluation")),
        )
        if row[name]
    ]
    return [
        (_("Who"), row["name"]),
        (_("Kind"), _choice(StakeholderKind.choices, row["kind"])),
        (_("Responsibility"), row["responsibility"]),
        (_("Involved in"), ", ".join(involved)),
    ]


def _domain(row: dict, snapshot: dict) -> list[tuple[str, str]]:
    return [(_("Domain"), f"{row['number']}. {row['name']}")]


@dataclass(frozen=True)
class PartKind:
    key: str  # the snapshot's list
    label: Any
    fields: Fields


@dataclass(frozen=True)
class Section:
    slug: str
    answers: list[tuple[str, Any]]  # snapshot answer name, label
    parts: list[PartKind]


SECTIONS: list[Section] = [
    Section(
        "plan",
        [
            ("title", gettext_lazy("Title")),
            ("place", gettext_lazy("Place")),
            ("intervention_kind", gettext_lazy("New or existing")),
            ("audience", gettext_lazy("Who it is for")),
        ],
        [],
    ),
    Section(
        "problem-and-impact",
        [
            ("problem", gettext_lazy("Integration problem")),
            ("impact", gettext_lazy("Long-term impact")),
        ],
        [],
    ),
    Section("domains", [], [PartKind("domains", gettext_lazy("Domain"), _domain)]),
    Section("outcomes", [], [PartKind("outcomes", gettext_lazy("Outcome"), _outcome)]),
    Section("outputs", [], [PartKind("outputs", gettext_lazy("Output"), _output)]),
    Section("activities", [], [PartKind("activities", gettext_lazy("Activity"), _activity)]),
    Section(
        "barriers-and-assumptions",
        [],
        [
            PartKind("barriers", gettext_lazy("Barrier"), _barrier),
            PartKind("assumptions", gettext_lazy("Assumption"), _assumption),
        ],
    ),
    Section(
        "stakeholders",
        [("stakeholder_agreement", gettext_lazy("What stakeholders have agreed"))],
        [PartKind("stakeholders", gettext_lazy("Stakeholder"), _stakeholder)],
    ),
    Section("check-and-share", [("shared_with_team", gettext_lazy("Shared with the team"))], []),
]


# What a restore brings back: every section but the sharing (see snapshots.content).
CONTENT_SECTIONS = [section.slug for section in SECTIONS if section.slug != "check-and-share"]


def _answer(snapshot: dict, name: str) -> str:
    if name == "shared_with_team":
        return _yes_no(snapshot.get("shared_with_team", False))
    value = snapshot["answers"].get(name, "")
    if name == "intervention_kind":
        return _choice(InterventionKind.choices, value) if value else ""
    return value


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
    if kind.key != "domains" and kept_before != kept_after:
        notes.append(_("The order of the %(kind)s changed.") % {"kind": kind_plural(kind.key)})
    return changes, notes


def compare(old: dict, new: dict, *, sections: list[str] | None = None) -> list[SectionDifference]:
    """The sections that differ between two snapshots, in the wizard's order (only those named
    in `sections`, when given)."""
    differences = []
    for section in SECTIONS:
        if sections is not None and section.slug not in sections:
            continue
        difference = SectionDifference(section.slug, section_title(section.slug))
        for name, label in section.answers:
            before, after = _answer(old, name), _answer(new, name)
            if before != after:
                difference.answers.append(FieldChange(str(label), before, after))
        for kind in section.parts:
            parts, notes = _part_changes(kind, old, new)
            difference.parts.extend(parts)
            difference.notes.extend(notes)
        if difference.changed:
            differences.append(difference)
    return differences
