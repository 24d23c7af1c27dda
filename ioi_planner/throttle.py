"""Limits on attempts that are not sign-ins (django-axes counts those: sign_in.py): asking for a
password reset, opening an invitation link, typing a two-factor code.

Attempts are rows in the database (Attempt), so every worker process counts the same ones. A
limit is a number of attempts per key (an address, an account) within a window; once reached,
the attempt is refused until the oldest attempts fall out of the window. apply_retention removes
old rows.
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import Attempt


def _window():
    # The same window as sign-in's pause (SIGN_IN_PAUSE_MINUTES).
    return settings.AXES_COOLOFF_TIME


def attempts(scope: str, key: str) -> int:
    since = timezone.now() - _window()
    return Attempt.objects.filter(scope=scope, key=key[:300], at__gte=since).count()


def attempted_within(scope: str, key: str, seconds: int) -> bool:
    """Whether `key` made an attempt of this kind in the last `seconds`."""
    since = timezone.now() - timedelta(seconds=seconds)
    return Attempt.objects.filter(scope=scope, key=key[:300], at__gte=since).exists()


def attempt_record(scope: str, *keys: str) -> None:
    Attempt.objects.bulk_create([Attempt(scope=scope, key=key[:300]) for key in keys if key])


def over_limit(scope: str, key: str, limit: int) -> bool:
    """Whether `key` has made `limit` attempts of this kind within the window."""
    return bool(key) and attempts(scope, key) >= limit


def pause_minutes() -> int:
    return int(_window().total_seconds() // 60)


def attempts_remove_before(cutoff) -> int:
    deleted, _per_model = Attempt.objects.filter(at__lt=cutoff).delete()
    return deleted


def too_many_attempts(request: HttpRequest) -> HttpResponse:
    """The page for an attempt refused by a limit."""
    return render(
        request, "ioi_planner/too_many_attempts.html", {"minutes": pause_minutes()}, status=429
    )
