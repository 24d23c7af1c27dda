from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ioi_planner.documents import document_job_page, document_page
from theory_of_change.access import plan_permissions, plans_evaluation_editable_by, plans_visible_to
from theory_of_change.models import Plan
from theory_of_change.versioning import form_saved

from . import documents, presenters, selectors, services
from .forms import OutcomeEvaluationForm, SampleFormSet


def _drafted(plans, plan_id: UUID, **parts) -> Plan:
    """A plan from the given scope (404 otherwise) with what the page reads; its outcomes that
    have no evaluation block yet get one drafted first (on the plan's first view)."""
    plan = selectors.evaluation_plan(plans, plan_id, **parts)
    if selectors.has_undrafted_outcomes(plan):
        services.evaluation_draft(plan=plan)
        plan = selectors.evaluation_plan(plans, plan_id, **parts)
    return plan


def _detail_url(plan: Plan) -> str:
    return reverse("evaluation:evaluation_detail", kwargs={"plan_id": plan.pk})


@login_required
@require_safe
def evaluation_detail(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = _drafted(plans_visible_to(request.user), plan_id)
    blocks = presenters.evaluation_blocks(plan)
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "plan": plan,
            "blocks": blocks,
            "completeness": presenters.completeness(blocks),
            "editable": plan_permissions(request.user, plan).can_edit_evaluation,
        },
    )


@login_required
def outcome_edit(request: HttpRequest, plan_id: UUID, outcome_id: int) -> HttpResponse:
    plan = _drafted(plans_evaluation_editable_by(request.user), plan_id)
    outcome = next((o for o in plan.outcomes.all() if o.pk == outcome_id), None)
    if outcome is None:
        raise Http404
    evaluation = outcome.evaluation
    domains = selectors.domain_choices_for(plan, outcome)
    data = request.POST if request.method == "POST" else None
    form = OutcomeEvaluationForm(data, plan=plan, domains=domains, instance=evaluation)
    samples = SampleFormSet(
        data,
        prefix="samples",
        initial=[
            {"group": s.group, "description": s.description, "size": s.size}
            for s in evaluation.samples.all()
        ],
    )
    if request.method == "POST":
        form_ok = form.is_valid()
        samples_ok = samples.is_valid()
        if (
            form_ok
            and samples_ok
            and form_saved(
                form,
                plan,
                lambda version: services.outcome_evaluation_update(
                    user=request.user,
                    plan=plan,
                    version=version,
                    evaluation=evaluation,
                    values=form.values(),
                    samples=[
                        services.SampleValues(**{k: s[k] for k in ("group", "description", "size")})
                        for s in samples.kept()
                    ],
                ),
            )
        ):
            messages.success(request, _("The evaluation of this outcome is saved."))
            return redirect(f"{_detail_url(plan)}#outcome-{outcome.pk}")
    number = next(i for i, o in enumerate(plan.outcomes.all(), start=1) if o.pk == outcome.pk)
    sample_errors = [
        (f"id_{sample.prefix}-{name}", error)
        for sample in samples.forms
        for name, errors in sample.errors.items()
        for error in errors
    ]
    if samples.is_bound and not samples.management_form.is_valid():
        sample_errors.append(("id_samples-0-group", _("The samples could not be read. Try again.")))
    else:
        sample_errors += [("id_samples-0-group", error) for error in samples.non_form_errors()]
    return render(
        request,
        "evaluation/outcome_edit.html",
        {
            "plan": plan,
            "outcome": outcome,
            "number": number,
            "form": form,
            "samples": samples,
            "sample_errors": sample_errors,
            "has_errors": bool(form.errors or sample_errors or samples.non_form_errors()),
            "back_url": _detail_url(plan),
        },
    )


@login_required
@require_safe
def document(request: HttpRequest, plan_id: UUID, kind: str) -> HttpResponse:
    """The document built for the plan as it is now, at once; otherwise it is prepared by a
    background job (ioi_planner/documents.py). `kind` (documents.KINDS) comes from the URL
    pattern, not the request."""
    document_kind = documents.KINDS[kind]
    plan = _drafted(plans_visible_to(request.user), plan_id)
    return document_page(
        request,
        kind=document_kind,
        subject=str(plan.pk),
        key=documents.document_key(plan, document_kind),
        enqueue=documents.document_build.enqueue,
        council_id=plan.team.organisation_id,
        about=plan.title,
        caption=plan.title,
        back_url=_detail_url(plan),
    )


@login_required
@require_safe
def document_job(request: HttpRequest, plan_id: UUID, job_id: UUID) -> HttpResponse:
    """The page that shows one of the plan's documents being prepared, then its link."""
    plan = get_object_or_404(
        plans_visible_to(request.user).select_related("team__organisation"), pk=plan_id
    )
    job = documents.document_job(plan=plan, job_id=job_id)
    if job is None:
        raise Http404
    return document_job_page(
        request,
        job,
        key=documents.document_key(plan, documents.KINDS[job.kind]),
        caption=plan.title,
        back_url=_detail_url(plan),
        back_text=_("Back to the evaluation plan"),
        changed_heading=_("The plan has changed"),
        changed_text=_("The plan changed after this document was prepared, so it is out of date."),
        waiting_text=_(
            "We are preparing the %(kind)s. A large plan can take a minute or two. You can leave "
            "this page and come back: the document will be ready here, or from the evaluation "
            "plan’s download link."
        )
        % {"kind": documents.KINDS[job.kind].label},
    )
