"""Who sees which readiness assessments, and reads of them.

A team's assessments are seen by the team's members (its officers fill them in, its team leads
review them) while they are in the team; nobody else, so an assessment of another team answers
404, like a plan. The one exception is the council's overview: a team lead sees every team of
their own council's latest ratings side by side, not their text.
"""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ioi_planner.access import teams_of
from ioi_planner.models import AnyUser, Role, Team

from .areas import AREAS
from .models import RATING_ORDER, Action, AreaAnswer, Assessment, AssessmentVersion

DUE_SOON_DAYS = 30


def assessments_visible_to(user: AnyUser) -> QuerySet[Assessment]:
    return Assessment.objects.filter(team__in=teams_of(user))


def led_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams the user is a team lead of now."""
    return teams_of(user).filter(memberships__user=user, memberships__role=Role.TEAM_LEAD)


def is_lead_of(user: AnyUser, assessment: Assessment) -> bool:
    return led_teams(user).filter(pk=assessment.team_id).exists()


def assessment_for(user: AnyUser, assessment_id: UUID) -> Assessment:
    """One assessment the user may see, with its answers and actions (404 otherwise)."""
    return get_object_or_404(
        assessments_visible_to(user)
        .select_related("team__organisation", "reviewed_by", "previous")
        .prefetch_related(
            "answers", Prefetch("actions", queryset=Action.objects.select_related("owner", "plan"))
        ),
        pk=assessment_id,
    )


def is_latest(assessment: Assessment) -> bool:
    return not Assessment.objects.filter(
        team=assessment.team_id, round__gt=assessment.round
    ).exists()


def latest_assessments(teams: QuerySet[Team]) -> QuerySet[Assessment]:
    """The latest round of each of `teams` that has one."""
    latest = Assessment.objects.filter(team=OuterRef("team")).order_by("-round").values("pk")[:1]
    return (
        Assessment.objects.filter(team__in=teams, pk=Subquery(latest))
        .select_related("team")
        .prefetch_related("answers")
        .order_by("team__name")
    )


@dataclass
class TeamRounds:
    team: Team
    assessments: list[Assessment]
    can_start: bool  # no round yet, or the latest reviewed

    @property
    def latest(self) -> Assessment | None:
        return self.assessments[0] if self.assessments else None


def rounds_of(user: AnyUser) -> list[TeamRounds]:
    """For each of the user's teams, its assessments, latest first."""
    teams = list(teams_of(user).order_by("name"))
    by_team: dict[int, list[Assessment]] = {team.pk: [] for team in teams}
    for assessment in Assessment.objects.filter(team__in=teams).order_by("-round"):
        by_team[assessment.team_id].append(assessment)
    return [
        TeamRounds(
            team,
            by_team[team.pk],
            not by_team[team.pk] or by_team[team.pk][0].status == "reviewed",
        )
        for team in teams
    ]


@dataclass
class AreaRow:
    slug: str
    title: str
    answer: AreaAnswer | None
    before: AreaAnswer | None  # the same area in the round this one started from
    actions: list[Action]

    @property
    def movement(self) -> str:
        """ "better", "same", "worse", or "" when either round has no rating."""
        if not (self.answer and self.before and self.answer.rating and self.before.rating):
            return ""
        now, then = RATING_ORDER[self.answer.rating], RATING_ORDER[self.before.rating]
        return "better" if now > then else "worse" if now < then else "same"


def area_rows(assessment: Assessment) -> list[AreaRow]:
    answers = {a.area: a for a in assessment.answers.all()}
    before = {a.area: a for a in assessment.previous.answers.all()} if assessment.previous else {}
    actions = list(assessment.actions.all())
    return [
        AreaRow(
            guide.slug,
            guide.title,
            answers.get(guide.slug),
            before.get(guide.slug),
            [a for a in actions if a.area == guide.slug],
        )
        for guide in AREAS
    ]


def versions_of(assessment: Assessment) -> QuerySet[AssessmentVersion]:
    return AssessmentVersion.objects.filter(assessment=assessment).select_related("author")


def snapshots_of(assessment: Assessment, numbers: list[int]) -> dict[int, dict]:
    return dict(
        AssessmentVersion.objects.filter(assessment=assessment, number__in=numbers).values_list(
            "number", "snapshot"
        )
    )


def actions_due_soon(user: AnyUser, *, today: datetime.date | None = None) -> QuerySet[Action]:
    """The user's open actions of their teams' latest rounds, overdue or due within
    DUE_SOON_DAYS, soonest first."""
    today = today or timezone.localdate()
    latest_round = (
        Assessment.objects.filter(team=OuterRef("assessment__team"))
        .values("team")
        .annotate(last=Max("round"))
        .values("last")
    )
    return (
        Action.objects.filter(
            owner=user,
            done_on__isnull=True,
            assessment__team__in=teams_of(user),
            assessment__round=Subquery(latest_round),
            due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("assessment__team")
        .order_by("due", "pk")
    )
