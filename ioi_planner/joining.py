"""Joining the service: accepting an invitation (anyone holding the link), and site staff
setting up a new council with its first council admin (ioi_planner/invitations.py does the
work)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .audit import audit
from .forms import AcceptInvitationForm, CouncilCreateForm
from .invitations import (
    THROTTLE_SCOPE,
    Refusal,
    invitation_accept,
    invitation_create,
    invitation_for_token,
)
from .models import AuditKind, Organisation, Role, Team
from .sign_in import client_ip
from .throttle import attempt_record, over_limit, too_many_attempts


@never_cache
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: a form for the person's name and password, or a page saying why
    the link cannot be used. Links that do not work are counted per address."""
    address = client_ip(request)
    if over_limit(THROTTLE_SCOPE, address, settings.SIGN_IN_ADDRESS_LIMIT):
        return too_many_attempts(request)
    invitation, refusal = invitation_for_token(token)
    if refusal is not None:
        if refusal == Refusal.UNKNOWN:
            attempt_record(THROTTLE_SCOPE, address)
        status = 404 if refusal == Refusal.UNKNOWN else 410
        return render(
            request,
            "ioi_planner/invitation/refused.html",
            {"refusal": refusal.value, "invitation": invitation},
            status=status,
        )
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            person = invitation_accept(
                invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["new_password1"],
                request=request,
            )
        except ValidationError:
            return render(
                request,
                "ioi_planner/invitation/refused.html",
                {"refusal": Refusal.USED.value, "invitation": invitation},
                status=410,
            )
        if request.user.is_authenticated:
            logout(request)
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome to IOI Planner. You have joined %(council)s.")
            % {"council": invitation.council},
        )
        return redirect("home")
    return render(
        request,
        "ioi_planner/invitation/accept.html",
        {"form": form, "invitation": invitation, "teams": invitation.teams.all()},
    )


@never_cache
@login_required
def council_create(request: HttpRequest) -> HttpResponse:
    """Site staff: a new council, its first team, and an invitation to its first council admin
    (who joins the team as its lead)."""
    if not request.user.is_staff:
        raise PermissionDenied
    form = CouncilCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                council = Organisation.objects.create(
                    name=data["name"], slug=_unique_slug(data["name"]), nation=data["nation"]
                )
                team = Team.objects.create(organisation=council, name=data["team_name"])
                audit(
                    AuditKind.COUNCIL_CREATED, request=request, council=council, detail=council.name
                )
                invitation_create(
                    council=council,
                    email=data["admin_email"],
                    full_name=data["admin_name"],
                    teams=[team],
                    role=Role.TEAM_LEAD,
                    as_council_admin=True,
                    language=data.get("language", ""),
                    request=request,
                )
        except IntegrityError:
            form.add_error("name", _("There is already a council called %(name)s") % data)
        else:
            messages.success(
                request,
                _("%(council)s has been created. %(email)s has been sent an invitation to run it.")
                % {"council": council, "email": data["admin_email"].lower()},
            )
            return redirect("council_create")
    councils = Organisation.objects.order_by("name")
    return render(request, "ioi_planner/council/create.html", {"form": form, "councils": councils})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "council"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
