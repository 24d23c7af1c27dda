"""The shape of a plan, declared once: its sections in the wizard's order, the plan's own answers
each section asks, and the kinds of part (outcomes, outputs …) with their fields, their links to
other parts, and their labels.

Snapshots (snapshots.py), restore (history/services.py), the history's descriptions and
differences (history/compare.py), the sections a change is recorded in (wizard/services.py), the
review page's rows, the plan page's stakeholder table and the chain (through part_values.py)
read this declaration. To add a field to a part kind: add it to the
model (and a migration) and declare it here; tests/theory_of_change/test_shape.py then checks
that the field is kept in a snapshot, shown in a difference, brought back by a restore and
shown on the review page.

What does not fit a plain field or a link between parts is named here but handled where it is
used: an outcome's indicators (links to the indicator bank, kept with their wording), an
assumption's evidence and what it is about (one of four links).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    InterventionKind,
    Outcome,
    Output,
    PlanItem,
    PlanLanguage,
    Stakeholder,
    StakeholderKind,
)


@dataclass(frozen=True)
class Answer:
    """One of the plan's own answers: a field of Plan, kept in snapshot["answers"]."""

    name: str
    label: Promise
    choices: Any = None  # the field's choices, shown by their label


@dataclass(frozen=True)
class Field:
    """A field of a part: a model field, and the key of its value in a snapshot's row."""

    name: str
    label: Promise
    choices: Any = None  # the field's choices, shown by their label
    # Yes/no fields shown together as one line, "<group>: <label>, <label>" of those set.
    group: Promise | None = None


@dataclass(frozen=True)
class Link:
    """Links from a part to parts of another kind of the same plan (a many-to-many field),
    kept in a snapshot as the linked parts' ids."""

    name: str
    to: str  # the key of the kind linked to
    label: Promise


@dataclass(frozen=True)
class PartKind:
    key: str  # the snapshot's list, and the related name of the parts on Plan
    model: type[PlanItem]
    label: Promise  # one part, as a heading: "Outcome"
    plural: Promise  # several, in a sentence: "outcomes"
    fields: tuple[Field, ...]  # the first is the part's own text, its title
    links: tuple[Link, ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def label_of(self, name: str) -> Promise:
        """The label of one of the kind's fields."""
        return next(f.label for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Section:
    """A step of the wizard, and the section of the plan a change is recorded in."""

    slug: str
    answers: tuple[Answer, ...] = ()
    parts: tuple[PartKind, ...] = ()


OUTCOMES = PartKind(
    "outcomes",
    Outcome,
    _("Outcome"),
    _("outcomes"),
    fields=(
        Field("text", _("Outcome")),
        Field("baseline", _("Baseline")),
        Field("target", _("Target")),
    ),
)
OUTPUTS = PartKind(
    "outputs",
    Output,
    _("Output"),
    _("outputs"),
    fields=(Field("text", _("Output")),),
    links=(Link("outcomes", "outcomes", _("Outcomes it serves")),),
)
ACTIVITIES = PartKind(
    "activities",
    Activity,
    _("Activity"),
    _("activities"),
    fields=(Field("text", _("Activity")), Field("inputs", _("Inputs"))),
    links=(Link("outputs", "outputs", _("Outputs it leads to")),),
)
BARRIERS = PartKind(
    "barriers", Barrier, _("Barrier"), _("barriers"), (Field("text", _("Barrier")),)
)
ASSUMPTIONS = PartKind(
    "assumptions", Assumption, _("Assumption"), _("assumptions"), (Field("text", _("Assumption")),)
)
STAKEHOLDERS = PartKind(
    "stakeholders",
    Stakeholder,
    _("Stakeholder"),
    _("stakeholders"),
    fields=(
        Field("name", _("Who")),
        Field("kind", _("Kind"), choices=StakeholderKind.choices),
        Field("responsibility", _("Responsibility")),
        Field("in_design", _("design"), group=_("Involved in")),
        Field("in_delivery", _("delivery"), group=_("Involved in")),
        Field("in_evaluation", _("evaluation"), group=_("Involved in")),
    ),
)

PART_KINDS: tuple[PartKind, ...] = (
    OUTCOMES,
    OUTPUTS,
    ACTIVITIES,
    BARRIERS,
    ASSUMPTIONS,
    STAKEHOLDERS,
)
PART_KINDS_BY_KEY = {kind.key: kind for kind in PART_KINDS}

# Sharing is a section of its own: it says who sees the plan, not what the plan says, so a
# snapshot keeps it beside the answers and a restore leaves it alone.
SHARING = Answer("shared_with_team", _("Shared with the team"))

SECTIONS: tuple[Section, ...] = (
    Section(
        "plan",
        answers=(
            Answer("title", _("Title")),
            Answer("place", _("Place")),
            Answer("intervention_kind", _("New or existing"), choices=InterventionKind.choices),
            Answer("audience", _("Who it is for")),
            Answer("language", _("Written in"), choices=PlanLanguage.choices),
        ),
    ),
    Section(
        "problem-and-impact",
        answers=(
            Answer("problem", _("Integration problem")),
            Answer("impact", _("Long-term impact")),
        ),
    ),
    Section("domains"),
    Section("outcomes", parts=(OUTCOMES,)),
    Section("outputs", parts=(OUTPUTS,)),
    Section("activities", parts=(ACTIVITIES,)),
    Section("barriers-and-assumptions", parts=(BARRIERS, ASSUMPTIONS)),
    Section(
        "stakeholders",
        answers=(Answer("stakeholder_agreement", _("What the stakeholders have agreed")),),
        parts=(STAKEHOLDERS,),
    ),
    Section("check-and-share", answers=(SHARING,)),
)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}

# The plan's own answers a snapshot keeps, in the wizard's order (sharing is kept beside them).
ANSWERS: tuple[Answer, ...] = tuple(
    answer for section in SECTIONS for answer in section.answers if answer != SHARING
)
ANSWER_FIELDS: tuple[str, ...] = tuple(answer.name for answer in ANSWERS)
ANSWER_LABELS: dict[str, Promise] = {
    answer.name: answer.label for section in SECTIONS for answer in section.answers
}

# The section each answer is asked in, and each kind of part is changed in.
SECTION_OF_ANSWER: dict[str, str] = {
    answer.name: section.slug for section in SECTIONS for answer in section.answers
}
SECTION_OF_PART: dict[type[Model], str] = {
    kind.model: section.slug for section in SECTIONS for kind in section.parts
}
