"""Optimistic locking of plans, built on the core's (ioi_planner/versioning.py): every change
to a plan is made from the version of the plan its form was made from, claims the next version,
and keeps the plan's content as a `PlanVersion`, in one transaction (`plan_change`); a form made
from an older version is refused with who saved what since (`form_saved`, `form_page`), unless
nobody changed its section.

Services of every app that change a plan use `plan_change`; forms that change a plan are
`VersionedForm` or `VersionedModelForm`; views save them with `form_saved` or `form_page`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ioi_planner.models import AnyUser
from ioi_planner.versioning import (
    Change,
    Stale,
    VersionFieldMixin,
    subject_text,
    versioned_change,
)
from theory_of_change.history.compare import compare
from theory_of_change.history.selectors import plan_snapshots, plan_versions
from theory_of_change.history.versions import author_name, describe
from theory_of_change.models import Plan, PlanVersion
from theory_of_change.snapshots import plan_snapshot


class StalePlan(Stale):
    """The form was made from an older version of the plan than the one saved now."""


def _keep_baseline(plan: Plan, version: int) -> None:
    # Plans made before their history was kept (or by scripts writing rows directly) have no
    # version for the content being changed: keep it now, still unchanged, so this change can
    # be compared with it and undone.
    if not PlanVersion.objects.filter(plan=plan, number=version).exists():
        PlanVersion.objects.create(
            plan=plan, number=version, section="", action="baseline", snapshot=plan_snapshot(plan)
        )


version_subject = subject_text


def plan_version_record(
    *,
    plan: Plan,
    user: AnyUser | None,
    section: str,
    action: str,
    subject: object = "",
    reason: str = "",
) -> PlanVersion:
    """Keep the plan's content after a change as version plan.version; called inside the
    change's transaction, so a change and its version are saved together or not at all."""
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        author=user if user is not None and user.is_authenticated else None,
        section=section,
        action=action,
        subject=version_subject(subject),
        reason=reason,
        snapshot=plan_snapshot(plan),
    )


@contextmanager
def plan_change(
    *,
    plan: Plan,
    version: int,
    user: AnyUser | None,
    section: str,
    action: str,
    subject: object = "",
    reason: str = "",
) -> Iterator[Change]:
    """Change `plan`, as made from `version`, in one transaction: claim the next version (or
    raise StalePlan, before anything is written), run the block, then keep the plan's content
    as that version, recording who changed which section how. If the block raises, nothing is
    saved, the claimed version included.

        with plan_change(plan=plan, version=version, user=user, section="outcomes",
                         action="add") as change:
            change.subject = Outcome.objects.create(plan=plan, ...)
    """

    def record(change: Change) -> None:
        plan_version_record(
            plan=plan,
            user=user,
            section=section,
            action=action,
            subject=change.subject,
            reason=change.reason,
        )

    try:
        with versioned_change(
            plan, version=version, record=record, subject=subject, reason=reason
        ) as change:
            _keep_baseline(plan, version)
            yield change
    except Stale as error:
        if isinstance(error, StalePlan):
            raise
        raise StalePlan from None


def form_saved(
    form, plan: Plan, write: Callable[[int], object], section: str | None = None
) -> bool:
    """Run a service for a valid form, given the version the form was made from; on a stale
    version or a broken rule, put the reason on the form (what was typed stays) and report that
    nothing was saved.

    When the plan changed since the form was made but not in `section` (the step the form
    edits), nobody's change to this section is overwritten, so the save goes through on the
    current version. Otherwise the form is refused and shows who saved what since, and how
    the section changed."""
    version = form.cleaned_data.get("version")
    try:
        try:
            write(version)
        except StalePlan:
            if section is None or section == "restore":
                raise
            changes = plan_changes_since(plan=plan, since=version, sections=[section])
            if not changes.known or changes.differences:
                raise
            write(changes.versions[0].number)
    except StalePlan:
        changes = None
        if section is not None:
            changes = plan_changes_since(
                plan=plan,
                since=version,
                # A restore changes every section, so it is shown every other change.
                sections=None if section == "restore" else [section],
            )
        form.refuse_as_stale(
            current_version=Plan.objects.values_list("version", flat=True).get(pk=plan.pk),
            changes_since=changes,
        )
        return False
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def form_page(
    request: HttpRequest,
    plan: Plan,
    form,
    *,
    write: Callable[[int], object],
    section: str | None,
    template: str,
    context: dict,
    done_url: str,
    message: str = "",
) -> HttpResponse:
    """A page with one form that changes the plan: a valid POST that `write` saves (see
    form_saved; with no `section`, any change since the form was made refuses it) goes on to
    `done_url`, with `message` if there is one; otherwise the page is shown (again, with what was
    typed and the errors)."""
    if (
        request.method == "POST"
        and form.is_valid()
        and form_saved(form, plan, write, section=section)
    ):
        if message:
            messages.success(request, message)
        return redirect(done_url)
    return render(request, template, {"plan": plan, "form": form, **context})


STALE_MESSAGE = _(
    "This plan was changed (in another tab, by a collaborator, or by sending this form twice) "
    "after you opened this page, so nothing was saved. Check what you typed below against the "
    "plan and save again if it is still needed."
)


class VersionMixin(VersionFieldMixin):
    """A form that changes a plan: carries the version of the plan it was made from."""

    stale_message = STALE_MESSAGE

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, versioned=plan, **kwargs)


class VersionedForm(VersionMixin, forms.Form):
    pass


class VersionedModelForm(VersionMixin, forms.ModelForm):
    def values(self) -> dict:
        """What the service writes: the model's fields of this form, links included."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


@dataclass
class ChangesSince:
    """What others saved after a form was made: shown when the form is refused as stale."""

    since: int
    versions: list["VersionSummary"]
    more: int  # versions saved since but not listed
    differences: list  # compare.SectionDifference of the form's section; empty if unknown
    known: bool  # whether the difference could be worked out (both versions recorded)


@dataclass
class VersionSummary:
    number: int
    author_name: str
    created_at: object
    description: str


CHANGES_SINCE_LIMIT = 5


def plan_changes_since(*, plan: Plan, since: int, sections: list[str] | None) -> ChangesSince:
    newer = plan_versions(plan).filter(number__gt=since)
    versions = list(newer[:CHANGES_SINCE_LIMIT])
    total = newer.count() if len(versions) == CHANGES_SINCE_LIMIT else len(versions)
    current = versions[0].number if versions else since
    snapshots = plan_snapshots(plan, [since, current])
    known = since in snapshots and current in snapshots and current != since
    differences = compare(snapshots[since], snapshots[current], sections=sections) if known else []
    return ChangesSince(
        since=since,
        versions=[
            VersionSummary(
                number=v.number,
                author_name=author_name(v),
                created_at=v.created_at,
                description=describe(v),
            )
            for v in versions
        ],
        more=total - len(versions),
        differences=differences,
        known=known,
    )
