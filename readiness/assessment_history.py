"""What each version in an assessment's history did, in words, and the history page's rows."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theory_of_change.history.versions import author_name

from .areas import AREAS_BY_SLUG
from .models import AssessmentVersion

ACTIONS = {
    "create": gettext_lazy("Started the assessment"),
    "next-round": gettext_lazy("Started the assessment from the last round"),
    "answers": gettext_lazy("Changed the answers"),
    "action-add": gettext_lazy("Added the action “%(subject)s”"),
    "action-change": gettext_lazy("Changed the action “%(subject)s”"),
    "action-remove": gettext_lazy("Removed the action “%(subject)s”"),
    "action-done": gettext_lazy("Marked “%(subject)s” as done"),
    "action-undone": gettext_lazy("Marked “%(subject)s” as not done"),
    "action-plan": gettext_lazy("Linked “%(subject)s” to a plan"),
    "action-unplan": gettext_lazy("Unlinked “%(subject)s” from its plan"),
    "submit": gettext_lazy("Sent the assessment for review"),
    "reviewed": gettext_lazy("Marked the assessment as reviewed"),
    "changes": gettext_lazy("Asked for changes"),
}


def describe(version: AssessmentVersion) -> str:
    template = ACTIONS.get(version.action)
    if template is None:
        return version.action
    text = str(template)
    return text % {"subject": version.subject} if "%(subject)s" in text else text


def section_title(slug: str) -> str:
    if slug in AREAS_BY_SLUG:
        return AREAS_BY_SLUG[slug].title
    if slug == "status":
        return _("Review")
    return ""


@dataclass
class VersionRow:
    number: int
    author: str
    created_at: Any
    section: str
    description: str
    reason: str
    compare_previous_url: str


def version_rows(versions, *, assessment_id, known: set[int]) -> list[VersionRow]:
    compare_url = reverse(
        "readiness:assessment_history_compare", kwargs={"assessment_id": assessment_id}
    )
    return [
        VersionRow(
            number=version.number,
            author=author_name(version),
            created_at=version.created_at,
            section=section_title(version.section),
            description=describe(version),
            reason=version.reason,
            compare_previous_url=(
                f"{compare_url}?from={version.number - 1}&to={version.number}"
                if version.number - 1 in known
                else ""
            ),
        )
        for version in versions
    ]
