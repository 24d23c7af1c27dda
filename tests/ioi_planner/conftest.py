import pytest

from tests.factories import UserFactory


@pytest.fixture
def council_admin(alpha):
    """The council admin of Alpha Council (in no team)."""
    return UserFactory(email="admin@alpha.example", is_council_admin=True, organisation=alpha)
