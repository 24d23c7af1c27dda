"""Writes to the plan's own answers: creating a plan, its details, problem and impact, domains
and sharing. Every change goes through versioning.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from domains.models import Domain
from ioi_planner.access import teams_of
from ioi_planner.models import Team, User
from theory_of_change.models import (
    Plan,
    PlanLanguage,
)
from theory_of_change.shape import ANSWER_FIELDS, SECTION_OF_ANSWER, SHARING
from theory_of_change.steps import REQUIRED_DOMAIN_TYPES
from theory_of_change.versioning import plan_change, plan_version_record

# What plan_update changes: the plan's own answers (those its versions keep) and its sharing.
PLAN_FIELDS = {*ANSWER_FIELDS, SHARING.name}


def plan_create(
    *,
    user: User,
    team: Team,
    title: str,
    place: str = "",
    intervention_kind: str = "",
    audience: str = "",
    language: str = PlanLanguage.ENGLISH,
) -> Plan:
    """A plan belongs to one of its creator's teams, and its creator owns it."""
    if not teams_of(user).filter(pk=team.pk).exists():
        raise ValidationError({"team": _("Select one of your teams")})
    plan = Plan(
        team=team,
        owner=user,
        title=title,
        place=place,
        intervention_kind=intervention_kind,
        audience=audience,
        language=language,
    )
    plan.full_clean()
    with transaction.atomic():
        plan.save()
        plan_version_record(
            plan=plan, user=user, section="plan", action="create", subject=plan.title
        )
    return plan


def plan_update(*, plan: Plan, version: int, user: User | None = None, **values: Any) -> Plan:
    """Change the plan's own answers (not its parts); only the named fields are written."""
    unknown = set(values) - PLAN_FIELDS
    if unknown:
        raise ValueError(f"Not plan answers: {sorted(unknown)}")
    sections = [SECTION_OF_ANSWER[name] for name in values]
    section = sections[0] if sections else "plan"
    with plan_change(plan=plan, version=version, user=user, section=section, action="answers"):
        for name, value in values.items():
            setattr(plan, name, value)
        plan.full_clean(exclude=["team", "owner"])
        plan.save(update_fields=[*values, "version", "updated_at"])
    return plan


def domain_types_missing(domains: list[Domain]) -> list[str]:
    """Slugs of the required domain types that none of these domains is of, in framework order."""
    covered = {domain.type.slug for domain in domains}
    return [slug for slug in REQUIRED_DOMAIN_TYPES if slug not in covered]


def plan_set_domains(
    *, plan: Plan, version: int, domains: list[Domain], user: User | None = None
) -> Plan:
    """A plan's domains include one or more of each type: Markers and Means, Social Connections,
    Facilitators, and Rights and Responsibilities (the Foundation)."""
    missing = domain_types_missing(domains)
    if missing:
        raise ValidationError(
            _("Choose at least one domain of each type; missing: %(missing)s")
            % {"missing": ", ".join(missing)}
        )
    with plan_change(plan=plan, version=version, user=user, section="domains", action="domains"):
        plan.domains.set(domains)
    return plan
