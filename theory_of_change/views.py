from collections.abc import Callable
from functools import wraps
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ioi_planner.access import (
    plans_authored_by,
    plans_editable_by,
    plans_owned_by,
    plans_visible_to,
)

from . import history, presenters, selectors, services
from .forms import (
    STALE_MESSAGE,
    CompareForm,
    ConfirmForm,
    CouncilIndicatorForm,
    DomainsForm,
    EvidenceForm,
    MoveForm,
    OutcomeIndicatorsForm,
    PlanCreateForm,
    PlanDetailsForm,
    ProblemImpactForm,
    SearchForm,
    ShareForm,
    StakeholderAgreementForm,
)
from .item_presenters import item_cards
from .items import ItemKind, item_kind
from .models import Evidence, Plan, PlanStatus, PlanVersion
from .principles import principle_check
from .selectors import plan_for_display
from .snapshots import plan_snapshot
from .steps import (
    STEP_FOR_SECTION,
    STEPS,
    STEPS_BY_SLUG,
    Step,
    next_step,
    previous_step,
    step_number,
)


@login_required
def plan_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = plan_for_display(plan_id=plan_id, user=request.user)
    context = presenters.plan_page(plan)
    # Those who may change the plan get a way into the wizard's task list.
    editable = plans_editable_by(request.user).filter(pk=plan.pk).exists()
    context["tasks_url"] = (
        reverse("theory_of_change:plan_tasks", kwargs={"plan_id": plan.pk}) if editable else ""
    )
    context["review_url"] = reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})
    context["collaborators_url"] = (
        reverse("theory_of_change:plan_collaborators", kwargs={"plan_id": plan.pk})
        if plans_owned_by(request.user).filter(pk=plan.pk).exists()
        else ""
    )
    context["locked"] = not editable and plans_authored_by(request.user).filter(pk=plan.pk).exists()
    context["history_url"] = _history_url(plan)
    return render(request, "theory_of_change/plan_detail.html", context)


# -- Helpers ------------------------------------------------------------------------------------


class PlanLocked(Exception):
    """The user authors this plan, but its status makes it read-only now."""

    def __init__(self, plan: Plan):
        self.plan = plan


def _editable_plan(request: HttpRequest, plan_id: UUID) -> Plan:
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


def _saved(form, plan: Plan, write: Callable[[int], object], section: str | None = None) -> bool:
    """Run a service for a valid form, given the version the form was made from; on a stale
    version or a broken rule, put the reason on the form (what was typed stays) and report that
    nothing was saved.

    When the plan changed since the form was made but not in `section` (the step the form
    edits), nobody's change to this section is overwritten, so the save goes through on the
    current version. Otherwise the form is refused and shows who saved what since, and how
    the section changed."""
    version = form.cleaned_data.get("version")
    try:
        try:
            write(version)
        except services.StalePlan:
            if section is None or section == "restore":
                raise
            changes = selectors.plan_changes_since(plan=plan, since=version, sections=[section])
            if not changes.known or changes.differences:
                raise
            write(changes.versions[0].number)
    except services.StalePlan:
        changes = None
        if section is not None:
            changes = selectors.plan_changes_since(
                plan=plan,
                since=version,
                # A restore changes every section, so it is shown every other change.
                sections=None if section == "restore" else [section],
            )
        form.refuse_as_stale(
            current_version=Plan.objects.values_list("version", flat=True).get(pk=plan.pk),
            changes_since=changes,
        )
        return False
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def _form_page(
    request: HttpRequest,
    plan: Plan,
    form,
    *,
    write: Callable[[int], object],
    section: str,
    template: str,
    context: dict,
    done_url: str,
    message: str = "",
) -> HttpResponse:
    """A page with one form that changes the plan: a valid POST that `write` saves (see
    _saved) goes on to `done_url`, with `message` if there is one; otherwise the page is shown
    (again, with what was typed and the errors)."""
    if request.method == "POST" and form.is_valid() and _saved(form, plan, write, section=section):
        if message:
            messages.success(request, message)
        return redirect(done_url)
    return render(request, template, {"plan": plan, "form": form, **context})


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


# -- Plans --------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    teams = selectors.teams_for_new_plan(request.user)
    return render(
        request,
        "theory_of_change/plan_list.html",
        {"summaries": selectors.plan_list(request.user), "can_create": teams.exists()},
    )


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
            plan = services.plan_create(user=request.user, **form.values())

        if _saved(form, Plan(), write):
            return _after_step(plan, STEPS[0])
    return render(
        request,
        "theory_of_change/plan_create.html",
        {"form": form, "back_url": reverse("theory_of_change:plan_list")},
    )


