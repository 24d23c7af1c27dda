"""The load test's team leads (bench/loadtest/seed.py): each can open what its virtual user
reads, so the load test measures pages, not refusals."""

import pytest
from django.urls import reverse

from bench.loadtest.seed import COUNCILS, LEAD_PLANS, _leads
from ioi_planner.models import Membership, Role
from readiness.models import Area, Assessment
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    TeamFactory,
    sign_in_with_two_factor,
)
from theory_of_change.access import plans_visible_to

pytestmark = pytest.mark.django_db


def test_each_lead_reviews_its_team_s_plans_and_sees_its_readiness_round(client):
    teams = [TeamFactory(organisation=OrganisationFactory()) for _ in range(COUNCILS)]
    people = []
    for number in range(COUNCILS * 3):
        team = teams[number % COUNCILS]
        officer = MembershipFactory(team=team, role=Role.OFFICER).user
        plans = [
            PlanFactory(team=team, owner=officer, shared_with_team=True).get_absolute_url()
            for _ in range(2)
        ]
        people.append({"email": officer.email, "plans": plans})

    leads = _leads(teams, people, password_hash="unusable")

    assert len(leads) == COUNCILS
    for team, lead in zip(teams, leads, strict=True):
        membership = Membership.objects.get(user__email=lead["email"])
        assert (membership.team, membership.role) == (team, Role.TEAM_LEAD)
        assert 0 < len(lead["plans"]) <= LEAD_PLANS
        visible = {plan.get_absolute_url() for plan in plans_visible_to(membership.user)}
        assert set(lead["plans"]) <= visible
        assessment = Assessment.objects.get(team=team)
        assert assessment.get_absolute_url() == lead["assessment"]
        assert assessment.answers.count() == len(Area.values)
        assert assessment.actions.count() == 1
        sign_in_with_two_factor(client, membership.user)
        for path in (
            f"{lead['plans'][0]}review/",
            f"{lead['plans'][0]}history/",
            lead["assessment"],
            reverse("readiness:council_overview"),
            reverse("portfolio:portfolio"),
        ):
            assert client.get(path).status_code == 200, path
