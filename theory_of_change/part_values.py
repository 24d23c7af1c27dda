"""What a part says, field by field, as its kind declares it (shape.py): the one reading of a
part that the plan page, the review page, the worked examples and the history's differences
share, so a field declared in shape.py shows everywhere without another change.

A part is either a saved model instance (read through prefetched relations only) or a row of a
snapshot (snapshots.py): both have the declared field names.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Choices
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language

from theory_of_change.shape import Answer, Field, PartKind

# Given the key of the kind linked to and the linked parts' ids, how to name them.
Linked = Callable[[str, list[int]], str]


def value_of(part: Any, name: str) -> Any:
    # A snapshot from before a field was declared lacks it: read as empty.
    return part.get(name, "") if isinstance(part, dict) else getattr(part, name)


def related(part: Any, name: str) -> list:
    """A saved part's related rows (an output's outcomes, an activity's outputs, an outcome's
    indicators, an assumption's evidence): as `selectors.attach_related` handed them over
    (`part.related`), else from a prefetch, else queried. Read from the prefetch itself, not
    `.all()`, which builds a related manager each time: a large plan's page reads hundreds."""
    attached = part.__dict__.get("related")
    if attached is not None and name in attached:
        return attached[name]
    prefetched = getattr(part, "_prefetched_objects_cache", {}).get(name)
    return list(prefetched if prefetched is not None else getattr(part, name).all())


def linked_ids(part: Any, name: str) -> list[int]:
    if isinstance(part, dict):
        return list(part.get(name, []))
    return [item.pk for item in related(part, name)]


def shown(f: Field | Answer, value: Any, language: str | None = None) -> str:
    """A field's (or a plan answer's) value as a person reads it: a choice by its label
    (`language`: the active one, if the caller already has it)."""
    if f.choices and value:
        return text_of(dict(f.choices).get(value, value), language)
    return value or ""


@dataclass(frozen=True)
class Column:
    """One line (or table column) of a part: a field, or the yes/no fields of one group."""

    label: Promise
    fields: tuple[Field, ...]
    link: str = ""  # the name of a link to other parts, when the column is one

    def read(
        self, part: Any, linked: Linked | None = None, to: str = "", language: str | None = None
    ) -> str:
        if self.link:
            ids = linked_ids(part, self.link)
            return linked(to, ids) if linked else ", ".join(str(pk) for pk in ids)
        if self.fields[0].group is not None:
            return ", ".join(
                text_of(f.label, language) for f in self.fields if value_of(part, f.name)
            )
        return shown(self.fields[0], value_of(part, self.fields[0].name), language)


def text_of(label: Promise | str, language: str | None = None) -> str:
    """A declared label in the active language. Labels are translated lazily, and a lazy
    string walks every catalogue each time it is read: a page of many parts reads each label
    many times, so each is translated once per language. A lazy string is known by its lazy
    function (its class) and the message it was given; its hash would translate it.
    `language`: the active language, if the caller already has it (a loop over many labels)."""
    if not isinstance(label, Promise):
        return label
    args = getattr(label, "_args", None)
    kwargs = getattr(label, "_kw", None)
    if args is None or kwargs:
        return str(label)
    key = (type(label), args, language or get_language())
    try:
        return _TRANSLATED[key]
    except KeyError:
        pass
    except TypeError:  # arguments that cannot be a key
        return str(label)
    if len(_TRANSLATED) >= _TRANSLATED_LIMIT:
        _TRANSLATED.clear()
    text = _TRANSLATED[key] = str(label)
    return text


_TRANSLATED: dict[tuple, str] = {}
_TRANSLATED_LIMIT = 4096  # the declared labels are a few hundred


def choice_label(choices: type[Choices], value: str) -> str:
    """A stored choice's label in the active language, translated once: Django's
    get_FOO_display() translates every label of the field's choices each time it is called,
    which a page of many parts pays for per row. An unknown value is shown as it is."""
    try:
        return text_of(choices(value).label)
    except ValueError:
        return value


def columns(kind: PartKind) -> tuple[Column, ...]:
    """The kind's fields in declared order (a group's yes/no fields as one), then its links.
    The same for every part of a kind: worked out once per kind (shape.py declares each kind
    once, under its own key)."""
    known = _COLUMNS.get(kind.key)
    if known is None or known[0] is not kind:
        known = _COLUMNS[kind.key] = (kind, tuple(_columns(kind)))
    return known[1]


_COLUMNS: dict[str, tuple[PartKind, tuple[Column, ...]]] = {}


def _columns(kind: PartKind) -> list[Column]:
    result: list[Column] = []
    for f in kind.fields:
        if f.group is not None and result and result[-1].fields[0].group == f.group:
            result[-1] = Column(f.group, (*result[-1].fields, f))
        else:
            result.append(Column(f.group if f.group is not None else f.label, (f,)))
    result.extend(Column(link.label, (), link=link.name) for link in kind.links)
    return result


def declared_values(
    kind: PartKind, part: Any, linked: Linked, language: str | None = None
) -> list[tuple[Promise, str]]:
    """(label, value) for each field and link of a part; `linked` names linked parts
    (`language`: the active one, if the caller already has it: read once for many parts)."""
    targets = {link.name: link.to for link in kind.links}
    return [
        (column.label, column.read(part, linked, targets.get(column.link, ""), language))
        for column in columns(kind)
    ]


def part_lines(
    kind: PartKind, part: Any, linked: Linked, *, not_given: str, extra: Sequence[str] = ()
) -> str:
    """A part as lines of text: its own text, then "Label: value" for each other field and
    link, then any `extra` lines (what the kind shows besides its declared fields)."""
    language = get_language()
    (_title_label, title), *others = declared_values(kind, part, linked, language)
    lines = [title or not_given]
    lines += [f"{text_of(label, language)}: {value or not_given}" for label, value in others]
    return "\n".join([*lines, *extra])


@dataclass
class PartTable:
    """Parts of one kind as a table: a header per column, the first column naming the row."""

    headers: list[str]
    rows: list[list[str]]


def part_table(kind: PartKind, parts: Iterable[Any], *, not_given: str) -> PartTable:
    cols = [column for column in columns(kind) if not column.link]
    return PartTable(
        headers=[str(column.label) for column in cols],
        rows=[[capfirst(column.read(part)) or not_given for column in cols] for part in parts],
    )
