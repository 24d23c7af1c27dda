"""The audit log: what was done to and by people's accounts, and which plan exports were taken
away (AuditEvent). A council admin reads their own council's entries (/council/audit/); site
staff read every entry in the Django admin.

Sign-ins, failed sign-ins and sign-outs are recorded from Django's signals, with the client's
real address (ioi_planner/sign_in.py); everything else is recorded by the service that did it,
in the same transaction, so an entry is never kept for a change that was undone.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from .models import AnyUser, AuditEvent, AuditKind, Organisation, User
from .sign_in import client_ip

DETAIL_MAX = AuditEvent._meta.get_field("detail").max_length


def audit(
    kind: AuditKind,
    *,
    request: HttpRequest | None = None,
    actor: AnyUser | None = None,
    person: User | None = None,
    council: Organisation | int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Record one event. The actor is the request's user unless given; the council is the
    person's (or else the actor's) unless given."""
    if actor is None and request is not None:
        actor = request.user
    if actor is not None and not actor.is_authenticated:
        actor = None
    if council is None:
        whose = person or actor
        council = whose.organisation_id if whose is not None else None
    council_id = council.pk if isinstance(council, Organisation) else council
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        person=person,
        council_id=council_id,
        address=(client_ip(request) or None) if request is not None else None,
        detail=str(detail)[:DETAIL_MAX],
    )


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    if request is not None:
        audit(AuditKind.SIGNED_IN, request=request, actor=user, person=user)


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def _signed_out(sender, request, user, **kwargs) -> None:
    if request is not None and user is not None:
        audit(AuditKind.SIGNED_OUT, request=request, actor=user, person=user)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is None:
        return
    typed = str(credentials.get("username", "")).strip().lower()
    person = User.objects.filter(email=typed).first() if typed else None
    audit(
        AuditKind.SIGN_IN_FAILED,
        request=request,
        actor=None,
        person=person,
        council=person.organisation_id if person else None,
        detail=typed,
    )
