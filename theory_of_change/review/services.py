"""Writes of the review: status changes (workflow.py), comments, collaborators, and the
notifications and emails they send. Changes to a plan go through versioning.plan_change.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ioi_planner.languages import language_of
from ioi_planner.mail import mail_enqueue
from ioi_planner.models import Role, User
from theory_of_change.models import (
    EMAIL_ERROR_MAX_LENGTH,
    Notification,
    NotificationKind,
    Plan,
    PlanStatus,
    PlanTransition,
    ReviewComment,
)
from theory_of_change.review.workflow import TRANSITIONS_BY_SLUG, actors_of, refusal
from theory_of_change.steps import STEPS_BY_SLUG
from theory_of_change.versioning import plan_change

logger = logging.getLogger(__name__)


class TransitionRefused(Exception):
    """The user may not make this change of status to the plan now; the message says why."""


def plan_transition(*, plan: Plan, user: User, slug: str, version: int, comment: str = "") -> Plan:
    """Change the plan's status as workflow.TRANSITIONS allows for this user and this state,
    record who, when and why, and tell the people concerned. Submitting shares the plan with its
    team, so that the team leads see it. Refused (TransitionRefused, StalePlan or
    ValidationError) with nothing changed."""
    transition = TRANSITIONS_BY_SLUG.get(slug)
    if transition is None:
        raise TransitionRefused(_("There is no such change of status."))
    comment = comment.strip()
    if transition.reason_required and not comment:
        raise ValidationError({"comment": _("Enter what needs to change, and why")})
    if len(comment) > (PlanTransition._meta.get_field("comment").max_length or 0):
        raise ValidationError({"comment": _("The comment must be 1000 characters or fewer")})
    before = (plan.version, plan.status, plan.shared_with_team)
    try:
        # The history shows each step of the review beside the content's changes.
        with plan_change(
            plan=plan,
            version=version,
            user=user,
            section="status",
            action=f"status-{transition.slug}",
            reason=comment,
        ):
            notifications = _transition_apply(
                plan=plan, user=user, transition=transition, comment=comment
            )
    except Exception:
        # Nothing was written; the plan object says so too.
        plan.version, plan.status, plan.shared_with_team = before
        raise
    notifications_email(notifications, plan=plan)
    return plan


def _transition_apply(*, plan: Plan, user: User, transition, comment: str) -> list:
    # The version claim's UPDATE (plan_change) locks the row, and the status is read after it,
    # so two leads deciding at once cannot both act on the same state.
    plan.status = Plan.objects.values_list("status", flat=True).get(pk=plan.pk)
    why = refusal(transition=transition, plan=plan, actors=actors_of(plan=plan, user=user))
    if why:
        raise TransitionRefused(why)
    from_status = plan.status
    plan.status = transition.target
    fields = ["status", "updated_at"]
    if transition.target == PlanStatus.SUBMITTED:
        plan.shared_with_team = True
        fields.append("shared_with_team")
    plan.save(update_fields=fields)
    PlanTransition.objects.create(
        plan=plan, from_status=from_status, to_status=plan.status, by=user, comment=comment
    )
    recipients, kind = _notified(plan=plan, user=user, target=transition.target)
    return _notify(plan=plan, user=user, recipients=recipients, kind=kind)


def _notified(*, plan: Plan, user: User, target: str) -> tuple[list, str | None]:
    """Who hears of a change: the team's leads when a plan comes in for review, its owner and
    collaborators when it is sent back or approved. Never the person who made the change."""
    if target in (PlanStatus.SUBMITTED, PlanStatus.RESUBMITTED):
        people = User.objects.filter(
            memberships__team=plan.team, memberships__role=Role.TEAM_LEAD, is_active=True
        )
        kind = NotificationKind.SUBMITTED
    elif target in (PlanStatus.CHANGES_REQUESTED, PlanStatus.APPROVED):
        people = authors_still_in_team(plan)
        kind = (
            NotificationKind.RETURNED
            if target == PlanStatus.CHANGES_REQUESTED
            else NotificationKind.APPROVED
        )
    else:
        return [], None
    return list(people.exclude(pk=user.pk).distinct().order_by("email")), kind


def authors_still_in_team(plan: Plan):
    """The plan's owner and collaborators who are still active members of its team: someone
    who has left hears no more of it."""
    return User.objects.filter(
        models.Q(pk=plan.owner_id) | models.Q(collaborating_plans=plan),
        memberships__team=plan.team_id,
        is_active=True,
    )


def _notification_message(*, plan: Plan, user: User, kind: str) -> str:
    who = str(user)
    if kind == NotificationKind.SUBMITTED:
        return _("%(who)s sent “%(plan)s” for your review.") % {"who": who, "plan": plan.title}
    if kind == NotificationKind.RETURNED:
        return _("%(who)s asked for changes to “%(plan)s”.") % {"who": who, "plan": plan.title}
    return _("%(who)s approved “%(plan)s”.") % {"who": who, "plan": plan.title}


def _notify(*, plan: Plan, user: User, recipients: list, kind: str | None) -> list[Notification]:
    """Each person's notification is written in their own language (their account's choice),
    not the language of the person whose action it reports."""
    if kind is None:
        return []
    notifications = []
    for person in recipients:
        with translation.override(language_of(person)):
            message = _notification_message(plan=plan, user=user, kind=kind)
        notifications.append(
            Notification(
                user=person,
                plan=plan,
                kind=kind,
                message=message,
                language=language_of(person),
            )
        )
    return Notification.objects.bulk_create(notifications)


def notifications_email(
    notifications: list[Notification], *, plan: Plan, page: str = "review"
) -> None:
    """One email per person, sent by a background job once the change is committed
    (ioi_planner/mail.py): a mail server that is down or slow never undoes a decision, turns it
    into an error page or keeps the page waiting; the in-app notification remains whatever
    happens to the email. It links to the plan's review page, or with page="plan" its page.
    Each email is in its recipient's language, as their notification is."""
    name = "theory_of_change:plan_detail" if page == "plan" else "theory_of_change:plan_review"
    link = settings.SITE_URL + reverse(name, kwargs={"plan_id": plan.pk})
    for notification in notifications:
        with translation.override(language_of(notification.user)):
            if page == "plan":
                where = _("The plan’s page: %(link)s") % {"link": link}
            else:
                where = _("The plan’s review page: %(link)s") % {"link": link}
            subject = _("IOI Planner: %(plan)s") % {"plan": plan.title}
        mail_enqueue(
            subject=subject,
            body=f"{notification.message}\n\n{where}",
            to=[notification.user.email],
            on_result="theory_of_change.review.services.notification_email_result",
            record_id=notification.pk,
        )


