"""Two-factor sign-in (django-otp): after their password, a person types a 6-digit code from an
authenticator app (TOTP), or one of their single-use recovery codes.

- Site staff must always use it (the Django admin included); a council's people must when their
  council admin requires it. Anyone else may set it up on their account page.
- `TwoFactorRequired` (middleware, after django-otp's OTPMiddleware) lets a signed-in person who
  has not passed the step reach only the code page, the set-up page and signing out: everything
  else sends them there first. The step is passed once per session.
- Wrong codes are limited per account and per address like sign-in (ioi_planner/throttle.py),
  on top of django-otp's own growing delay per device.
- The account library stays Django's: single sign-on (OpenID Connect) can be added later as an
  authentication backend without changing this (docs/decisions/0007-two-factor-sign-in.md).
"""

import io
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit
from .models import AnyUser, AuditKind, User
from .sign_in import client_ip
from .text import UserTextFormMixin
from .throttle import attempt_record, over_limit, too_many_attempts

THROTTLE_SCOPE = "two_factor"
DEVICE_NAME = "Authenticator app"


def two_factor_required(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return bool(user.organisation_id and user.organisation.require_two_factor)


def app_device(user: User, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("-pk").first()


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


# Pages a person who has not passed the step may reach: the step itself, setting it up, and
# leaving; with the session's own housekeeping.
OPEN_PAGES = {
    "two_factor_verify",
    "two_factor_setup",
    "logout",
    "session_extend",
    "accessibility",
    "privacy:notice",
}


class TwoFactorRequired:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_PAGES:
            return None
        target = _step_pending(user)
        if target is None:
            return None
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def _step_pending(user: User) -> str | None:
    """The page a signed-in person who has not passed the step must see first, found in one
    query (this runs on every request of everyone without two-factor sign-in): the code page if
    they have an app, the set-up page if they must have one, or None."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .values("has_app", "organisation__require_two_factor")
        .first()
    )
    if row is None:
        return None
    if row["has_app"]:
        return "two_factor_verify"
    if user.is_staff or row["organisation__require_two_factor"]:
        return "two_factor_setup"
    return None


def _next(request: HttpRequest) -> str:
    back = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return back
    return reverse("home")


class CodeForm(UserTextFormMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        error_messages={"required": gettext_lazy("Enter the code")},
    )

    def __init__(self, *args, label=None, hint=None, button=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if label:
            field.label = label
        field.help_text = hint
        field.widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("code", field_width=10), Submit("confirm", button or _("Continue"))
        )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def _code_device(user: User, code: str):
    """The device a code is for: 6 digits come from the app, anything else is a recovery
    code."""
    if code.isdigit() and len(code) == 6:
        return app_device(user)
    return recovery_device(user)


def _throttled(request: HttpRequest) -> bool:
    return over_limit(
        THROTTLE_SCOPE, f"user:{request.user.pk}", settings.SIGN_IN_ACCOUNT_LIMIT
    ) or over_limit(THROTTLE_SCOPE, f"ip:{client_ip(request)}", settings.SIGN_IN_ADDRESS_LIMIT)


def _wrong_code(request: HttpRequest) -> None:
    attempt_record(THROTTLE_SCOPE, f"user:{request.user.pk}", f"ip:{client_ip(request)}")
    audit(AuditKind.TWO_FACTOR_FAILED, request=request, person=request.user)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in."""
    if request.user.is_verified():
        return redirect(_next(request))
    if app_device(request.user) is None:
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(
        request.POST or None,
        label=_("Code from your authenticator app"),
        hint=_(
            "The 6-digit code the app shows for IOI Planner now. If you cannot use the app, "
            "type one of your recovery codes instead."
        ),
    )
    if request.method == "POST":
        if _throttled(request):
            return too_many_attempts(request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            device = _code_device(request.user, code)
            if device is not None and device.verify_token(code):
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code. You have %(left)d left: make new ones on "
                            "your account page if you are running out."
                        )
                        % {"left": left},
                    )
                return redirect(_next(request))
            _wrong_code(request)
            form.add_error(
                "code",
                _("The code is wrong or has expired: type the code the app shows now"),
            )
    return render(
        request, "ioi_planner/two_factor/verify.html", {"form": form, "next": _next(request)}
    )


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _key_groups(device: TOTPDevice) -> str:
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def recovery_codes_make(user: User) -> list[str]:
    """A new set of recovery codes; any earlier ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app, or (once set up) see its state and manage it."""
    user = request.user
    confirmed = app_device(user)
    if confirmed is not None:
        if not user.is_verified():
            return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next(request)})}")
        recovery = recovery_device(user)
        return render(
            request,
            "ioi_planner/two_factor/manage.html",
            {
                "device": confirmed,
                "codes_left": recovery.token_set.count() if recovery else 0,
                "required": two_factor_required(user),
            },
        )
    device = app_device(user, confirmed=False) or TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, confirmed=False
    )
    form = CodeForm(
        request.POST or None,
        label=_("Code from the app"),
        hint=_("Type the 6-digit code the app now shows for IOI Planner."),
        button=_("Turn on two-factor sign-in"),
    )
    if request.method == "POST" and form.is_valid():
        if _throttled(request):
            return too_many_attempts(request)
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = recovery_codes_make(user)
                audit(AuditKind.TWO_FACTOR_SET_UP, request=request, person=user)
            otp_login(request, device)
            return render(
                request,
                "ioi_planner/two_factor/recovery_codes.html",
                {"codes": codes, "next": _next(request), "first_time": True},
            )
        _wrong_code(request)
        form.add_error(
            "code",
            _("The code is wrong or has expired: type the code the app shows now, for IOI Planner"),
        )
    return render(
        request,
        "ioi_planner/two_factor/setup.html",
        {
            "form": form,
            # The SVG is drawn by qrcode from the device's own key and settings, never from
            # anything typed.
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308
            "key": _key_groups(device),
            "required": two_factor_required(user),
            "next": _next(request),
        },
    )


@login_required
@require_POST
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    if app_device(request.user) is None or not request.user.is_verified():
        return redirect("two_factor_setup")
    codes = recovery_codes_make(request.user)
    audit(
        AuditKind.TWO_FACTOR_SET_UP,
        request=request,
        person=request.user,
        detail=_("New recovery codes"),
    )
    return render(
        request,
        "ioi_planner/two_factor/recovery_codes.html",
        {"codes": codes, "next": reverse("account"), "first_time": False},
    )


def devices_remove(person: User, *, request: HttpRequest, detail: str = "") -> None:
    """Switch a person's two-factor sign-in off: their app and recovery codes stop working
    (if it is required, they set it up again at their next sign-in)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        audit(AuditKind.TWO_FACTOR_REMOVED, request=request, person=person, detail=detail)


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, where it is not required."""
    user = request.user
    if two_factor_required(user):
        messages.error(request, _("Two-factor sign-in is required for your account"))
        return redirect("two_factor_setup")
    devices_remove(user, request=request)
    messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("account")
