import pytest

from domains.models import DataSource, Domain, IndicatorQuestion
from tests.factories import OutcomeFactory, PlanFactory


@pytest.fixture
def plan(team, alice, carol):
    """alice's plan, carol collaborating, shared with the team (so lena sees it)."""
    plan = PlanFactory(
        team=team,
        owner=alice,
        title="Friendship café",
        problem="Newcomers and neighbours rarely meet.",
        impact="People from different backgrounds get on well together.",
        shared_with_team=True,
    )
    plan.collaborators.add(carol)
    return plan


@pytest.fixture
def domain():
    return Domain.objects.get(number=9)


@pytest.fixture
def indicator(domain):
    return domain.indicators.order_by("code").first()


@pytest.fixture
def other_indicator():
    return Domain.objects.get(number=1).indicators.order_by("code").first()


@pytest.fixture
def outcome(plan, indicator):
    outcome = OutcomeFactory(plan=plan, text="Neighbours old and new meet every week")
    outcome.indicators.add(indicator)
    return outcome


@pytest.fixture
def toolkit_question(indicator):
    source = DataSource.objects.create(
        name="Testshire residents' survey", publisher="Testshire Council", frequency="Annual"
    )
    return IndicatorQuestion.objects.create(
        indicator=indicator, data_source=source, text="How often do you chat to your neighbours?"
    )
