"""Changes to readiness assessments. Each is made from the version its form was made from, in
one transaction that claims the next version and keeps the assessment's content as an
`AssessmentVersion` (the core's versioned change, as plans use it): a form made from an older
version is refused, nothing is overwritten silently. Who may call which is decided by the views
through assessment_selectors; the rules about content are checked here."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ioi_planner.models import AnyUser, Team, User
from ioi_planner.versioning import Change, subject_text, versioned_change
from theory_of_change.models import Plan

from .areas import AREAS, assessment_snapshot
from .models import (
    Action,
    AreaAnswer,
    Assessment,
    AssessmentStatus,
    AssessmentVersion,
)


def _record(assessment: Assessment, user: AnyUser | None, section: str, action: str, change):
    AssessmentVersion.objects.create(
        assessment=assessment,
        number=assessment.version,
        author=user if user is not None and user.is_authenticated else None,
        section=section,
        action=action,
        subject=subject_text(change.subject),
        reason=change.reason,
        snapshot=assessment_snapshot(assessment),
    )


@contextmanager
def assessment_change(
    *,
    assessment: Assessment,
    version: int,
    user: AnyUser | None,
    section: str,
    action: str,
    subject: object = "",
) -> Iterator[Change]:
    """Change `assessment` as made from `version` (or raise ioi_planner.versioning.Stale) and
    keep it as the next version, recording who changed which section how."""
    with versioned_change(
        assessment,
        version=version,
        subject=subject,
        record=lambda change: _record(assessment, user, section, action, change),
    ) as change:
        yield change


def gaps(assessment: Assessment) -> list[str]:
    """What is still to do before the assessment can be sent for review, in words."""
    rated = {a.area for a in assessment.answers.all() if a.rating}
    return [
        _("Say where the team stands on %(area)s") % {"area": guide.title.lower()}
        for guide in AREAS
        if guide.slug not in rated
    ]


def latest_of(team: Team) -> Assessment | None:
    return Assessment.objects.filter(team=team).order_by("-round").first()


def assessment_start(*, user: User, team: Team) -> Assessment:
    """The team's next round. From the last round, if there is one: its answers as the starting
    point (the team says where it stands now) and its open actions carried over. A team has
    one assessment open at a time: the last must have been reviewed first."""
    try:
        return _start(user, team)
    except IntegrityError:
        # Someone in the team started the same round a moment before.
        raise ValidationError(_IN_PROGRESS % {"team": team.name}) from None


_IN_PROGRESS = _lazy(
    "%(team)s already has an assessment in progress: finish it, and have a team lead review "
    "it, before starting the next"
)


def _start(user: User, team: Team) -> Assessment:
    with transaction.atomic():
        # Two starts at once: the unique (team, round) refuses the second.
        previous = latest_of(team)
        if previous is not None and previous.status != AssessmentStatus.REVIEWED:
            raise ValidationError(_IN_PROGRESS % {"team": team.name})
        assessment = Assessment.objects.create(
            team=team,
            round=previous.round + 1 if previous else 1,
            previous=previous,
            created_by=user,
        )
        if previous is not None:
            AreaAnswer.objects.bulk_create(
                AreaAnswer(
                    assessment=assessment,
                    area=a.area,
                    rating=a.rating,
                    challenges=a.challenges,
                    response=a.response,
                )
                for a in previous.answers.all()
            )
            Action.objects.bulk_create(
                Action(
                    assessment=assessment,
                    area=a.area,
                    text=a.text,
                    owner=a.owner,
                    due=a.due,
                    plan=a.plan,
                    carried_from=a,
                )
                for a in previous.actions.filter(done_on__isnull=True)
            )
        _record(assessment, user, "", "create" if previous is None else "next-round", Change())
    return assessment


def area_save(
    *,
    assessment: Assessment,
    version: int,
    user: User,
    area: str,
    rating: str,
    challenges: str,
    response: str,
) -> None:
    with assessment_change(
        assessment=assessment, version=version, user=user, section=area, action="answers"
    ):
        answer, _created = AreaAnswer.objects.get_or_create(
            assessment=assessment, area=area, defaults={"rating": rating}
        )
        answer.rating, answer.challenges, answer.response = rating, challenges, response
        answer.full_clean()
        answer.save()


def _check_owner(assessment: Assessment, owner: User) -> None:
    if not assessment.team.memberships.filter(user=owner, user__is_active=True).exists():
        raise ValidationError(
            {"owner": _("Choose someone in %(team)s") % {"team": assessment.team}}
        )


def action_save(
    *,
    assessment: Assessment,
    version: int,
    user: User,
    action: Action | None,
    area: str,
    text: str,
    owner: User,
    due: datetime.date,
) -> Action:
    """Add an action (`action` None) or change one."""
    _check_owner(assessment, owner)
    with assessment_change(
        assessment=assessment,
        version=version,
        user=user,
        section=area,
        action="action-add" if action is None else "action-change",
        subject=text,
    ):
        if action is None:
            action = Action(assessment=assessment)
        action.area, action.text, action.owner, action.due = area, text, owner, due
        action.full_clean()
        action.save()
    return action


def action_remove(*, assessment: Assessment, version: int, user: User, action: Action) -> None:
    with assessment_change(
        assessment=assessment,
        version=version,
        user=user,
        section=action.area,
        action="action-remove",
        subject=action.text,
    ):
        action.delete()


def action_done(
    *, assessment: Assessment, version: int, user: User, action: Action, done: bool
) -> None:
    """Mark an action done today, or not done after all."""
    with assessment_change(
        assessment=assessment,
        version=version,
        user=user,
        section=action.area,
        action="action-done" if done else "action-undone",
        subject=action.text,
    ):
        action.done_on = timezone.localdate() if done else None
        action.save(update_fields=["done_on"])


def action_link_plan(
    *, assessment: Assessment, version: int, user: User, action: Action, plan: Plan | None
) -> None:
    """A team lead links the action to one of the team's plans (or unlinks it)."""
    if plan is not None and plan.team_id != assessment.team_id:
        raise ValidationError({"plan": _("Choose a plan of %(team)s") % {"team": assessment.team}})
    with assessment_change(
        assessment=assessment,
        version=version,
        user=user,
        section=action.area,
        action="action-plan" if plan else "action-unplan",
        subject=action.text,
    ):
        action.plan = plan
        action.save(update_fields=["plan"])


def assessment_submit(*, assessment: Assessment, version: int, user: User) -> None:
    missing = gaps(assessment)
    if missing:
        raise ValidationError(missing)
    if not assessment.editable:
        raise ValidationError(_("This assessment has already been sent for review"))
    with assessment_change(
        assessment=assessment, version=version, user=user, section="status", action="submit"
    ):
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.save(update_fields=["status"])


def assessment_decide(
    *, assessment: Assessment, version: int, user: User, changes: bool, comment: str
) -> None:
    """A team lead's decision on a submitted assessment: reviewed, or changes asked for (a
    comment then says what to change)."""
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("This assessment is not waiting for review"))
    if changes and not comment.strip():
        raise ValidationError({"comment": _("Say what the team should change")})
    with assessment_change(
        assessment=assessment,
        version=version,
        user=user,
        section="status",
        action="changes" if changes else "reviewed",
    ) as change:
        change.reason = comment
        assessment.status = (
            AssessmentStatus.CHANGES_REQUESTED if changes else AssessmentStatus.REVIEWED
        )
        assessment.reviewed_by, assessment.reviewed_at = user, timezone.now()
        assessment.review_comment = comment
        assessment.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
