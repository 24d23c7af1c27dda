"""The readiness pages among the key pages (issue 20): a team's assessment, its history,
and the council's overview that its leads read.

At 1x the team's round has its six areas answered and 5 actions, and the council 2 teams with
an assessment each; at 10x 50 actions (each with a change in the history) and 20 teams.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bench.registry import BenchContext, PageRequest, bench_people, key_page
from ioi_planner.models import Membership, Role, Team
from readiness import assessment_services as services
from readiness.models import Action, Area, AreaAnswer, Assessment, AssessmentStatus, Rating

ACTIONS_PER_SCALE = 5
TEAMS_PER_SCALE = 2
RATINGS = list(Rating)


@transaction.atomic
def _team_assessment(officer, scale: int) -> Assessment:
    """The officer's team's round, answered through the services (so it has its versions),
    with ACTIONS_PER_SCALE actions per scale step."""
    team = officer.memberships.first().team
    assessment = Assessment.objects.filter(team=team).first()
    if assessment is None:
        assessment = services.assessment_start(user=officer, team=team)
        for number, area in enumerate(Area):
            services.area_save(
                assessment=assessment,
                version=assessment.version,
                user=officer,
                area=area.value,
                rating=RATINGS[number % len(RATINGS)].value,
                challenges=f"What holds us back in {area.label}, in a sentence or two.",
                response="How we will plan around it, in a sentence or two.",
            )
    areas = list(Area)
    for number in range(assessment.actions.count(), ACTIONS_PER_SCALE * scale):
        assessment.refresh_from_db()
        services.action_save(
            assessment=assessment,
            version=assessment.version,
            user=officer,
            action=None,
            area=areas[number % len(areas)].value,
            text=f"Action {number + 1}: agree who collects the figures for this area",
            owner=officer,
            due=timezone.localdate() + datetime.timedelta(days=10 + number),
        )
    assessment.refresh_from_db()
    return assessment


def _assessment_page(url_name: str, scale: int) -> PageRequest:
    officer = bench_people(scale=scale)
    assessment = _team_assessment(officer, scale)
    return PageRequest(
        path=reverse(url_name, kwargs={"assessment_id": assessment.pk}), user=officer
    )


@key_page("readiness assessment")
def readiness_assessment_page(context: BenchContext, scale: int) -> PageRequest:
    return _assessment_page("readiness:assessment_detail", scale)


@key_page("readiness history")
def readiness_history_page(context: BenchContext, scale: int) -> PageRequest:
    return _assessment_page("readiness:assessment_history", scale)


@key_page("readiness council overview")
@transaction.atomic
def readiness_council_page(context: BenchContext, scale: int) -> PageRequest:
    officer = bench_people(scale=scale)
    team = officer.memberships.first().team
    lead = Membership.objects.filter(team=team, role=Role.TEAM_LEAD).first().user
    _team_assessment(officer, scale)
    wanted = TEAMS_PER_SCALE * scale - 1  # the officer's team is one of them
    areas = list(Area)
    for number in range(1, wanted + 1):
        other, created = Team.objects.get_or_create(
            organisation=team.organisation, name=f"Bench readiness team {number}"
        )
        if not created:
            continue
        assessment = Assessment.objects.create(
            team=other, round=1, status=AssessmentStatus.REVIEWED, created_by=lead
        )
        AreaAnswer.objects.bulk_create(
            AreaAnswer(
                assessment=assessment,
                area=area.value,
                rating=RATINGS[(number + index) % len(RATINGS)].value,
                challenges="What holds this team back, in a sentence.",
            )
            for index, area in enumerate(areas)
        )
        Action.objects.create(
            assessment=assessment,
            area=areas[number % len(areas)].value,
            text="Agree who collects the figures",
            owner=None,
            due=timezone.localdate() + datetime.timedelta(days=30),
        )
    return PageRequest(path=reverse("readiness:council_overview"), user=lead)
