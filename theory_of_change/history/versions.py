"""What each version in a plan's history did, in words, and the rows of the history page."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from theory_of_change.models import PlanVersion
from theory_of_change.steps import STEPS_BY_SLUG

# Sections of a version that are not a wizard step: what else claims the plan's version.
OTHER_SECTIONS = {
    "status": gettext_lazy("Review status"),
    "collaborators": gettext_lazy("Collaborators"),
    "owner": gettext_lazy("Owner"),
    "evaluation": gettext_lazy("Evaluation plan"),
}


def section_title(slug: str) -> str:
    if not slug:
        return ""
    if slug == "restore":
        return _("Restore")
    if slug in OTHER_SECTIONS:
        return str(OTHER_SECTIONS[slug])
    step = STEPS_BY_SLUG.get(slug)
    return str(step.title) if step else slug


ACTIONS = {
    "baseline": gettext_lazy("The plan as it was before its changes were recorded"),
    "create": gettext_lazy("Created the plan"),
    "example": gettext_lazy("Started the plan from a worked example"),
    "answers": gettext_lazy("Changed the answers"),
    "domains": gettext_lazy("Chose the domains"),
    "add": gettext_lazy("Added “%(subject)s”"),
    "change": gettext_lazy("Changed “%(subject)s”"),
    "remove": gettext_lazy("Removed “%(subject)s”"),
    "move-up": gettext_lazy("Moved “%(subject)s” up"),
    "move-down": gettext_lazy("Moved “%(subject)s” down"),
    "indicators": gettext_lazy("Chose the indicators of “%(subject)s”"),
    "council-indicator": gettext_lazy("Added a council indicator to “%(subject)s”"),
    "indicator-switch": gettext_lazy(
        "Switched a retired indicator to the toolkit’s new one: “%(subject)s”"
    ),
    "evidence-add": gettext_lazy("Added evidence for “%(subject)s”"),
    "evidence-change": gettext_lazy("Changed evidence for “%(subject)s”"),
    "evidence-remove": gettext_lazy("Removed evidence for “%(subject)s”"),
    "restore": gettext_lazy("Restored an earlier version"),
    "status-submit": gettext_lazy("Sent the plan for review"),
    "status-request-changes": gettext_lazy("Asked for changes"),
    "status-resubmit": gettext_lazy("Sent the plan for review again"),
    "status-approve": gettext_lazy("Approved the plan"),
    "status-reopen": gettext_lazy("Reopened the plan as a new draft"),
    "status-archive": gettext_lazy("Archived the plan"),
    "collaborator-add": gettext_lazy("Added “%(subject)s” as a collaborator"),
    "collaborator-remove": gettext_lazy("Removed “%(subject)s” as a collaborator"),
    "hand-over": gettext_lazy("Handed the plan over to “%(subject)s”"),
    "evaluation-change": gettext_lazy("Changed the evaluation of “%(subject)s”"),
    "measurement-add": gettext_lazy("Added a measurement of %(subject)s"),
    "measurement-remove": gettext_lazy("Removed a measurement of %(subject)s"),
    "target-set": gettext_lazy("Changed the target of %(subject)s"),
    "target-add": gettext_lazy("Added a target for %(subject)s"),
    "target-remove": gettext_lazy("Removed a target for %(subject)s"),
    "group-add": gettext_lazy("Added the group “%(subject)s”"),
    "group-remove": gettext_lazy("Removed the group “%(subject)s”"),
}


def describe(version: PlanVersion) -> str:
    """What a version did, in a few words."""
    template = ACTIONS.get(version.action)
    if template is None:
        return version.action
    text = str(template)
    return text % {"subject": version.subject} if "%(subject)s" in text else text


def author_name(version: PlanVersion) -> str:
    if version.author is None:
        return _("The system")
    return version.author.full_name or version.author.email


@dataclass
class VersionRow:
    number: int
    author: str
    created_at: Any
    section: str
    description: str
    reason: str
    compare_previous_url: str
    restore_url: str


def version_rows(
    versions, *, plan_id, current: int, editable: bool, known: set[int]
) -> list[VersionRow]:
    """The history page's rows; `known` is every recorded version number of the plan."""
    compare_url = reverse("theory_of_change:plan_history_compare", kwargs={"plan_id": plan_id})
    rows = []
    for version in versions:
        rows.append(
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
                restore_url=(
                    reverse(
                        "theory_of_change:plan_history_restore",
                        kwargs={"plan_id": plan_id, "number": version.number},
                    )
                    if editable and version.number != current
                    else ""
                ),
            )
        )
    return rows
