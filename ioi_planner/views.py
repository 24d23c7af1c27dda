from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .dashboard import panels_for
from .sessions import seconds_left, session_touch, sign_out_other_sessions
from .sign_in import Pause, sign_in_pause


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
    """django-axes calls this when sign-in is refused: the account, or the address, has had too
    many failed attempts (ioi_planner/sign_in.py)."""
    pause = sign_in_pause(request, credentials) or Pause.ACCOUNT
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "ioi_planner/locked_out.html",
        {
            "minutes": minutes,
            "by_address": pause == Pause.ADDRESS,
            "failure_limit": settings.SIGN_IN_ACCOUNT_LIMIT,
        },
        status=429,
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Your account: who you are in the service, and signing out elsewhere."""
    memberships = request.user.memberships.select_related("team").order_by("team__name")
    return render(request, "ioi_planner/account.html", {"memberships": memberships})


@login_required
@require_POST
def account_sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    sign_out_other_sessions(request)
    messages.success(request, _("You have been signed out of all your other devices."))
    return redirect("account")


@login_required
@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" in the timeout warning: counts as activity. The script asks for JSON;
    the same form sent without it goes back to the page it came from."""
    session_touch(request)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"seconds_left": seconds_left(request)})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("home")
    return redirect(back)
