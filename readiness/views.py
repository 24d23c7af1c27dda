"""The pages of Exercise 1: a person's worksheets, each a short guided exercise (the problem, a
domain of each type found with the keyword index, why each matters with its indicators in
view), then a plan started from it. Every page works without JavaScript."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ioi_planner.versioning import Stale
from theory_of_change.selectors import teams_for_new_plan
from theory_of_change.wizard.forms import SearchForm
from theory_of_change.wizard.selectors import council_domain_search

from . import selectors, services
from .forms import (
    ExerciseDetailsForm,
    ExerciseDomainsForm,
    ExerciseReasonsForm,
    ExerciseVersionForm,
)
from .models import Exercise

FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])


def _url(name: str, exercise: Exercise) -> str:
    return reverse(f"readiness:{name}", kwargs={"exercise_id": exercise.pk})


def _saved(form, write) -> bool:
    """Run `write(version)` from the form's version; False (the form refused) if the worksheet
    changed since, or the service refused the values."""
    try:
        write(form.cleaned_data["version"])
    except Stale:
        form.refuse_as_stale(
            current_version=Exercise.objects.values_list("version", flat=True).get(
                pk=form.exercise.pk
            )
        )
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@require_safe
def exercise_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "readiness/exercise_list.html",
        {"exercises": selectors.exercises_of(request.user).order_by("-updated_at")},
    )


@login_required
@FORM_METHODS
def exercise_create(request: HttpRequest) -> HttpResponse:
    teams = teams_for_new_plan(request.user)
    if not teams.exists():
        return render(request, "readiness/exercise_no_team.html", status=403)
    form = ExerciseDetailsForm(request.POST or None, exercise=None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = services.exercise_create(
                user=request.user,
                team=form.cleaned_data["team"],
                title=form.cleaned_data["title"],
                problem=form.cleaned_data["problem"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_url("exercise_domains", exercise))
    return render(
        request,
        "readiness/exercise_details.html",
        {"form": form, "back_url": reverse("readiness:exercise_list"), "new": True},
    )


@login_required
@FORM_METHODS
def exercise_details(request: HttpRequest, exercise_id: UUID) -> HttpResponse:
    exercise = selectors.exercise_for(request.user, exercise_id)
    teams = teams_for_new_plan(request.user)
    form = ExerciseDetailsForm(request.POST or None, exercise=exercise, teams=teams)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            lambda version: services.exercise_update(
                exercise=exercise,
                version=version,
                user=request.user,
                team=form.cleaned_data["team"],
                title=form.cleaned_data["title"],
                problem=form.cleaned_data["problem"],
            ),
        )
    ):
        return redirect(_url("exercise_domains", exercise))
    return render(
        request,
        "readiness/exercise_details.html",
        {"form": form, "exercise": exercise, "back_url": exercise.get_absolute_url()},
    )


@login_required
@FORM_METHODS
def exercise_domains(request: HttpRequest, exercise_id: UUID) -> HttpResponse:
    exercise = selectors.exercise_for(request.user, exercise_id)
    types = selectors.domain_types()
    if request.method == "POST" and "search" in request.POST:
        # The search button of the form: search, keeping the choices not saved yet.
        query = ExerciseDomainsForm.search_query(request.POST, types)
        return redirect(f"{_url('exercise_domains', exercise)}?{query}")
    if request.method == "POST":
        form = ExerciseDomainsForm(request.POST, exercise=exercise, types=types)
    else:
        carried = request.GET if "version" in request.GET else None
        form = ExerciseDomainsForm(exercise=exercise, types=types, chosen=carried)
    search_form = SearchForm(
        request.GET or None,
        label=_("Search the keyword index for domains"),
        hint=_("Type a word from the problem, like loneliness, jobs or hate crime"),
        form_tag=False,
    )
    search = None
    if search_form.query:
        search = council_domain_search(council=exercise.team.organisation, query=search_form.query)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            lambda version: services.exercise_set_domains(
                exercise=exercise, version=version, domains=form.chosen_domains()
            ),
        )
    ):
        return redirect(_url("exercise_reasons", exercise))
    return render(
        request,
        "readiness/exercise_domains.html",
        {
            "exercise": exercise,
            "form": form,
            "search_form": search_form,
            "search": search,
            "back_url": _url("exercise_details", exercise),
        },
    )


@login_required
@FORM_METHODS
def exercise_reasons(request: HttpRequest, exercise_id: UUID) -> HttpResponse:
    exercise = selectors.exercise_for(request.user, exercise_id)
    if not exercise.choices.all():
        return redirect(_url("exercise_domains", exercise))
    form = ExerciseReasonsForm(
        request.POST or None,
        exercise=exercise,
        indicators=selectors.domain_indicators(exercise),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            lambda version: services.exercise_set_reasons(
                exercise=exercise, version=version, reasons=form.reasons()
            ),
        )
    ):
        return redirect(exercise.get_absolute_url())
    return render(
        request,
        "readiness/exercise_reasons.html",
        {"exercise": exercise, "form": form, "back_url": _url("exercise_domains", exercise)},
    )


def _detail(request: HttpRequest, exercise: Exercise, errors=(), status: int = 200):
    return render(
        request,
        "readiness/exercise_detail.html",
        {
            "exercise": exercise,
            "gaps": selectors.exercise_gaps(exercise),
            "errors": list(errors),
            "back_url": reverse("readiness:exercise_list"),
        },
        status=status,
    )


@login_required
@require_safe
def exercise_detail(request: HttpRequest, exercise_id: UUID) -> HttpResponse:
    return _detail(request, selectors.exercise_for(request.user, exercise_id))


@login_required
@require_POST
def exercise_start(request: HttpRequest, exercise_id: UUID) -> HttpResponse:
    """Start a plan from the worksheet: its title, problem and domains carried into the new
    plan, whose wizard opens at its list of steps."""
    exercise = selectors.exercise_for(request.user, exercise_id)
    try:
        plan = services.exercise_plan_start(exercise=exercise, user=request.user)
    except ValidationError as error:
        return _detail(request, exercise, errors=error.messages, status=400)
    messages.success(
        request,
        _("The plan is started with the exercise’s problem and domains. Carry on from step 1."),
    )
    return redirect(reverse("theory_of_change:plan_tasks", kwargs={"plan_id": plan.pk}))


@login_required
@FORM_METHODS
def exercise_remove(request: HttpRequest, exercise_id: UUID) -> HttpResponse:
    exercise = selectors.exercise_for(request.user, exercise_id)
    form = ExerciseVersionForm(request.POST or None, exercise=exercise)
    if request.method == "POST":
        Exercise.objects.filter(pk=exercise.pk).delete()
        messages.success(request, _("The worksheet is removed."))
        return redirect("readiness:exercise_list")
    return render(
        request,
        "theory_of_change/confirm_remove.html",
        {
            "title": _("Remove this worksheet?"),
            "item": exercise.title,
            "form": form,
            "back_url": exercise.get_absolute_url(),
            "warning": _("A plan started from it stays."),
        },
    )
