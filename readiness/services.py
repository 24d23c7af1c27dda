"""Changes to Exercise 1 worksheets, each from the version its form was made from (a form made
from an older version is refused, as for plans), and starting a plan from one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from domains.models import Domain
from ioi_planner.access import teams_of
from ioi_planner.models import Team, User
from ioi_planner.versioning import versioned_change
from theory_of_change.models import Plan
from theory_of_change.wizard import services as wizard_services

from .models import Exercise, ExerciseDomain
from .selectors import exercise_gaps


def exercise_change(*, exercise: Exercise, version: int):
    """One change of a worksheet, in one transaction, claiming its next version (or raising
    ioi_planner.versioning.Stale)."""
    return versioned_change(exercise, version=version)


def _check_team(user: User, team: Team) -> None:
    if not teams_of(user).filter(pk=team.pk).exists():
        raise ValidationError({"team": _("Select one of your teams")})


def exercise_create(*, user: User, team: Team, title: str, problem: str) -> Exercise:
    _check_team(user, team)
    exercise = Exercise(owner=user, team=team, title=title, problem=problem)
    exercise.full_clean()
    exercise.save()
    return exercise


def exercise_update(
    *, exercise: Exercise, version: int, user: User, team: Team, title: str, problem: str
) -> Exercise:
    _check_team(user, team)
    with exercise_change(exercise=exercise, version=version):
        exercise.team, exercise.title, exercise.problem = team, title, problem
        exercise.full_clean(exclude=["owner"])
        exercise.save(update_fields=["team", "title", "problem"])
    return exercise


def exercise_set_domains(*, exercise: Exercise, version: int, domains: list[Domain]) -> None:
    """The domains chosen, one of each type; a domain kept keeps its reason."""
    with exercise_change(exercise=exercise, version=version):
        exercise.choices.exclude(domain__in=domains).delete()
        kept = set(exercise.choices.values_list("domain_id", flat=True))
        ExerciseDomain.objects.bulk_create(
            ExerciseDomain(exercise=exercise, domain=d) for d in domains if d.pk not in kept
        )


def exercise_set_reasons(*, exercise: Exercise, version: int, reasons: dict[int, str]) -> None:
    """Why each chosen domain matters (by domain id)."""
    with exercise_change(exercise=exercise, version=version):
        for choice in exercise.choices.all():
            if choice.domain_id in reasons:
                choice.why = reasons[choice.domain_id]
                choice.full_clean()
                choice.save(update_fields=["why"])


def exercise_plan_start(*, exercise: Exercise, user: User) -> Plan:
    """A new plan of the worksheet's team with its title, problem and domains, owned by `user`
    (the worksheet's owner), in one transaction; the worksheet remembers it."""
    gaps = exercise_gaps(exercise)
    if gaps:
        raise ValidationError(gaps)
    if not teams_of(user).filter(pk=exercise.team_id).exists():
        raise ValidationError(
            _("You are no longer in %(team)s: choose one of your teams on the problem page")
            % {"team": exercise.team.name}
        )
    domains = [choice.domain for choice in exercise.choices.select_related("domain__type")]
    with transaction.atomic():
        plan = wizard_services.plan_create(user=user, team=exercise.team, title=exercise.title)
        plan = wizard_services.plan_update(
            plan=plan, version=plan.version, user=user, problem=exercise.problem
        )
        wizard_services.plan_set_domains(
            plan=plan, version=plan.version, domains=domains, user=user
        )
        Exercise.objects.filter(pk=exercise.pk).update(plan=plan)
        exercise.plan = plan
    return plan
