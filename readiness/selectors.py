"""Reads of Exercise 1 worksheets: a person sees only their own, of their own council."""

from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from domains.languages import text_in_language
from domains.models import Domain, DomainType, Indicator, IndicatorStatus
from domains.selectors import indicators_of_council
from ioi_planner.models import AnyUser
from theory_of_change.steps import REQUIRED_DOMAIN_TYPES

from .models import Exercise, ExerciseDomain


def exercises_of(user: AnyUser) -> QuerySet[Exercise]:
    """The person's own worksheets, of the council they are in now (none for anyone else)."""
    if not user.is_authenticated or user.organisation_id is None:
        return Exercise.objects.none()
    return Exercise.objects.filter(
        owner=user, team__organisation_id=user.organisation_id
    ).select_related("team", "plan")


def exercise_for(user: AnyUser, exercise_id: UUID) -> Exercise:
    """One of the person's worksheets with its choices (404 otherwise)."""
    return get_object_or_404(
        exercises_of(user).prefetch_related(
            Prefetch("choices", queryset=ExerciseDomain.objects.select_related("domain__type"))
        ),
        pk=exercise_id,
    )


def domain_types() -> list[DomainType]:
    """The four types in the framework's order, each with its domains (`.domains.all()`)."""
    types = {
        t.slug: t
        for t in DomainType.objects.prefetch_related(
            Prefetch("domains", queryset=Domain.objects.order_by("number"))
        )
    }
    return [types[slug] for slug in REQUIRED_DOMAIN_TYPES if slug in types]


def exercise_gaps(exercise: Exercise) -> list[str]:
    """What is still to do before a plan can start from the worksheet, in words."""
    choices = list(exercise.choices.all())
    covered = {choice.domain.type.slug for choice in choices}
    gaps = [
        _("Choose a %(type)s domain") % {"type": text_in_language(t, "name")}
        for t in domain_types()
        if t.slug not in covered
    ]
    gaps += [
        _("Say why %(domain)s matters to the problem")
        % {"domain": text_in_language(choice.domain, "name")}
        for choice in choices
        if not choice.why.strip()
    ]
    return gaps


def domain_indicators(exercise: Exercise) -> dict[int, list[Indicator]]:
    """The active indicators of each chosen domain, from the bank of the worksheet's council."""
    chosen = [choice.domain_id for choice in exercise.choices.all()]
    found: dict[int, list[Indicator]] = {pk: [] for pk in chosen}
    for indicator in (
        indicators_of_council(exercise.team.organisation)
        .filter(domain_id__in=chosen, status=IndicatorStatus.ACTIVE)
        .order_by("group", "code")
    ):
        found[indicator.domain_id].append(indicator)
    return found
