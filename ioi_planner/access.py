"""Who may see what. Every scoping rule lives here, so views never repeat it.

Plans arrive with the Theory of Change wizard; for now this scopes council-added indicators.
"""

from django.db.models import QuerySet

from .models import Organisation


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations the user belongs to through a team membership (none when anonymous)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(teams__memberships__user=user).distinct()
