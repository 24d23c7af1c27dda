"""What changed since the lead last looked: for a plan back in review after a decision, the
difference between the version the lead decided on and now, section by section
(history/compare.py), and the comment threads resolved or answered since.

Two comparisons are offered on the review page: since the last decision (asking for changes,
or approving a plan that was then reopened), the default; and since the plan was sent for
review, for a lead who wants the whole round. Both read the versions the status changes
recorded (review/services.plan_transition records each as a version of its own): two queries
for the markers and the snapshots, however large the plan.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from theory_of_change.history.compare import CONTENT_SECTIONS, SectionDifference, compare
from theory_of_change.history.versions import section_title
from theory_of_change.models import Plan, PlanStatus, PlanVersion
from theory_of_change.review.selectors import CommentRow

SINCE_DECISION = "decision"
SINCE_SUBMITTED = "submitted"
# The status changes a lead decides, as the versions they recorded are named.
DECISIONS = ("status-request-changes", "status-approve")
SUBMITTED = "status-submit"


@dataclass
class ThreadActivity:
    """A comment thread that moved since the comparison's start."""

    comment: CommentRow
    section: str
    resolved: bool
    replies: int


@dataclass
class ChangesSince:
    since: str  # SINCE_DECISION or SINCE_SUBMITTED
    older: int  # the version compared with
    newer: int  # the plan's version now
    at: datetime  # when the older version was recorded
    by: str  # who recorded it (the lead who decided, or the author who sent it)
    decision: str  # the action of the older version: status-request-changes, ...
    differences: list[SectionDifference]
    threads: list[ThreadActivity] = field(default_factory=list)
    compare_url: str = ""
    other_url: str = ""  # the review page with the other comparison
    other_label: str = ""

    @property
    def heading(self) -> str:
        if self.since == SINCE_SUBMITTED:
            return _("What changed since the plan was sent for review")
        if self.decision == "status-approve":
            return _("What changed since the plan was approved")
        return _("What changed since changes were asked for")


def _markers(plan: Plan) -> tuple[PlanVersion | None, PlanVersion | None]:
    """The last decision of a lead and the last time the plan was sent for review."""
    versions = (
        PlanVersion.objects.filter(plan=plan, action__in=(*DECISIONS, SUBMITTED))
        .select_related("author")
        .defer("snapshot")
        .order_by("-number")
    )
    decision = submitted = None
    for version in versions:
        if version.action in DECISIONS and decision is None:
            decision = version
        if version.action == SUBMITTED and submitted is None:
            submitted = version
        if decision and submitted:
            break
    return decision, submitted


def _threads_since(plan: Plan, at: datetime) -> list[ThreadActivity]:
    """The threads resolved, or replied to, since `at`, in the order of the review page.
    Reads plan.comments (review/selectors.plan_for_review), oldest first."""
    activity: dict[int, ThreadActivity] = {}
    roots = {c.pk: c for c in plan.comments if c.parent_id is None}
    for comment in plan.comments:
        root = roots.get(comment.parent_id or comment.pk)
        if root is None:
            continue
        resolved = comment.parent_id is None and bool(
            comment.resolved_at and comment.resolved_at >= at
        )
        replied = comment.parent_id is not None and comment.created_at >= at
        if resolved or replied:
            entry = activity.setdefault(
                root.pk, ThreadActivity(root, section_title(root.section), False, 0)
            )
            entry.resolved = entry.resolved or resolved
            entry.replies += int(replied)
    return list(activity.values())


def changes_since(plan: Plan, *, since: str = "") -> ChangesSince | None:
    """For a plan in review after an earlier decision: what changed since that decision
    (or, with since="submitted", since the plan was sent for review). None for a plan with no
    decision to compare with, or whose versions are not recorded."""
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.RESUBMITTED):
        return None
    decision, submitted = _markers(plan)
    if decision is None or submitted is None:
        return None  # a first review: everything is new to the lead
    start = submitted if since == SINCE_SUBMITTED else decision
    snapshots = dict(
        PlanVersion.objects.filter(plan=plan, number__in=(start.number, plan.version)).values_list(
            "number", "snapshot"
        )
    )
    if start.number not in snapshots or plan.version not in snapshots:
        return None
    review_url = reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})
    chosen = SINCE_SUBMITTED if since == SINCE_SUBMITTED else SINCE_DECISION
    compare_url = reverse("theory_of_change:plan_history_compare", kwargs={"plan_id": plan.pk})
    return ChangesSince(
        since=chosen,
        older=start.number,
        newer=plan.version,
        at=start.created_at,
        by=str(start.author) if start.author else "",
        decision=start.action,
        differences=compare(
            snapshots[start.number], snapshots[plan.version], sections=CONTENT_SECTIONS
        ),
        threads=_threads_since(plan, start.created_at),
        compare_url=f"{compare_url}?from={start.number}&to={plan.version}",
        other_url=(
            f"{review_url}#changes-since"
            if chosen == SINCE_SUBMITTED
            else f"{review_url}?since={SINCE_SUBMITTED}#changes-since"
        ),
        other_label=(
            _("Show what changed since the last decision")
            if chosen == SINCE_SUBMITTED
            else _("Show what changed since the plan was sent for review")
        ),
    )
