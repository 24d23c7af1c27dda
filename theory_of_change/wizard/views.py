"""The wizard: creating a plan, its task list and its steps in order (steps.py). HTTP only:
rules are in services, access in theory_of_change/access.py, locking in versioning.py.
"""

from collections.abc import Callable
from functools import wraps
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from theory_of_change import selectors
from theory_of_change.access import plans_authored_by, plans_editable_by
from theory_of_change.models import Plan, PlanStatus
from theory_of_change.principles import principle_check
from theory_of_change.steps import (
    STEP_FOR_SECTION,
    STEPS,
    STEPS_BY_SLUG,
    Step,
    next_step,
    previous_step,
    step_number,
)
from theory_of_change.versioning import form_saved
from theory_of_change.wizard import selectors as wizard_selectors
from theory_of_change.wizard import services as wizard_services
from theory_of_change.wizard.forms import (
    DomainsForm,
    PlanCreateForm,
    PlanDetailsForm,
    ProblemImpactForm,
    SearchForm,
    ShareForm,
    carries_ticks,
)
from theory_of_change.wizard.items import item_kind
from theory_of_change.wizard.part_forms import (
    MoveForm,
    StakeholderAgreementForm,
)
from theory_of_change.wizard.presenters import item_cards


class PlanLocked(Exception):
    """The user authors this plan, but its status makes it read-only now."""

    def __init__(self, plan: Plan):
        self.plan = plan


def editable_plan(request: HttpRequest, plan_id: UUID) -> Plan:
    try:
        return get_object_or_404(
            selectors.plan_with_parts(plans_editable_by(request.user)), pk=plan_id
        )
    except Http404:
        # Its own authors are told why they cannot change it; anyone else still finds nothing.
        locked = plans_authored_by(request.user).filter(pk=plan_id).first()
        if locked is None:
            raise
        raise PlanLocked(locked) from None


def wizard_view(view: Callable) -> Callable:
    """A page of the wizard: signed-in users only; a locked plan's authors are sent to the
    plan page with the reason instead of the page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PlanLocked as locked:
            messages.warning(request, locked_message(locked.plan))
            return redirect(locked.plan.get_absolute_url())

    return login_required(wrapped)


def locked_message(plan: Plan) -> str:
    what_next = {
        PlanStatus.SUBMITTED: _("It is waiting for a team lead’s review."),
        PlanStatus.RESUBMITTED: _("It is waiting for a team lead’s review."),
        PlanStatus.APPROVED: _("To change it, reopen it as a new draft from its review page."),
    }.get(plan.status, "")
    return " ".join(
        [
            _("This plan cannot be changed while its status is “%(status)s”.")
            % {"status": plan.get_status_display()},
            str(what_next),
        ]
    ).strip()


def _step_context(plan: Plan, step: Step, **extra) -> dict:
    previous = previous_step(step.slug)
    following = next_step(step.slug)
    return {
        "plan": plan,
        "step": step,
        "step_number": step_number(step.slug),
        "step_count": len(STEPS),
        "back_url": previous.url(plan) if previous else _tasks_url(plan),
        "next_url": following.url(plan) if following else plan.get_absolute_url(),
        "tasks_url": _tasks_url(plan),
        **extra,
    }


def _tasks_url(plan: Plan) -> str:
    return reverse("theory_of_change:plan_tasks", kwargs={"plan_id": plan.pk})


def _after_step(plan: Plan, step: Step) -> HttpResponse:
    following = next_step(step.slug)
    return redirect(following.url(plan) if following else plan.get_absolute_url())


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    teams = selectors.teams_for_new_plan(request.user)
    if not teams.exists():
        return render(request, "theory_of_change/plan_create_no_team.html", status=403)
    form = PlanCreateForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        plan = None

        def write(version):
            nonlocal plan
            plan = wizard_services.plan_create(user=request.user, **form.values())

        if form_saved(form, Plan(), write):
            return _after_step(plan, STEPS[0])
    return render(
        request,
        "theory_of_change/plan_create.html",
        {"form": form, "back_url": reverse("theory_of_change:plan_list")},
    )


@wizard_view
def plan_tasks(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    tasks = wizard_selectors.plan_tasks(plan)
    return render(
        request,
        "theory_of_change/plan_tasks.html",
        {
            "plan": plan,
            "tasks": tasks,
            "completed": sum(1 for task in tasks if task.completed),
            "first_step_url": STEPS[0].url(plan),
            "changes_requested": selectors.changes_requested(plan),
        },
    )


@wizard_view
def plan_step(request: HttpRequest, plan_id: UUID, slug: str) -> HttpResponse:
    step = STEPS_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    plan = editable_plan(request, plan_id)
    return STEP_VIEWS[slug](request, plan, step)


def _plan_form_step(form_class, template: str, sections: tuple[str, ...] = ()) -> Callable:
    """A step that is one form of the plan's own answers (the form's Meta.fields), saved by
    wizard_services.plan_update; the page also lists the plan's parts of each of `sections`."""

    def view(request: HttpRequest, plan: Plan, step: Step) -> HttpResponse:
        form = form_class(request.POST or None, plan=plan)
        if (
            request.method == "POST"
            and form.is_valid()
            and form_saved(
                form,
                plan,
                lambda version: wizard_services.plan_update(
                    plan=plan,
                    version=version,
                    user=request.user,
                    **{name: form.cleaned_data[name] for name in form_class.Meta.fields},
                ),
                section=step.slug,
            )
        ):
            return _after_step(plan, step)
        extra = {"sections": [_section(plan, slug) for slug in sections]} if sections else {}
        return render(request, template, _step_context(plan, step, form=form, **extra))

    return view


