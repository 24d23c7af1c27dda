"""The plan list and the plan page."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from theory_of_change import presenters, selectors
from theory_of_change.access import plan_permissions
from theory_of_change.history.views import history_url
from theory_of_change.selectors import plan_for_display
from theory_of_change.wizard.indicator_switch import SwitchForm, replaced_indicators


@login_required
def plan_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = plan_for_display(plan_id=plan_id, user=request.user)
    context = presenters.plan_page(plan)
    may = plan_permissions(request.user, plan)
    # Those who may change the plan get a way into the wizard's task list.
    context["tasks_url"] = (
        reverse("theory_of_change:plan_tasks", kwargs={"plan_id": plan.pk}) if may.can_edit else ""
    )
    context["review_url"] = reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk})
    context["collaborators_url"] = (
        reverse("theory_of_change:plan_collaborators", kwargs={"plan_id": plan.pk})
        if may.owns
        else ""
    )
    context["locked"] = may.locked
    context["changes_requested"] = selectors.changes_requested(plan)
    context["history_url"] = history_url(plan)
    # Indicators a toolkit update retired and offered a successor for: switched in one step.
    context["replaced_indicators"] = replaced_indicators(plan)
    context["switch_form"] = SwitchForm(plan=plan) if may.can_edit and not may.locked else None
    return render(request, "theory_of_change/plan_detail.html", context)


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    teams = selectors.teams_for_new_plan(request.user)
    return render(
        request,
        "theory_of_change/plan_list.html",
        {"summaries": selectors.plan_list(request.user), "can_create": teams.exists()},
    )
