from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .dashboard import panels_for


def home(request: HttpRequest) -> HttpResponse:
    """A start page for visitors; a dashboard for signed-in users."""
    if not request.user.is_authenticated:
        return render(request, "ioi_planner/start.html")
    memberships = request.user.memberships.select_related("team__organisation")
    return render(
        request,
        "ioi_planner/dashboard.html",
        {"memberships": memberships, "panels": panels_for(request.user)},
    )


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "ioi_planner/accessibility.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Shown when a form is sent without a valid CSRF token, usually because it was left open
    too long or cookies are blocked. Says what to do rather than Django's technical page."""
    return render(request, "403_csrf.html", status=403)


TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400s as GOV.UK pages: a form or upload over the service's limits is a 413 that
    says so; any other request Django refused (a bad upload, a suspicious file name) a 400."""
    if isinstance(exception, TOO_LARGE):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)


def sign_in_locked_out(request: HttpRequest, original_response=None, credentials=None):
    """django-axes calls this when sign-in is refused after too many failed attempts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "ioi_planner/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
