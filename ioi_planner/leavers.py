"""Leavers: a council admin deactivates someone who has left, and erases a former member's
personal data.

Deactivating ends everything the person could do, at once and in one transaction: they cannot
sign in (Django refuses inactive accounts, and their sessions end: the session generation is
raised), they leave every team, they stop being council admin, invitations they sent and
invitations to their address end. Nothing they made is deleted: the apps built on this one
hand over what the person owned through the `leaving` registry (the plans app gives each of
their plans to the successor the admin chose and records it in the plan's history, and takes
them off the plans they collaborated on). A team the person led alone needs a new lead.

Erasing (a deactivated person only) replaces their name and email address, so their
contributions stay and are shown as "Former member".
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit
from .models import AuditEvent, AuditKind, Invitation, Membership, Role, Team, User
from .registry import Registry

# (leaver, successor) -> problems that stop the hand-over, in words for the council admin.
LeavingCheck = Callable[[User, User | None], list[str]]
# (leaver, successor, actor): hand over what the leaver owned, inside the transaction.
LeavingStep = Callable[[User, User | None, User | None], None]

_checks: Registry[LeavingCheck] = Registry()
_steps: Registry[LeavingStep] = Registry()
leaving_check = _checks.register
leaving_step = _steps.register

FORMER_MEMBER = "Former member"


def teams_led_alone(person: User) -> list[Team]:
    """The teams of which the person is the only lead."""
    led = Team.objects.filter(memberships__user=person, memberships__role=Role.TEAM_LEAD)
    return [
        team
        for team in led.order_by("name")
        if not Membership.objects.filter(team=team, role=Role.TEAM_LEAD)
        .exclude(user=person)
        .exists()
    ]


@dataclass
class Handover:
    # Who takes over what the leaver owned (None: they owned nothing to hand over).
    successor: User | None
    # A new lead for each team the leaver led alone.
    new_leads: dict[Team, User] = field(default_factory=dict)


def leaving_problems(person: User, handover: Handover) -> list[str]:
    problems = []
    if handover.successor is not None and handover.successor.pk == person.pk:
        problems.append(_("Choose someone other than the person who is leaving"))
    for check in _checks:
        problems.extend(check(person, handover.successor))
    return problems


def person_deactivate(*, person: User, handover: Handover, request: HttpRequest | None) -> None:
    """Deactivate a leaver and hand over their work; raises ValidationError (changing nothing)
    if the hand-over cannot be done as asked."""
    problems = leaving_problems(person, handover)
    missing = [team for team in teams_led_alone(person) if team not in handover.new_leads]
    problems += [_("Choose a new lead for %(team)s") % {"team": team.name} for team in missing]
    if problems:
        raise ValidationError(problems)
    actor = request.user if request is not None and request.user.is_authenticated else None
    with transaction.atomic():
        for team, lead in handover.new_leads.items():
            Membership.objects.update_or_create(
                user=lead, team=team, defaults={"role": Role.TEAM_LEAD}
            )
        for step in _steps:
            step(person, handover.successor, actor)
        teams = ", ".join(
            f"{m.team.name} ({m.get_role_display()})"
            for m in person.memberships.select_related("team")
        )
        Membership.objects.filter(user=person).delete()
        now = timezone.now()
        Invitation.objects.filter(invited_by=person, accepted_at=None, revoked_at=None).update(
            revoked_at=now
        )
        Invitation.objects.filter(email=person.email, accepted_at=None, revoked_at=None).update(
            revoked_at=now
        )
        User.objects.filter(pk=person.pk).update(
            is_active=False, is_council_admin=False, session_epoch=F("session_epoch") + 1
        )
        audit(
            AuditKind.DEACTIVATED,
            request=request,
            person=person,
            council=person.organisation_id,
            detail=_("Was in: %(teams)s. Work handed to %(successor)s.")
            % {"teams": teams or "–", "successor": handover.successor or "–"},
        )


def person_erase(*, person: User, request: HttpRequest | None) -> None:
    """Replace a deactivated former member's name and email address; what they contributed
    stays, under "Former member". Their sign-in records and the addresses they signed in from
    go; the audit log keeps that things were done, not from where."""
    if person.is_active:
        raise ValidationError(_("Deactivate this person before erasing their personal data"))
    old_email = person.email
    with transaction.atomic():
        person.full_name = FORMER_MEMBER
        person.email = f"former-member-{person.pk}@erased.invalid"
        person.set_unusable_password()
        person.erased_at = timezone.now()
        person.save()
        AccessAttempt.objects.filter(username=old_email).delete()
        AccessLog.objects.filter(username=old_email).delete()
        AccessFailureLog.objects.filter(username=old_email).delete()
        Invitation.objects.filter(email=old_email, council_id=person.organisation_id).update(
            email=person.email, full_name=FORMER_MEMBER
        )
        AuditEvent.objects.filter(actor=person).update(address=None)
        AuditEvent.objects.filter(person=person).update(address=None, detail="")
        audit(AuditKind.ERASED, request=request, person=person, council=person.organisation_id)
