"""The pages that add, change, remove and move a plan's parts (one set of views for every kind
in items.py), choose an outcome's indicators, and keep an assumption's evidence.
"""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from theory_of_change.forms import ConfirmForm
from theory_of_change.models import Evidence, Plan
from theory_of_change.steps import (
    STEPS_BY_SLUG,
)
from theory_of_change.versioning import STALE_MESSAGE, form_page, form_saved
from theory_of_change.wizard import part_services, selectors
from theory_of_change.wizard.forms import SearchForm, carries_ticks
from theory_of_change.wizard.indicator_forms import CouncilIndicatorForm, OutcomeIndicatorsForm
from theory_of_change.wizard.items import ItemKind, item_kind
from theory_of_change.wizard.part_forms import EvidenceForm, MoveForm
from theory_of_change.wizard.views import editable_plan, wizard_view


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
                saved["item"] = part_services.plan_item_add(
                    plan=plan,
                    version=version,
                    model=kind.model,
                    values=form.values(),
                    user=request.user,
                )
            else:
                saved["item"] = part_services.plan_item_update(
                    plan=plan, version=version, item=item, values=form.values(), user=request.user
                )

        if form_saved(form, plan, write, section=kind.step):
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
    plan = editable_plan(request, plan_id)
    return _item_form(request, plan, item_kind_)


@wizard_view
def item_change(request: HttpRequest, plan_id: UUID, kind: str, item_id: int) -> HttpResponse:
    item_kind_ = item_kind(kind)
    plan = editable_plan(request, plan_id)
    return _item_form(request, plan, item_kind_, _item(plan, item_kind_, item_id))


@wizard_view
def item_remove(request: HttpRequest, plan_id: UUID, kind: str, item_id: int) -> HttpResponse:
    item_kind_ = item_kind(kind)
    plan = editable_plan(request, plan_id)
    item = _item(plan, item_kind_, item_id)
    return form_page(
        request,
        plan,
        ConfirmForm(request.POST or None, plan=plan),
        write=lambda version: part_services.plan_item_remove(
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
    plan = editable_plan(request, plan_id)
    item = _item(plan, item_kind_, item_id)
    form = MoveForm(request.POST, plan=plan)
    # Like any other form: a move goes through when nobody changed this list meanwhile.
    moved = form.is_valid() and form_saved(
        form,
        plan,
        lambda version: part_services.plan_item_move(
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


@wizard_view
def outcome_indicators(request: HttpRequest, plan_id: UUID, item_id: int) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    outcome = _item(plan, item_kind("outcomes"), item_id)
    if request.method == "POST" and "search" in request.POST:
        # The search button of the indicators form: search, keeping the unsaved ticks.
        return redirect(f"{request.path}?{OutcomeIndicatorsForm.search_query(request.POST)}")
    ticked = request.GET if carries_ticks(request.GET) else None
    search_form = SearchForm(
        request.GET or None,
        label=_("Search the whole indicator bank"),
        hint=_("Searches indicator wording and the keyword index, like ESOL or volunteering"),
        form_tag=False,
    )
    query = search_form.query
    choices = selectors.indicator_choices(
        user=request.user,
        plan=plan,
        outcome=outcome,
        query=query,
        ticked=None if ticked is None else OutcomeIndicatorsForm.ticked_ids(ticked),
    )
    form = OutcomeIndicatorsForm(
        request.POST or None, plan=plan, choices=choices, query=query, ticked=ticked
    )
    return form_page(
        request,
        plan,
        form,
        write=lambda version: part_services.outcome_set_indicators(
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
    plan = editable_plan(request, plan_id)
    outcome = _item(plan, item_kind("outcomes"), item_id)
    form = CouncilIndicatorForm(request.POST or None, plan=plan)
    back_url = reverse(
        "theory_of_change:outcome_indicators", kwargs={"plan_id": plan.pk, "item_id": outcome.pk}
    )
    return form_page(
        request,
        plan,
        form,
        write=lambda version: part_services.council_indicator_add(
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


def _evidence_page(
    request: HttpRequest, plan: Plan, assumption, form, *, write, heading: str, message: str = ""
) -> HttpResponse:
    """The page that adds or changes one piece of evidence for an assumption."""
    back_url = (
        f"{STEPS_BY_SLUG['barriers-and-assumptions'].url(plan)}#item-assumptions-{assumption.pk}"
    )
    return form_page(
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
    plan = editable_plan(request, plan_id)
    assumption = _item(plan, item_kind("assumptions"), item_id)
    form = EvidenceForm(request.POST or None, plan=plan)
    return _evidence_page(
        request,
        plan,
        assumption,
        form,
        write=lambda version: part_services.evidence_add(
            plan=plan, version=version, assumption=assumption, user=request.user, **form.values()
        ),
        heading=_("Add evidence"),
    )


@wizard_view
def evidence_change(
    request: HttpRequest, plan_id: UUID, item_id: int, evidence_id: int
) -> HttpResponse:
    plan = editable_plan(request, plan_id)
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
        write=lambda version: part_services.evidence_change(
            plan=plan, version=version, evidence=evidence, user=request.user, **form.values()
        ),
        heading=_("Change evidence"),
        message=_("The evidence is changed."),
    )


@wizard_view
def evidence_remove(
    request: HttpRequest, plan_id: UUID, item_id: int, evidence_id: int
) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    assumption = _item(plan, item_kind("assumptions"), item_id)
    evidence = get_object_or_404(Evidence.objects.filter(assumption=assumption), pk=evidence_id)
    back_url = STEPS_BY_SLUG["barriers-and-assumptions"].url(plan)
    return form_page(
        request,
        plan,
        ConfirmForm(request.POST or None, plan=plan),
        write=lambda version: part_services.evidence_remove(
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
