"""The actions of a readiness assessment: the list, adding, changing and removing one (while the
assessment can be changed), marking one done (in the team's latest round, whatever its status),
and a team lead linking one to a plan of the team."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from theory_of_change.access import plans_visible_to

from . import assessment_selectors as selectors
from . import assessment_services as services
from .areas import AREAS_BY_SLUG
from .assessment_forms import ActionForm, AssessmentForm, PlanLinkForm
from .assessment_views import FORM_METHODS, editable_or_redirect, saved, url
from .models import Action, Assessment


def _action(assessment: Assessment, action_id: int) -> Action:
    return get_object_or_404(assessment.actions.all(), pk=action_id)


@login_required
@require_safe
def assessment_actions(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    return render(
        request,
        "readiness/assessment_actions.html",
        {
            "assessment": assessment,
            "rows": selectors.area_rows(assessment),
            "latest": selectors.is_latest(assessment),
            "lead": selectors.is_lead_of(request.user, assessment),
            "form": AssessmentForm(assessment=assessment),
        },
    )


@login_required
@FORM_METHODS
def action_edit(
    request: HttpRequest, assessment_id: UUID, action_id: int | None = None
) -> HttpResponse:
    """Add an action (no `action_id`) or change one."""
    assessment = selectors.assessment_for(request.user, assessment_id)
    if (back := editable_or_redirect(request, assessment)) is not None:
        return back
    action = _action(assessment, action_id) if action_id is not None else None
    area = request.GET.get("area", "")
    form = ActionForm(
        request.POST or None,
        assessment=assessment,
        action=action,
        area=area if area in AREAS_BY_SLUG else "",
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda version: services.action_save(
                assessment=assessment,
                version=version,
                user=request.user,
                action=action,
                area=form.cleaned_data["area"],
                text=form.cleaned_data["text"],
                owner=form.cleaned_data["owner"],
                due=form.cleaned_data["due"],
            ),
        )
    ):
        messages.success(request, _("The action was saved."))
        return redirect(url("assessment_actions", assessment))
    return render(
        request,
        "readiness/action_form.html",
        {
            "assessment": assessment,
            "action": action,
            "form": form,
            "back_url": url("assessment_actions", assessment),
        },
    )


@login_required
@FORM_METHODS
def action_remove(request: HttpRequest, assessment_id: UUID, action_id: int) -> HttpResponse:
    assessment = selectors.assessment_for(request.user, assessment_id)
    if (back := editable_or_redirect(request, assessment)) is not None:
        return back
    action = _action(assessment, action_id)
    form = AssessmentForm(request.POST or None, assessment=assessment)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda version: services.action_remove(
                assessment=assessment, version=version, user=request.user, action=action
            ),
        )
    ):
        messages.success(request, _("The action was removed."))
        return redirect(url("assessment_actions", assessment))
    return render(
        request,
        "readiness/action_remove.html",
        {
            "assessment": assessment,
            "action": action,
            "form": form,
            "back_url": url("assessment_actions", assessment),
        },
    )


@login_required
@require_POST
def action_done(request: HttpRequest, assessment_id: UUID, action_id: int) -> HttpResponse:
    """Mark an action done (or not done): only in the team's latest round, where open actions
    live until they are done."""
    assessment = selectors.assessment_for(request.user, assessment_id)
    if not selectors.is_latest(assessment):
        raise Http404
    action = _action(assessment, action_id)
    form = AssessmentForm(request.POST, assessment=assessment)
    done = request.POST.get("done") == "1"
    if form.is_valid() and saved(
        form,
        lambda version: services.action_done(
            assessment=assessment, version=version, user=request.user, action=action, done=done
        ),
    ):
        messages.success(
            request,
            (_("“%(action)s” is marked as done.") if done else _("“%(action)s” is open again."))
            % {"action": action.text},
        )
    else:
        messages.error(
            request,
            _(
                "The assessment was changed after you opened the page, so nothing was saved. "
                "Check the action and try again."
            ),
        )
    if request.POST.get("next") == "dashboard":
        return redirect("home")
    return redirect(url("assessment_actions", assessment))


@login_required
@FORM_METHODS
def action_plan(request: HttpRequest, assessment_id: UUID, action_id: int) -> HttpResponse:
    """A team lead links an action to one of the team's plans."""
    assessment = selectors.assessment_for(request.user, assessment_id)
    if not (selectors.is_lead_of(request.user, assessment) and selectors.is_latest(assessment)):
        raise Http404
    action = _action(assessment, action_id)
    plans = plans_visible_to(request.user).filter(team=assessment.team_id).order_by("title")
    form = PlanLinkForm(request.POST or None, assessment=assessment, action=action, plans=plans)
    if (
        request.method == "POST"
        and form.is_valid()
        and saved(
            form,
            lambda version: services.action_link_plan(
                assessment=assessment,
                version=version,
                user=request.user,
                action=action,
                plan=form.cleaned_data["plan"],
            ),
        )
    ):
        messages.success(request, _("The action’s plan was saved."))
        return redirect(url("assessment_actions", assessment))
    return render(
        request,
        "readiness/action_plan.html",
        {
            "assessment": assessment,
            "action": action,
            "form": form,
            "back_url": url("assessment_actions", assessment),
        },
    )
