"""Who is signing in from where, and when sign-in is paused (django-axes does the counting).

The client's address is REMOTE_ADDR, unless the service runs behind TRUSTED_PROXY_COUNT
proxies (the TLS proxy of the deployment guide is one): then it is the entry the outermost of
them added to X-Forwarded-For. Entries further left were sent by the client and can say
anything, so they are never read (docs/decisions/0006-client-address.md).

Two limits, counted over the cool-off period from django-axes' records of failed sign-ins:
- per account (SIGN_IN_ACCOUNT_LIMIT, from any address): slows guessing one person's password;
  the pause is short, and further attempts during it do not make it longer, so a stranger
  cannot keep a person out for long;
- per address (SIGN_IN_ADDRESS_LIMIT, across accounts): stops one device trying a password on
  every account. It is higher, since a council's staff may all reach the service from one
  address.
"""

import ipaddress
from enum import StrEnum

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def client_ip(request: HttpRequest) -> str:
    """The address of the person's device, as far as the trusted proxies can tell."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < count:
        return remote  # not through all the proxies we were told of: trust only the socket
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class Pause(StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"


def _failures(**filters) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(attempt_time__gte=since, **filters).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def sign_in_pause(request: HttpRequest, credentials: dict | None = None) -> Pause | None:
    """Why signing in is paused for this attempt, or None if it is not."""
    username = get_client_username(request, credentials)
    if username and _failures(username=username) >= settings.SIGN_IN_ACCOUNT_LIMIT:
        return Pause.ACCOUNT
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    if _failures(ip_address=address) >= settings.SIGN_IN_ADDRESS_LIMIT:
        return Pause.ADDRESS
    return None


class SignInLimits(AxesDatabaseHandler):
    """django-axes' database handler with the two limits above. Axes compares get_failures
    with AXES_FAILURE_LIMIT, which is 1: the count here is 1 when either limit is reached."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        return 1 if sign_in_pause(request, credentials) else 0
