"""Optimistic locking and recorded versions of any document people change together (plans,
readiness assessments, Exercise 1 worksheets), in one place.

A versioned document has a `version` number. Every change is made from the version its form was
made from: `versioned_change` claims the next version with one conditional UPDATE (of two saves
from the same version exactly one wins; the other raises `Stale` before anything is written),
runs the change, and lets the document's app keep its content as a version record (a model built
on `VersionRecord`), all in one transaction. Forms carry the version with `VersionFieldMixin`,
and a refused form keeps what was typed and carries the current version.

theory_of_change/versioning.py builds the plans' versions on this; readiness builds the
assessments' and the worksheets'.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ioi_planner.fields import LimitedTextField
from ioi_planner.text import UserTextFormMixin

# As long as a plan's short and long texts (theory_of_change.models).
SUBJECT_MAX_LENGTH = 200
REASON_MAX_LENGTH = 1000
# The largest number every database stores in a PositiveIntegerField: a bigger one was never a
# version of anything, and would overflow the database's integer.
VERSION_MAX = 2**31 - 1


class Stale(Exception):
    """The form was made from an older version of the document than the one saved now."""


def claim(queryset: models.QuerySet, *, pk, version: int) -> None:
    """Move the document `pk` of `queryset` from `version` to the next, or raise Stale. The
    document's model has `version` and `updated_at` fields."""
    # A conditional UPDATE is atomic on every database: of two saves from the same version,
    # exactly one matches the row; the other gets 0 rows and is refused.
    updated = queryset.filter(pk=pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise Stale


@dataclass
class Change:
    """What the version a change makes records about it; the block may fill in `subject` (the
    part it changed, named in the history) once it has made it."""

    subject: object = ""
    reason: str = ""


@contextmanager
def versioned_change(
    document: models.Model,
    *,
    version: int,
    record: Callable[[Change], object] | None = None,
    subject: object = "",
    reason: str = "",
) -> Iterator[Change]:
    """Change `document`, as made from `version`, in one transaction: claim the next version
    (or raise Stale, before anything is written), run the block, then `record` the change (keep
    the document's content as that version). If the block raises, nothing is saved, the
    claimed version included."""
    with transaction.atomic():
        claim(type(document)._default_manager.all(), pk=document.pk, version=version)
        document.version = version + 1  # type: ignore[attr-defined]
        change = Change(subject=subject, reason=reason)
        yield change
        if record is not None:
            record(change)


def subject_text(item: object) -> str:
    return str(item)[:SUBJECT_MAX_LENGTH]


class VersionRecord(models.Model):
    """One saved change of a document: its number, which section was changed how, and the
    whole document's content afterwards (a JSON snapshot), so any two versions can be compared.
    Rows are only ever added. A concrete record adds the document it belongs to and its author."""

    number = models.PositiveIntegerField(_("version number"))  # the document's version after it
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    section = models.CharField(_("section"), max_length=50)
    # What was done, as a code the history page words (and translates): add, change, ...
    action = models.CharField(_("action"), max_length=30)
    # The part the change was about, as it read then (its text or name), if any.
    subject = models.CharField(_("about"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    reason = LimitedTextField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    snapshot = models.JSONField(_("content"))

    class Meta:
        abstract = True
        ordering = ["-number"]


STALE_MESSAGE = _(
    "This was changed (in another tab, by someone else in your team, or by sending this form "
    "twice) after you opened this page, so nothing was saved. Check what you typed below and "
    "save again if it is still needed."
)


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class VersionFieldMixin(UserTextFormMixin, _FormBase):
    """A form that changes a versioned document: carries the version it was made from (none for
    a form that creates one). `stale_message` says why a refused form saved nothing."""

    stale_message = STALE_MESSAGE

    def __init__(self, *args, versioned: models.Model | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            min_value=0,
            max_value=VERSION_MAX,
            initial=getattr(versioned, "version", 0),
            required=versioned is not None,
            error_messages=dict.fromkeys(
                ["required", "invalid", "min_value", "max_value"], self.stale_message
            ),
        )

    # What others saved since this form was made, once it is refused (if the app knows).
    changes_since = None

    def refuse_as_stale(self, *, current_version: int, changes_since=None) -> None:
        """Show why nothing was saved, keep what was typed, and carry the current version so the
        person can save again knowingly; `changes_since` says who saved what meanwhile."""
        self.changes_since = changes_since
        self.add_error(None, self.stale_message)
        data = cast(QueryDict, self.data).copy()
        data[self.add_prefix("version")] = str(current_version)
        self.data = data