_step_plan = _plan_form_step(PlanDetailsForm, "theory_of_change/step_plan.html")


_step_problem_and_impact = _plan_form_step(
    ProblemImpactForm, "theory_of_change/step_problem_and_impact.html"
)


_step_stakeholders = _plan_form_step(
    StakeholderAgreementForm, "theory_of_change/step_stakeholders.html", sections=("stakeholders",)
)


def _step_domains(request: HttpRequest, plan: Plan, step: Step) -> HttpResponse:
    if request.method == "POST" and "search" in request.POST:
        # The search button of the domains form: search, keeping the unsaved ticks.
        return redirect(f"{step.url(plan)}?{DomainsForm.search_query(request.POST)}")
    if request.method == "POST":
        form = DomainsForm(request.POST, plan=plan)
    elif carries_ticks(request.GET):
        form = DomainsForm(plan=plan, ticked=request.GET)
    else:
        form = DomainsForm(plan=plan)
    search_form = SearchForm(
        request.GET or None,
        label=_("Search the keyword index for domains"),
        hint=_("Type a word from your work, like ESOL, hate crime or allotment"),
        form_tag=False,
    )
    search = None
    if search_form.query:
        search = wizard_selectors.domain_search(plan=plan, query=search_form.query)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_saved(
            form,
            plan,
            lambda version: wizard_services.plan_set_domains(
                plan=plan, version=version, domains=form.chosen_domains(), user=request.user
            ),
            section="domains",
        )
    ):
        return _after_step(plan, step)
    return render(
        request,
        "theory_of_change/step_domains.html",
        _step_context(plan, step, form=form, search_form=search_form, search=search),
    )


def _section(plan: Plan, slug: str) -> dict:
    kind = item_kind(slug)
    items = list(getattr(plan, kind.related_name).all())
    return {
        "kind": kind,
        "cards": item_cards(plan, kind, items),
        "add_href": reverse(
            "theory_of_change:item_add", kwargs={"plan_id": plan.pk, "kind": kind.slug}
        ),
        "move_form": MoveForm(plan=plan),
    }


def _item_list_step(kinds: list[str], template: str) -> Callable:
    """A step that lists parts of the plan, each with change, remove and move buttons."""

    def view(request: HttpRequest, plan: Plan, step: Step) -> HttpResponse:
        sections = [_section(plan, slug) for slug in kinds]
        return render(request, template, _step_context(plan, step, sections=sections))

    return view


def _step_check_and_share(request: HttpRequest, plan: Plan, step: Step) -> HttpResponse:
    form = ShareForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        shared = form.cleaned_data["shared_with_team"]
        if form_saved(
            form,
            plan,
            lambda version: wizard_services.plan_update(
                plan=plan, version=version, user=request.user, shared_with_team=shared
            ),
            section="check-and-share",
        ):
            if shared:
                messages.success(request, _("The plan is shared with your team."))
            return redirect(plan.get_absolute_url())
    results = principle_check(plan)
    gap_steps = {STEP_FOR_SECTION[gap.section] for result in results for gap in result.gaps}
    return render(
        request,
        "theory_of_change/step_check_and_share.html",
        _step_context(
            plan,
            step,
            form=form,
            tasks=wizard_selectors.plan_tasks(plan),
            principle_results=results,
            gap_steps=[
                {"title": s.title, "href": s.url(plan)} for s in STEPS if s.slug in gap_steps
            ],
        ),
    )


STEP_VIEWS: dict[str, Callable] = {
    "plan": _step_plan,
    "problem-and-impact": _step_problem_and_impact,
    "domains": _step_domains,
    "outcomes": _item_list_step(["outcomes"], "theory_of_change/step_outcomes.html"),
    "outputs": _item_list_step(["outputs"], "theory_of_change/step_items.html"),
    "activities": _item_list_step(["activities"], "theory_of_change/step_items.html"),
    "barriers-and-assumptions": _item_list_step(
        ["barriers", "assumptions"], "theory_of_change/step_barriers_and_assumptions.html"
    ),
    "stakeholders": _step_stakeholders,
    "check-and-share": _step_check_and_share,
}