def notification_email_result(notification_id: int, error: str | None) -> None:
    """Record on the notification when the mail relay took its email, or why it could not."""
    if error is None:
        Notification.objects.filter(pk=notification_id).update(
            emailed_at=timezone.now(), email_error=""
        )
    else:
        Notification.objects.filter(pk=notification_id).update(
            email_error=error[:EMAIL_ERROR_MAX_LENGTH]
        )


def notification_emails_send(notification_ids: list[int]) -> None:
    """Queue the emails of these notifications again (for a notification made without one)."""
    for notification in Notification.objects.filter(pk__in=notification_ids).select_related(
        "plan", "user"
    ):
        notifications_email([notification], plan=notification.plan)


def notifications_mark_read(*, user: User) -> int:
    """Mark all of the user's unread notifications read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def review_comment_add(
    *, plan: Plan, user: User, section: str, text: str, parent: ReviewComment | None = None
) -> ReviewComment:
    """A comment on one section of the plan, or a reply to a comment of the same plan (a reply
    to a reply joins the same thread). Callers check the user may comment (access.py)."""
    if section not in STEPS_BY_SLUG:
        raise ValidationError({"section": _("Select a section of the plan")})
    if parent is not None:
        if parent.plan_id != plan.pk:
            raise ValidationError(_("You can only reply to a comment on this plan"))
        parent = parent.parent or parent
        section = parent.section
    comment = ReviewComment(
        plan=plan, section=section, author=user, text=text.strip(), parent=parent
    )
    if not comment.text:
        raise ValidationError({"text": _("Enter a comment")})
    comment.full_clean()
    comment.save()
    return comment


def review_comment_resolve(*, plan: Plan, user: User, comment: ReviewComment) -> ReviewComment:
    """Mark a thread resolved (its first comment); resolving it again changes nothing."""
    if comment.plan_id != plan.pk:
        raise ValidationError(_("That comment is not on this plan"))
    thread = comment.parent or comment
    if thread.resolved_at is None:
        thread.resolved_by = user
        thread.resolved_at = timezone.now()
        thread.save(update_fields=["resolved_by", "resolved_at"])
    return thread


def _collaborators_change(plan: Plan, version: int, action: str, collaborator: User):
    """Only the owner changes who collaborates; the history names the collaborator."""
    return plan_change(
        plan=plan,
        version=version,
        user=plan.owner,
        section="collaborators",
        action=action,
        subject=collaborator,
    )


def plan_collaborator_add(*, plan: Plan, version: int, user: User) -> None:
    """The owner adds a collaborator from the plan's own team."""
    if user.pk == plan.owner_id:
        raise ValidationError({"user": _("The owner already edits the plan")})
    if not user.memberships.filter(team=plan.team).exists():
        raise ValidationError({"user": _("Select someone in the plan’s team")})
    with _collaborators_change(plan, version, "collaborator-add", user):
        plan.collaborators.add(user)


def plan_collaborator_remove(*, plan: Plan, version: int, user: User) -> None:
    """The owner removes a collaborator; they keep seeing the plan only if it is shared."""
    with _collaborators_change(plan, version, "collaborator-remove", user):
        plan.collaborators.remove(user)
