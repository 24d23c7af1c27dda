"""Writes to people and organisations."""

from django.db import transaction

from .models import Membership, Organisation, Role, Team, User


@transaction.atomic
def member_add(*, team: Team, email: str, password: str, role: Role, full_name: str = "") -> User:
    """Create or update a user and give them a role in a team (idempotent)."""
    user, _created = User.objects.get_or_create(email=email.lower())
    user.full_name = full_name
    user.set_password(password)
    user.save()
    Membership.objects.update_or_create(user=user, team=team, defaults={"role": role})
    return user


def organisation_with_team(*, name: str, slug: str, nation: str, team_name: str) -> Team:
    """Get or create an organisation and one of its teams."""
    organisation, _created = Organisation.objects.update_or_create(
        slug=slug, defaults={"name": name, "nation": nation}
    )
    team, _created = Team.objects.get_or_create(organisation=organisation, name=team_name)
    return team
