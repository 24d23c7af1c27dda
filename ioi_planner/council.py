"""A council admin runs their own council: who is in which team, in which role.

Every page here is for the council admin of one council and shows only that council: a person
or team of another council answers 404, as if it did not exist. Moving someone out of a team
takes effect on their next request (access follows membership: ioi_planner/access.py).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .access import administered_council
from .audit import audit
from .forms import DeactivateForm, InvitationForm, PersonTeamsForm, TwoFactorRequirementForm
from .invitations import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
    pending_invitations,
)
from .leavers import Handover, person_deactivate, person_erase, teams_led_alone
from .models import AuditEvent, AuditKind, Membership, Organisation, Role, Team, User
from .two_factor import app_device, devices_remove


def _council_of(request: HttpRequest) -> Organisation:
    council = administered_council(request.user)
    if council is None:
        raise Http404
    return council


def council_people(council: Organisation):
    """Everyone of the council (in a team, or its admins), with their memberships."""
    return (
        User.objects.filter(organisation=council)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(team__organisation=council)
                .select_related("team")
                .order_by("team__name"),
            )
        )
        .order_by("full_name", "email")
    )


@dataclass
class TeamChange:
    team: Team
    role: str  # a Role, or "" for not in the team


class LastLead(Exception):
    def __init__(self, team: Team):
        self.team = team


def person_teams_set(
    *,
    person: User,
    changes: list[TeamChange],
    is_council_admin: bool | None = None,
    request: HttpRequest | None = None,
) -> None:
    """Put the person in these teams with these roles (and in no other team of the council),
    and make them council admin or not (None: as they are), all at once or not at all. A team
    is never left without a lead it had."""
    with transaction.atomic():
        if is_council_admin is not None and is_council_admin != person.is_council_admin:
            person.is_council_admin = is_council_admin
            User.objects.filter(pk=person.pk).update(is_council_admin=is_council_admin)
        current = {
            m.team_id: m
            for m in Membership.objects.select_for_update().filter(
                user=person, team__organisation_id=person.organisation_id
            )
        }
        for change in changes:
            membership = current.get(change.team.pk)
            was_lead = membership is not None and membership.role == Role.TEAM_LEAD
            if was_lead and change.role != Role.TEAM_LEAD:
                other_leads = (
                    Membership.objects.filter(team=change.team, role=Role.TEAM_LEAD)
                    .exclude(user=person)
                    .exists()
                )
                if not other_leads:
                    raise LastLead(change.team)
            if not change.role:
                if membership is not None:
                    membership.delete()
            elif membership is None:
                Membership.objects.create(user=person, team=change.team, role=change.role)
            elif membership.role != change.role:
                membership.role = change.role
                membership.save()
        audit(
            AuditKind.TEAMS_CHANGED,
            request=request,
            person=person,
            detail=", ".join(
                [
                    *(
                        f"{change.team.name}: {Role(change.role).label if change.role else '–'}"
                        for change in changes
                    ),
                    _("council admin: %(answer)s")
                    % {"answer": _("yes") if person.is_council_admin else _("no")},
                ]
            ),
        )


@login_required
def council_home(request: HttpRequest) -> HttpResponse:
    council = _council_of(request)
    teams = Team.objects.filter(organisation=council).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("user"))
    )
    return render(
        request,
        "ioi_planner/council/home.html",
        {
            "council": council,
            "teams": teams,
            "people": council_people(council),
            "invitations": pending_invitations(council),
            "now": timezone.now(),
        },
    )


@login_required
def council_person(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council_of(request)
    person = get_object_or_404(council_people(council), pk=pk)
    teams = list(Team.objects.filter(organisation=council).order_by("name"))
    roles = {m.team_id: m.role for m in person.memberships.all()}
    form = PersonTeamsForm(
        request.POST or None,
        teams=teams,
        roles=roles,
        is_self=person.pk == request.user.pk,
        initial={"is_council_admin": person.is_council_admin},
    )
    if request.method == "POST" and person.is_active and form.is_valid():
        try:
            person_teams_set(
                person=person,
                changes=[TeamChange(team, form.cleaned_data[f"team_{team.pk}"]) for team in teams],
                is_council_admin=form.cleaned_data["is_council_admin"],
                request=request,
            )
        except LastLead as refused:
            form.add_error(
                f"team_{refused.team.pk}",
                _(
                    "%(person)s is the only team lead of %(team)s: make someone else its lead "
                    "before changing their role"
                )
                % {"person": person, "team": refused.team.name},
            )
        else:
            messages.success(request, _("%(person)s’s teams have been saved.") % {"person": person})
            return redirect("council_home")
    return render(
        request,
        "ioi_planner/council/person.html",
        {"person": person, "form": form, "has_two_factor": app_device(person) is not None},
    )


@login_required
def council_invite(request: HttpRequest) -> HttpResponse:
    council = _council_of(request)
    form = InvitationForm(request.POST or None, teams=Team.objects.filter(organisation=council))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation_create(
                council=council,
                email=data["email"],
                full_name=data["full_name"],
                teams=list(data["teams"]),
                role=data["role"],
                as_council_admin=data["as_council_admin"],
                language=data.get("language", ""),
                request=request,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": data["email"].lower()},
            )
            return redirect("council_home")
    return render(
        request,
        "ioi_planner/council/invite.html",
        {"form": form, "invitation_days": settings.INVITATION_DAYS},
    )


# What "Send again" and "Withdraw" do, and what they then say.
INVITATION_ACTIONS = {
    "resend": (
        invitation_resend,
        gettext_lazy("The invitation has been sent to %(email)s again, with a new link."),
    ),
    "withdraw": (
        invitation_revoke,
        gettext_lazy("The invitation to %(email)s has been withdrawn: its link no longer works."),
    ),
}


@login_required
@require_POST
def council_invitation_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    invitation = get_object_or_404(pending_invitations(_council_of(request)), pk=pk)
    act, done = INVITATION_ACTIONS[action]
    act(invitation, request=request)
    messages.success(request, done % {"email": invitation.email})
    return redirect("council_home")


@login_required
@require_POST
def council_person_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """For someone who has lost their phone and their recovery codes."""
    council = _council_of(request)
    person = get_object_or_404(council_people(council).filter(is_active=True), pk=pk)
    if person.pk == request.user.pk:
        raise Http404  # another admin, or staff, does it for an admin
    devices_remove(person, request=request, detail=_("Reset by the council admin"))
    messages.success(
        request,
        _(
            "%(person)s’s two-factor sign-in has been reset: they set it up again at their next "
            "sign-in if it is required, or from their account page."
        )
        % {"person": person},
    )
    return redirect("council_person", pk=person.pk)


@login_required
def council_person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """A leaver: who takes over their plans, a new lead for any team they led alone."""
    council = _council_of(request)
    person = get_object_or_404(council_people(council).filter(is_active=True), pk=pk)
    if person.pk == request.user.pk:
        raise Http404  # an admin does not deactivate themselves: another admin or staff does
    others = (
        council_people(council)
        .filter(is_active=True, memberships__team__organisation=council)
        .exclude(pk=person.pk)
        .distinct()
    )
    led_alone = teams_led_alone(person)
    owned = person.owned_plans.count()
    form = DeactivateForm(
        request.POST if request.method == "POST" else None,
        people=others,
        teams_led_alone=led_alone,
        owns_plans=bool(owned),
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_deactivate(
                person=person,
                handover=Handover(form.chosen_successor(), form.new_leads()),
                request=request,
            )
        except ValidationError as refused:
            form.add_error("successor" if owned else None, refused)
        else:
            done = _("%(person)s has been deactivated.") % {"person": person}
            if owned:
                done += " " + _("Their plans are now %(successor)s’s.") % {
                    "successor": form.chosen_successor()
                }
            messages.success(request, done)
            return redirect("council_home")
    return render(
        request,
        "ioi_planner/council/deactivate.html",
        {"person": person, "form": form, "owned": owned},
    )


@login_required
def council_person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council_of(request)
    person = get_object_or_404(
        council_people(council).filter(is_active=False, erased_at=None), pk=pk
    )
    if request.method == "POST":
        person_erase(person=person, request=request)
        messages.success(
            request,
            _(
                "Their name and email address have been erased. Their work is shown as by a "
                "former member."
            ),
        )
        return redirect("council_home")
    return render(request, "ioi_planner/council/erase.html", {"person": person})


@login_required
def council_two_factor(request: HttpRequest) -> HttpResponse:
    council = _council_of(request)
    form = TwoFactorRequirementForm(
        request.POST or None,
        initial={"require_two_factor": "yes" if council.require_two_factor else "no"},
    )
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["require_two_factor"]
        with transaction.atomic():
            Organisation.objects.filter(pk=council.pk).update(require_two_factor=required)
            audit(
                AuditKind.TWO_FACTOR_REQUIRED,
                request=request,
                council=council,
                detail=_("Required") if required else _("Not required"),
            )
        messages.success(
            request,
            _("Everyone in your council must now sign in with an authenticator app.")
            if required
            else _("Signing in with an authenticator app is now up to each person."),
        )
        return redirect("council_home")
    return render(request, "ioi_planner/council/two_factor.html", {"form": form})


AUDIT_PAGE_SIZE = 50


@login_required
def council_audit(request: HttpRequest) -> HttpResponse:
    """The council's audit log, newest first."""
    council = _council_of(request)
    events = AuditEvent.objects.filter(council=council).select_related("actor", "person")
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ioi_planner/council/audit.html", {"council": council, "page_obj": page})
