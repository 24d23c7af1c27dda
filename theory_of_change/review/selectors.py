"""Reads for the review: the plan as reviewed, who may comment, notifications and collaborators."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet

from ioi_planner.models import AnyUser, User, person_name
from theory_of_change.access import plans_visible_to
from theory_of_change.models import Notification, Plan, PlanTransition, ReviewComment
from theory_of_change.selectors import plan_for_display


@dataclass(frozen=True, slots=True)
class CommentRow:
    """A review comment as the review page shows it. Read as plain values: a large plan has
    hundreds of comments, and building a model and two people for each took longer than the
    rest of the page's queries together."""

    pk: int
    section: str
    text: str
    parent_id: int | None
    created_at: datetime
    resolved_at: datetime | None
    author: str
    resolved_by: str


def plan_for_review(*, plan_id: UUID, user: AnyUser) -> Plan:
    """plan_for_display, with the review's comments and status changes: a fixed number of
    queries however many comments there are (replies are grouped in Python)."""
    plan = plan_for_display(plan_id=plan_id, user=user)
    rows = ReviewComment.objects.filter(plan=plan).values_list(
        "pk",
        "section",
        "text",
        "parent_id",
        "created_at",
        "resolved_at",
        "author__full_name",
        "author__email",
        "resolved_by__full_name",
        "resolved_by__email",
    )
    plan.comments = [
        CommentRow(*row[:6], author=person_name(*row[6:8]), resolved_by=person_name(*row[8:10]))
        for row in rows
    ]
    plan.transition_list = list(PlanTransition.objects.filter(plan=plan).select_related("by"))
    return plan


NOTIFICATIONS_LIMIT = 50


def _notifications(user: User) -> QuerySet[Notification]:
    # Only about plans the user may still see: someone who left a team hears no more of its
    # plans, not even their titles.
    return Notification.objects.filter(user=user, plan__in=plans_visible_to(user).values("pk"))


def notifications_of(user: User) -> list[Notification]:
    return list(_notifications(user).select_related("plan")[:NOTIFICATIONS_LIMIT])


def unread_notification_count(user: User) -> int:
    return _notifications(user).filter(read_at__isnull=True).count()


def page_unread_notification_count(user: User) -> int:
    """The unread count for the page being made for request.user: counted once, however many
    parts of the page show it (the header, the dashboard, the notifications page). A request
    has its own user object, so the next page counts again."""
    cache = user.__dict__
    if "_page_unread_notifications" not in cache:
        cache["_page_unread_notifications"] = unread_notification_count(user)
    return cache["_page_unread_notifications"]


def collaborator_candidates(plan: Plan) -> list:
    """People in the plan's team who are neither its owner nor already collaborators."""
    return list(
        User.objects.filter(memberships__team=plan.team, is_active=True)
        .exclude(pk=plan.owner_id)
        .exclude(collaborating_plans=plan)
        .order_by("full_name", "email")
        .distinct()
    )
