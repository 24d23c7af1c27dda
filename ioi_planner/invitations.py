"""Joiners: a council admin invites a person by email; the person opens the emailed link, sets a
password and is signed in, in the invited teams with the invited role.

- The link carries a random token; only its SHA-256 is stored, so the invitations table cannot
  be turned back into links. A link works once, for INVITATION_DAYS days, unless withdrawn;
  sending it again makes a new token (the older email's link stops working).
- Inviting an address tells the admin nothing about accounts outside their council: the answer
  is the same whether or not it has an account elsewhere. Only the person holding the link is
  told, when they open it, that their account belongs to another council.
- Opening links that do not work is limited per address (ioi_planner/throttle.py), like
  signing in.
- Every step is recorded in the audit log.
"""

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .audit import audit
from .languages import language_of, offered
from .mail import mail_enqueue
from .models import AuditKind, Invitation, Membership, Organisation, Role, Team, User

THROTTLE_SCOPE = "invitation"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = _hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=settings.INVITATION_DAYS)
    return token


def pending_invitations(council: Organisation):
    return (
        Invitation.objects.filter(council=council, accepted_at=None, revoked_at=None)
        .prefetch_related("teams")
        .select_related("invited_by")
        .order_by("email")
    )


def _teams_words(invitation: Invitation) -> str:
    return ", ".join(team.name for team in invitation.teams.all())


def invitation_create(
    *,
    council: Organisation,
    email: str,
    full_name: str,
    teams: list[Team],
    role: str,
    as_council_admin: bool = False,
    language: str = "",
    request: HttpRequest | None = None,
) -> Invitation:
    """Invite a person to the council; the email goes once the invitation is saved, in
    `language` (one offered, else the service's default), which their new account keeps."""
    email = email.strip().lower()
    if any(team.organisation_id != council.pk for team in teams):
        raise ValidationError({"teams": _("Choose teams of your own council")})
    if not teams and not as_council_admin:
        raise ValidationError({"teams": _("Choose at least one team")})
    member = User.objects.filter(
        email=email, organisation=council, is_active=True, memberships__team__organisation=council
    ).exists()
    if member:
        raise ValidationError(
            {"email": _("%(email)s is already a member of your council") % {"email": email}}
        )
    if pending_invitations(council).filter(email=email).exists():
        raise ValidationError(
            {
                "email": _(
                    "%(email)s has already been invited and has not answered yet: send the "
                    "invitation again from the list of invitations"
                )
                % {"email": email}
            }
        )
    with transaction.atomic():
        invitation = Invitation(
            council=council,
            email=email,
            full_name=full_name,
            role=role,
            as_council_admin=as_council_admin,
            language=language if language in offered() else "",
            invited_by=request.user if request and request.user.is_authenticated else None,
        )
        token = _new_token(invitation)
        invitation.save()
        invitation.teams.set(teams)
        audit(
            AuditKind.INVITED,
            request=request,
            council=council,
            detail=f"{email}: {_teams_words(invitation)} ({invitation.get_role_display()})",
        )
        transaction.on_commit(lambda: invitation_email_send(invitation.pk, token))
    return invitation


def invitation_resend(invitation: Invitation, *, request: HttpRequest | None = None) -> None:
    """A new link, valid for INVITATION_DAYS from now; the old one stops working."""
    if not invitation.is_pending:
        raise ValidationError(_("This invitation has been answered or withdrawn"))
    with transaction.atomic():
        token = _new_token(invitation)
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
        audit(
            AuditKind.INVITATION_RESENT,
            request=request,
            council=invitation.council_id,
            detail=invitation.email,
        )
        transaction.on_commit(lambda: invitation_email_send(invitation.pk, token))


def invitation_revoke(invitation: Invitation, *, request: HttpRequest | None = None) -> None:
    if not invitation.is_pending:
        return
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit(
            AuditKind.INVITATION_REVOKED,
            request=request,
            council=invitation.council_id,
            detail=invitation.email,
        )


def invitation_email_send(invitation_id: int, token: str) -> None:
    """Queue the invitation's email (called once the commit that made its token is done; the
    email itself is sent by a background job: ioi_planner/mail.py)."""
    invitation = Invitation.objects.select_related("council", "invited_by").get(pk=invitation_id)
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        # Named only when they are of the council (site staff set up a council's first admin).
        "inviter": inviter
        if inviter and inviter.organisation_id == invitation.council_id
        else None,
        "link": settings.SITE_URL + reverse("invitation_accept", kwargs={"token": token}),
        "days": settings.INVITATION_DAYS,
        "teams": _teams_words(invitation),
    }
    # In the language of someone who already has an account, else the one the invitation was
    # made in (the admin's, or site staff's, at the time).
    existing = User.objects.filter(email=invitation.email).first()
    language = language_of(existing) if existing else invitation.language
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("You are invited to IOI Planner by %(council)s") % {
            "council": invitation.council
        }
        body = render_to_string("ioi_planner/email/invitation.txt", context)
    mail_enqueue(
        subject=subject,
        body=body,
        to=[invitation.email],
    )


class Refusal(StrEnum):
    """Why an invitation link cannot be used, each with its own page."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    WITHDRAWN = "withdrawn"
    OTHER_COUNCIL = "other_council"


def invitation_for_token(token: str) -> tuple[Invitation | None, Refusal | None]:
    invitation = (
        Invitation.objects.select_related("council").filter(token_hash=_hash(token)).first()
    )
    if invitation is None:
        return None, Refusal.UNKNOWN
    if invitation.accepted_at is not None:
        return invitation, Refusal.USED
    if invitation.revoked_at is not None:
        return invitation, Refusal.WITHDRAWN
    if invitation.expires_at <= timezone.now():
        return invitation, Refusal.EXPIRED
    existing = User.objects.filter(email=invitation.email).first()
    if existing is not None and (
        Membership.objects.filter(user=existing)
        .exclude(team__organisation=invitation.council)
        .exists()
    ):
        return invitation, Refusal.OTHER_COUNCIL
    return invitation, None


def invitation_accept(
    invitation: Invitation, *, full_name: str, password: str, request: HttpRequest | None = None
) -> User:
    """Make (or bring back) the person's account with this password, in the invited teams and
    role; the invitation is used up. All at once or not at all."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending or locked.token_hash != invitation.token_hash:
            raise ValidationError(_("This invitation link has already been used"))
        person = User.objects.filter(email=locked.email).first() or User(email=locked.email)
        person.full_name = full_name
        person.set_password(password)
        person.is_active = True
        person.organisation = locked.council
        person.erased_at = None
        if locked.as_council_admin:
            person.is_council_admin = True
        if locked.language in offered() and not person.language:
            person.language = locked.language
        person.save()
        for team in locked.teams.all():
            membership = Membership.objects.filter(user=person, team=team).first()
            if membership is None:
                Membership.objects.create(user=person, team=team, role=locked.role)
            elif membership.role != Role.TEAM_LEAD:
                membership.role = locked.role
                membership.save()
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        audit(
            AuditKind.INVITATION_ACCEPTED,
            request=request,
            actor=person,
            person=person,
            council=locked.council,
            detail=f"{_teams_words(locked)} ({locked.get_role_display()})",
        )
    return person