@wizard_view
def plan_tasks(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    tasks = selectors.plan_tasks(plan)
    return render(
        request,
        "theory_of_change/plan_tasks.html",
        {
            "plan": plan,
            "tasks": tasks,
            "completed": sum(1 for task in tasks if task.completed),
            "first_step_url": STEPS[0].url(plan),
        },
    )


# -- The steps ----------------------------------------------------------------------------------


@wizard_view
def plan_step(request: HttpRequest, plan_id: UUID, slug: str) -> HttpResponse:
    step = STEPS_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    plan = _editable_plan(request, plan_id)
    return STEP_VIEWS[slug](request, plan, step)


def _plan_form_step(form_class, template: str, sections: tuple[str, ...] = ()) -> Callable:
    """A step that is one form of the plan's own answers (the form's Meta.fields), saved by
    services.plan_update; the page also lists the plan's parts of each of `sections`."""

    def view(request: HttpRequest, plan: Plan, step: Step) -> HttpResponse:
        form = form_class(request.POST or None, plan=plan)
        if (
            request.method == "POST"
            and form.is_valid()
            and _saved(
                form,
                plan,
                lambda version: services.plan_update(
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
    elif DomainsForm.carries_ticks(request.GET):
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
        search = selectors.domain_search(plan=plan, query=search_form.query)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            plan,
            lambda version: services.plan_set_domains(
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
        if _saved(
            form,
            plan,
            lambda version: services.plan_update(
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
            tasks=selectors.plan_tasks(plan),
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


# -- Listed parts: one set of views for every kind ----------------------------------------------


def _item(plan: Plan, kind: ItemKind, item_id: int):
    return get_object_or_404(kind.model.objects.filter(plan=plan), pk=item_id)


def _step_url(plan: Plan, kind: ItemKind) -> str:
    return STEPS_BY_SLUG[kind.step].url(plan)


def _item_form(request: HttpRequest, plan: Plan, kind: ItemKind, item=None) -> HttpResponse:
    form = kind.form_class(request.POST or None, plan=plan, item=item)
    if request.method == "POST" and form.is_valid():
        saved = {}

        def write(version):
            if item is None:
                saved["item"] = services.plan_item_add(
                    plan=plan,
                    version=version,
                    model=kind.model,
                    values=form.values(),
                    user=request.user,
                )
            else:
                saved["item"] = services.plan_item_update(
                    plan=plan, version=version, item=item, values=form.values(), user=request.user
                )

        if _saved(form, plan, write, section=kind.step):
            if kind.slug == "outcomes" and item is None:
                # A new outcome is measured by indicators: choose them next.
                return redirect(
                    "theory_of_change:outcome_indicators", plan_id=plan.pk, item_id=saved["item"].pk
                )
            return redirect(_step_url(plan, kind))
    return render(
        request,
        "theory_of_change/item_form.html",
        {
            "plan": plan,
            "kind": kind,
            "form": form,
            "title": kind.add_title if item is None else kind.change_title,
            "back_url": _step_url(plan, kind),
        },
    )


@wizard_view
def item_add(request: HttpRequest, plan_id: UUID, kind: str) -> HttpResponse:
    item_kind_ = item_kind(kind)
    plan = _editable_plan(request, plan_id)
    return _item_form(request, plan, item_kind_)


@wizard_view
def item_change(request: HttpRequest, plan_id: UUID, kind: str, item_id: int) -> HttpResponse:
    item_kind_ = item_kind(kind)
    plan = _editable_plan(request, plan_id)
    return _item_form(request, plan, item_kind_, _item(plan, item_kind_, item_id))


@wizard_view
def item_remove(request: HttpRequest, plan_id: UUID, kind: str, item_id: int) -> HttpResponse:
    item_kind_ = item_kind(kind)
    plan = _editable_plan(request, plan_id)
    item = _item(plan, item_kind_, item_id)
    return _form_page(
        request,
        plan,
        ConfirmForm(request.POST or None, plan=plan),
        write=lambda version: services.plan_item_remove(
            plan=plan, version=version, item=item, user=request.user
        ),
        section=item_kind_.step,
        template="theory_of_change/confirm_remove.html",
        context={
            "title": item_kind_.remove_title,
            "item": item,
            "warning": item_kind_.remove_warning,
            "back_url": _step_url(plan, item_kind_),
        },
        done_url=_step_url(plan, item_kind_),
        message=_("Removed: %(item)s") % {"item": item},
    )


@wizard_view
@require_POST
def item_move(request: HttpRequest, plan_id: UUID, kind: str, item_id: int) -> HttpResponse:
    item_kind_ = item_kind(kind)
    plan = _editable_plan(request, plan_id)
    item = _item(plan, item_kind_, item_id)
    form = MoveForm(request.POST, plan=plan)
    # Like any other form: a move goes through when nobody changed this list meanwhile.
    moved = form.is_valid() and _saved(
        form,
        plan,
        lambda version: services.plan_item_move(
            plan=plan,
            version=version,
            item=item,
            direction=form.cleaned_data["direction"],
            user=request.user,
        ),
        section=item_kind_.step,
    )
    if not moved:
        messages.error(request, STALE_MESSAGE)
    return redirect(f"{_step_url(plan, item_kind_)}#item-{kind}-{item.pk}")


# -- Indicators of an outcome -------------------------------------------------------------------


@wizard_view
def outcome_indicators(request: HttpRequest, plan_id: UUID, item_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    outcome = _item(plan, item_kind("outcomes"), item_id)
    search_form = SearchForm(
        request.GET or None,
        label=_("Search the whole indicator bank"),
        hint=_("Searches indicator wording and the keyword index, like ESOL or volunteering"),
    )
    query = search_form.query
    choices = selectors.indicator_choices(
        user=request.user, plan=plan, outcome=outcome, query=query
    )
    form = OutcomeIndicatorsForm(request.POST or None, plan=plan, choices=choices, query=query)
    return _form_page(
        request,
        plan,
        form,
        write=lambda version: services.outcome_set_indicators(
            plan=plan,
            version=version,
            user=request.user,
            outcome=outcome,
            indicators=form.chosen(),
        ),
        section="outcomes",
        template="theory_of_change/outcome_indicators.html",
        context={
            "outcome": outcome,
            "search_form": search_form,
            "choices": choices,
            "query": query,
            "back_url": STEPS_BY_SLUG["outcomes"].url(plan),
        },
        done_url=f"{STEPS_BY_SLUG['outcomes'].url(plan)}#item-outcomes-{outcome.pk}",
    )


@wizard_view
def council_indicator_add(request: HttpRequest, plan_id: UUID, item_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    outcome = _item(plan, item_kind("outcomes"), item_id)
    form = CouncilIndicatorForm(request.POST or None, plan=plan)
    back_url = reverse(
        "theory_of_change:outcome_indicators", kwargs={"plan_id": plan.pk, "item_id": outcome.pk}
    )
    return _form_page(
        request,
        plan,
        form,
        write=lambda version: services.council_indicator_add(
            plan=plan,
            version=version,
            outcome=outcome,
            domain=form.cleaned_data["domain"],
            wording=form.cleaned_data["wording"],
            user=request.user,
        ),
        section="outcomes",
        template="theory_of_change/council_indicator_form.html",
        context={"outcome": outcome, "back_url": back_url},
        done_url=back_url,
        message=_("Your council’s indicator was added to the outcome."),
    )


# -- Evidence for an assumption -----------------------------------------------------------------


def _evidence_page(
    request: HttpRequest, plan: Plan, assumption, form, *, write, heading: str, message: str = ""
) -> HttpResponse:
    """The page that adds or changes one piece of evidence for an assumption."""
    back_url = (
        f"{STEPS_BY_SLUG['barriers-and-assumptions'].url(plan)}#item-assumptions-{assumption.pk}"
    )
    return _form_page(
        request,
        plan,
        form,
        write=write,
        section="barriers-and-assumptions",
        template="theory_of_change/evidence_form.html",
        context={"assumption": assumption, "back_url": back_url, "heading": heading},
        done_url=back_url,
        message=message,
    )


@wizard_view
def evidence_add(request: HttpRequest, plan_id: UUID, item_id: int) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    assumption = _item(plan, item_kind("assumptions"), item_id)
    form = EvidenceForm(request.POST or None, plan=plan)
    return _evidence_page(
        request,
        plan,
        assumption,
        form,
        write=lambda version: services.evidence_add(
            plan=plan, version=version, assumption=assumption, user=request.user, **form.values()
        ),
        heading=_("Add evidence"),
    )


@wizard_view
def evidence_change(
    request: HttpRequest, plan_id: UUID, item_id: int, evidence_id: int
) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    assumption = _item(plan, item_kind("assumptions"), item_id)
    evidence = get_object_or_404(Evidence.objects.filter(assumption=assumption), pk=evidence_id)
    # The form validates a copy, so a refused save leaves `evidence` as it is saved.
    form = EvidenceForm(
        request.POST or None, plan=plan, instance=Evidence.objects.get(pk=evidence.pk)
    )
    return _evidence_page(
        request,
        plan,
        assumption,
        form,
        write=lambda version: services.evidence_change(
            plan=plan, version=version, evidence=evidence, user=request.user, **form.values()
        ),
        heading=_("Change evidence"),
        message=_("The evidence is changed."),
    )


@wizard_view
def evidence_remove(
    request: HttpRequest, plan_id: UUID, item_id: int, evidence_id: int
) -> HttpResponse:
    plan = _editable_plan(request, plan_id)
    assumption = _item(plan, item_kind("assumptions"), item_id)
    evidence = get_object_or_404(Evidence.objects.filter(assumption=assumption), pk=evidence_id)
    back_url = STEPS_BY_SLUG["barriers-and-assumptions"].url(plan)
    return _form_page(
        request,
        plan,
        ConfirmForm(request.POST or None, plan=plan),
        write=lambda version: services.evidence_remove(
            plan=plan, version=version, evidence=evidence, user=request.user
        ),
        section="barriers-and-assumptions",
        template="theory_of_change/confirm_remove.html",
        context={
            "title": _("Are you sure you want to remove this evidence?"),
            "item": evidence,
            "warning": "",
            "back_url": back_url,
        },
        done_url=back_url,
        message=_("Removed evidence: %(item)s") % {"item": evidence},
    )


# -- History ------------------------------------------------------------------------------------

HISTORY_PAGE_SIZE = 20


def _visible_plan(request: HttpRequest, plan_id: UUID) -> Plan:
    return get_object_or_404(
        plans_visible_to(request.user).select_related("team__organisation"), pk=plan_id
    )


def _history_url(plan: Plan) -> str:
    return reverse("theory_of_change:plan_history", kwargs={"plan_id": plan.pk})


def _compare_form(plan: Plan, numbers: list[int], data=None) -> CompareForm:
    initial = {"to": numbers[0], "from": numbers[1]} if len(numbers) > 1 else {}
    return CompareForm(
        data,
        numbers=numbers,
        initial=initial,
        action=reverse("theory_of_change:plan_history_compare", kwargs={"plan_id": plan.pk}),
    )


@login_required
@require_safe
def plan_history(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = _visible_plan(request, plan_id)
    editable = plans_editable_by(request.user).filter(pk=plan.pk).exists()
    numbers = selectors.plan_version_numbers(plan)
    page = Paginator(selectors.plan_versions(plan), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "theory_of_change/plan_history.html",
        {
            "plan": plan,
            "page_obj": page,
            "rows": history.version_rows(
                page, plan_id=plan.pk, current=plan.version, editable=editable, known=set(numbers)
            ),
            "compare_form": _compare_form(plan, numbers) if len(numbers) > 1 else None,
        },
    )


@login_required
@require_safe
def plan_history_compare(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = _visible_plan(request, plan_id)
    numbers = selectors.plan_version_numbers(plan)
    form = _compare_form(plan, numbers, data=request.GET)
    differences = None
    older = newer = None
    if form.is_valid():
        older, newer = form.cleaned_data["from"], form.cleaned_data["to"]
        snapshots = selectors.plan_snapshots(plan, [older, newer])
        differences = history.compare(snapshots[older], snapshots[newer])
    return render(
        request,
        "theory_of_change/plan_history_compare.html",
        {
            "plan": plan,
            "form": form,
            "older": older,
            "newer": newer,
            "differences": differences,
            "back_url": _history_url(plan),
        },
    )


@login_required
def plan_history_restore(request: HttpRequest, plan_id: UUID, number: int) -> HttpResponse:
    # Only those who may change the plan may restore it; a plan they cannot change is not found.
    plan = get_object_or_404(
        plans_editable_by(request.user).select_related("team__organisation"), pk=plan_id
    )
    version = get_object_or_404(PlanVersion.objects.filter(plan=plan), number=number)
    form = ConfirmForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        notes = []

        def write(version):
            notes.extend(
                services.plan_restore(
                    plan=plan,
                    version=version,
                    number=number,
                    user=request.user,
                )
            )

        if _saved(form, plan, write, section="restore"):
            messages.success(
                request,
                _("Version %(number)d was restored as version %(new)d.")
                % {"number": number, "new": plan.version},
            )
            for note in notes:
                messages.warning(request, note)
            return redirect(_history_url(plan))
    return render(
        request,
        "theory_of_change/plan_history_restore.html",
        {
            "plan": plan,
            "form": form,
            "number": number,
            "title": _("Restore version %(number)d") % {"number": number},
            "differences": history.compare(
                plan_snapshot(plan), version.snapshot, sections=history.CONTENT_SECTIONS
            ),
            "left_out": services.restore_left_out(version.snapshot),
            "back_url": _history_url(plan),
        },
    )
