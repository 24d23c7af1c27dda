"""The plan's history: the list of versions, the comparison of two, and restoring one."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from theory_of_change.access import plan_permissions, plans_editable_by, plans_visible_to
from theory_of_change.forms import ConfirmForm
from theory_of_change.history import compare, selectors, services, versions
from theory_of_change.history.forms import CompareForm
from theory_of_change.loader import snapshot_left_out
from theory_of_change.models import Plan, PlanVersion
from theory_of_change.snapshots import plan_snapshot
from theory_of_change.versioning import form_saved

HISTORY_PAGE_SIZE = 20


def _visible_plan(request: HttpRequest, plan_id: UUID) -> Plan:
    return get_object_or_404(
        plans_visible_to(request.user).select_related("team__organisation"), pk=plan_id
    )


def history_url(plan: Plan) -> str:
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
    editable = plan_permissions(request.user, plan).can_edit
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
            "rows": versions.version_rows(
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
        differences = compare.compare(snapshots[older], snapshots[newer])
    return render(
        request,
        "theory_of_change/plan_history_compare.html",
        {
            "plan": plan,
            "form": form,
            "older": older,
            "newer": newer,
            "differences": differences,
            "back_url": history_url(plan),
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

        if form_saved(form, plan, write, section="restore"):
            messages.success(
                request,
                _("Version %(number)d was restored as version %(new)d.")
                % {"number": number, "new": plan.version},
            )
            for note in notes:
                messages.warning(request, note)
            return redirect(history_url(plan))
    return render(
        request,
        "theory_of_change/plan_history_restore.html",
        {
            "plan": plan,
            "form": form,
            "number": number,
            "title": _("Restore version %(number)d") % {"number": number},
            "differences": compare.compare(
                plan_snapshot(plan), version.snapshot, sections=compare.CONTENT_SECTIONS
            ),
            "left_out": snapshot_left_out(version.snapshot),
            "back_url": history_url(plan),
        },
    )
