import pytest

from theory_of_change.models import Plan


@pytest.fixture
def plan(team, alice):
    return Plan.objects.create(team=team, owner=alice, title="Friendship club")
