"""How long a signed-in session lasts, and ending a person's other sessions.

A session ends after SESSION_IDLE_TIMEOUT without a request, or SESSION_MAX_AGE after signing
in, whichever comes first; the next request then finds the person signed out and sends them to
the sign-in page, saying why. With JavaScript on, a dialog warns SESSION_TIMEOUT_WARNING before
the idle timeout and offers to stay signed in (static/js/session-timeout.js); without it, the
page still works and the session still ends on time.

"Sign out of all other devices" raises the person's session generation (User.session_epoch),
part of the hash each of their sessions carries, so every other session stops being valid on
its next request; the current one is given the new hash.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.translation import ngettext

from ioi_planner.models import User

SIGNED_IN_AT = "ioi_signed_in_at"
LAST_SEEN = "ioi_last_seen"
# The last request is written to the session at most this often (seconds): a write on every
# request would cost a database write per page. The idle timeout is counted from it, so it may
# end up to this much earlier than the last request plus the timeout; the warning counts from
# the same stored time, so it is never late.
LAST_SEEN_RESOLUTION = 60


def _limits() -> tuple[float, float]:
    return (
        settings.SESSION_IDLE_TIMEOUT.total_seconds(),
        settings.SESSION_MAX_AGE.total_seconds(),
    )


def seconds_left(request: HttpRequest) -> int | None:
    """Seconds before the session ends if nothing more happens; None when not signed in."""
    if not request.user.is_authenticated or LAST_SEEN not in request.session:
        return None
    idle, lifetime = _limits()
    now = time.time()
    return max(
        0,
        int(
            min(
                request.session[LAST_SEEN] + idle - now,
                request.session[SIGNED_IN_AT] + lifetime - now,
            )
        ),
    )


def session_touch(request: HttpRequest, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    request.session.setdefault(SIGNED_IN_AT, now)
    request.session[LAST_SEEN] = now


def _why_signed_out(*, idle_out: bool) -> str:
    idle, lifetime = _limits()
    if idle_out:
        minutes = max(1, round(idle / 60))
        return ngettext(
            "You were signed out because you had not done anything for %(count)s minute. "
            "Sign in again to carry on.",
            "You were signed out because you had not done anything for %(count)s minutes. "
            "Sign in again to carry on.",
            minutes,
        ) % {"count": minutes}
    hours = max(1, round(lifetime / 3600))
    return ngettext(
        "You were signed out because you had been signed in for %(count)s hour. "
        "Sign in again to carry on.",
        "You were signed out because you had been signed in for %(count)s hours. "
        "Sign in again to carry on.",
        hours,
    ) % {"count": hours}


class SessionLimits:
    """Ends a signed-in session that was idle too long or has lived too long (after
    AuthenticationMiddleware, so request.user is known)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            idle, lifetime = _limits()
            signed_in_at = request.session.get(SIGNED_IN_AT)
            last_seen = request.session.get(LAST_SEEN)
            if signed_in_at is None or last_seen is None:
                session_touch(request, now=now)  # a session from before these limits
            elif now - last_seen > idle or now - signed_in_at > lifetime:
                reason = _why_signed_out(idle_out=now - last_seen > idle)
                logout(request)
                messages.info(request, reason)
                if request.path != resolve_url(settings.LOGIN_URL):
                    return redirect_to_login(request.get_full_path())
                # On its way to the sign-in page already: let it show, signed out.
            elif now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


@receiver(user_logged_in)
def _start_the_clock(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN] = time.time()


def sign_out_other_sessions(request: HttpRequest, user: User) -> None:
    """End every session of the signed-in `user` (request.user) but this one."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    update_session_auth_hash(request, user)


def session_timeout(request: HttpRequest) -> dict:
    """Context processor: what the timeout warning needs, on signed-in pages."""
    left = seconds_left(request) if hasattr(request, "user") else None
    if left is None:
        return {}
    idle, lifetime = _limits()
    return {
        "session_timeout": {
            "seconds_left": left,
            "warning_seconds": int(settings.SESSION_TIMEOUT_WARNING.total_seconds()),
        },
        "session_idle_minutes": int(idle // 60),
        "session_max_hours": int(lifetime // 3600),
    }
