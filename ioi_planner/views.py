from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .audit import audit
from .dashboard import panels_for
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm, sign_in_email
from .models import AuditKind
from .sessions import seconds_left, session_touch, sign_out_other_sessions
from .sign_in import Pause, client_ip, sign_in_pause
from .throttle import attempt_record, attempted_within, over_limit, too_many_attempts
from .two_factor import app_device


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
    return render(
        request,
        "ioi_planner/account.html",
        {"memberships": memberships, "has_two_factor": app_device(request.user) is not None},
    )


@login_required
@require_POST
def account_sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    sign_out_other_sessions(request, request.user)
    audit(AuditKind.SIGNED_OUT_ELSEWHERE, request=request, person=request.user)
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


RESET_SCOPE = "password_reset"
RESET_EMAIL_INTERVAL_SECONDS = 60


def _reset_minutes() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // 60


class PasswordChange(auth_views.PasswordChangeView):
    """Change your password: the session here stays, every other session of yours ends
    (Django updates this session's hash; the others carry the old one)."""

    form_class = PasswordChangeForm
    template_name = "ioi_planner/password/change.html"
    success_url = reverse_lazy("account")
    extra_context = {"back_url": reverse_lazy("account")}

    def form_valid(self, form):
        response = super().form_valid(form)
        audit(AuditKind.PASSWORD_CHANGED, request=self.request, person=self.request.user)
        messages.success(
            self.request,
            _("Your password has been changed. You have been signed out on your other devices."),
        )
        return response


class PasswordReset(auth_views.PasswordResetView):
    """ "Forgotten your password?": the same answer whether or not the address has an account,
    so the page tells nobody who has one."""

    form_class = PasswordResetForm
    template_name = "ioi_planner/password/reset_request.html"
    email_template_name = "ioi_planner/email/password_reset.txt"
    subject_template_name = "ioi_planner/email/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_sent")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back_url": reverse("login")}

    def form_valid(self, form):
        """Requests are limited per address like sign-ins (too many: a page that says so).
        One email address is sent at most one link a minute (more requests get the same
        "check your email" page and no email): nobody can fill someone's inbox, and nobody can
        stop a person resetting their own password for longer than that minute."""
        address = client_ip(self.request)
        email = form.cleaned_data["email"].strip().lower()
        if over_limit(RESET_SCOPE, f"ip:{address}", settings.SIGN_IN_ADDRESS_LIMIT):
            return too_many_attempts(self.request)
        just_sent = attempted_within(RESET_SCOPE, f"email:{email}", RESET_EMAIL_INTERVAL_SECONDS)
        attempt_record(RESET_SCOPE, f"ip:{address}", *([] if just_sent else [f"email:{email}"]))
        if just_sent:
            return redirect(self.get_success_url())
        self.extra_email_context = {
            "site_url": settings.SITE_URL,
            "reset_minutes": _reset_minutes(),
        }
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "ioi_planner/password/reset_sent.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "reset_minutes": _reset_minutes()}


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """A new password from the emailed link. The link works once (Django's token ends when the
    password changes) and for PASSWORD_RESET_TIMEOUT; a reset also lifts a sign-in pause on the
    account, so a stranger's wrong guesses never keep its owner out."""

    form_class = SetPasswordForm
    template_name = "ioi_planner/password/reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=sign_in_email(self.request, {"username": form.user.email}))
        audit(AuditKind.PASSWORD_RESET, request=self.request, actor=form.user, person=form.user)
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "ioi_planner/password/reset_complete.html"
