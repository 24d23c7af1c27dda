from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ioi_planner.documents import document_download
from ioi_planner.jobs import job_state, job_waited
from ioi_planner.models import Job, JobStatus
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


def _job_url(plan: Plan, job: Job) -> str:
    return reverse("evaluation:document_job", kwargs={"plan_id": plan.pk, "job_id": job.pk})


@login_required
@require_safe
def document(request: HttpRequest, plan_id: UUID, kind: str) -> HttpResponse:
    """The document built for the plan as it is now, at once; otherwise it is prepared by a
    background job, and the person gets it when that takes a moment, or the page that shows its
    progress. `kind` (documents.KINDS) comes from the URL pattern, not the request."""
    document_kind = documents.KINDS[kind]
    plan = _drafted(plans_visible_to(request.user), plan_id)
    for _attempt in range(2):
        try:
            job = documents.document_request(user=request.user, plan=plan, kind=document_kind)
        except documents.ExportBusy as busy:
            return render(
                request,
                "evaluation/document_busy.html",
                {"plan": plan, "kind": document_kind, "other": busy.job},
                status=429,
            )
        job = job_waited(job, settings.JOB_WAIT_SECONDS)
        if job.status != JobStatus.DONE or not documents.document_is_current(job, plan):
            return redirect(_job_url(plan, job))
        download = document_download(
            request, job, council_id=plan.team.organisation_id, about=plan.title
        )
        if download is not None:
            return download
    return redirect(_job_url(plan, job))


@login_required
@require_safe
def document_job(request: HttpRequest, plan_id: UUID, job_id: UUID) -> HttpResponse:
    """The page that shows a document being prepared: its progress, refreshed every few seconds
    (by static/js/job-progress.js, or without JavaScript by the page reloading itself), then
    the link to the file, or what went wrong."""
    plan = get_object_or_404(
        plans_visible_to(request.user).select_related("team__organisation"), pk=plan_id
    )
    job = documents.document_job(plan=plan, job_id=job_id)
    if job is None:
        raise Http404
    if request.GET.get("format") == "json":  # the page's script, every few seconds
        return JsonResponse(job_state(job))
    kind = documents.KINDS[job.kind]
    current = job.status != JobStatus.DONE or documents.document_is_current(job, plan)
    refresh = not job.finished and request.GET.get("refresh") != "off"
    return render(
        request,
        "evaluation/document_job.html",
        {
            "plan": plan,
            "job": job,
            "kind": kind,
            "current": current,
            "refresh": refresh,
            "refresh_seconds": settings.JOB_REFRESH_SECONDS,
            "status_url": f"{request.path}?format=json",
            "document_url": reverse(kind.url_name, kwargs={"plan_id": plan.pk}),
            "back_url": _detail_url(plan),
        },
    )
