"""The demo team's readiness, for `seed_demo`: a first round reviewed by the demo lead, so the
officer can start the second and see how each area moves, with an action due soon on the
officer's dashboard."""

import datetime

from django.db import transaction
from django.utils import timezone

from demo.plans import DEMO_OFFICER
from ioi_planner.models import Role, Team, User
from readiness import assessment_services as services
from readiness.models import Assessment

RATINGS = {
    "leadership": ("partly", "Integration sits with one team; housing and health plan apart"),
    "priorities": ("not-yet", "Arrivals leave no time to agree priorities with partners"),
    "resources": ("partly", "No time set aside for evaluation"),
    "evaluation": ("not-yet", "Past projects were never evaluated"),
    "data": ("partly", "Club records exist but are not shared"),
    "understanding": ("partly", "Two of us know the framework well"),
}


@transaction.atomic
def demo_readiness() -> str:
    officer = User.objects.filter(email=DEMO_OFFICER).first()
    team = Team.objects.filter(memberships__user=officer).first() if officer else None
    if team is None:
        return "No demo team, so no demo readiness assessment."
    if Assessment.objects.filter(team=team).exists():
        return "Demo readiness assessment already there."
    lead = User.objects.filter(memberships__team=team, memberships__role=Role.TEAM_LEAD).first()
    assessment = services.assessment_start(user=officer, team=team)
    for area, (rating, challenges) in RATINGS.items():
        services.area_save(
            assessment=assessment,
            version=assessment.version,
            user=officer,
            area=area,
            rating=rating,
            challenges=challenges,
            response="",
        )
    services.action_save(
        assessment=assessment,
        version=assessment.version,
        user=officer,
        action=None,
        area="data",
        text="Agree one shared place for the club's attendance records",
        owner=officer,
        due=timezone.localdate() + datetime.timedelta(days=14),
    )
    services.assessment_submit(assessment=assessment, version=assessment.version, user=officer)
    if lead is not None:
        services.assessment_decide(
            assessment=assessment,
            version=assessment.version,
            user=lead,
            changes=False,
            comment="A fair picture. Let us look again in three months.",
        )
    return "Demo readiness assessment: round 1, reviewed, with one action due soon."
