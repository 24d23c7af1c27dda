"""A council admin runs their own council: who is in which team, in which role.

Every page here is for the council admin of one council and shows only that council: a person
or team of another council answers 404, as if it did not exist. Moving someone out of a team
takes effect on their next request (access follows membership: ioi_planner/access.py).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .access import administered_council
from .forms import PersonTeamsForm
from .models import Membership, Organisation, Role, Team, User


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


def person_teams_set(*, person: User, changes: list[TeamChange]) -> None:
    """Put the person in these teams with these roles (and in no other team of the council),
    all at once or not at all. A team is never left without a lead it had."""
    with transaction.atomic():
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


@login_required
def council_home(request: HttpRequest) -> HttpResponse:
    council = _council_of(request)
    teams = Team.objects.filter(organisation=council).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("user"))
    )
    return render(
        request,
        "ioi_planner/council/home.html",
        {"council": council, "teams": teams, "people": council_people(council)},
    )


@login_required
def council_person(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council_of(request)
    person = get_object_or_404(council_people(council), pk=pk)
    teams = list(Team.objects.filter(organisation=council).order_by("name"))
    roles = {m.team_id: m.role for m in person.memberships.all()}
    form = PersonTeamsForm(request.POST or None, teams=teams, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            person_teams_set(
                person=person,
                changes=[TeamChange(team, form.cleaned_data[f"team_{team.pk}"]) for team in teams],
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
    return render(request, "ioi_planner/council/person.html", {"person": person, "form": form})
