from collections.abc import Callable
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ioi_planner.audit import audit
from ioi_planner.jobs import job_state, job_waited
from ioi_planner.models import AuditKind, Job, JobStatus
from theory_of_change.access import plan_permissions, plans_evaluation_editable_by, plans_visible_to
from theory_of_change.models import Plan
from theory_of_change.versioning import StalePlan, form_saved

from . import documents, presenters, selectors, services
from .chart import indicator_chart
from .forms import MeasurementForm, OutcomeEvaluationForm, RemoveForm, SampleFormSet, TargetForm
from .models import IndicatorTarget, Measurement


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


def _measurements_url(plan: Plan) -> str:
    return reverse("evaluation:measurement_list", kwargs={"plan_id": plan.pk})


def _measurements_form_page(
    request: HttpRequest,
    plan: Plan,
    form,
    *,
    write: Callable[[int], object],
    template: str,
    context: dict,
    message: str,
) -> HttpResponse:
    """A page with one form that changes the plan's measurements or targets: a valid POST that
    `write` saves (see form_saved) goes back to the measurements with `message`; otherwise the
    page is shown (again, with what was typed and the errors)."""
    if request.method == "POST" and form.is_valid() and form_saved(form, plan, write):
        messages.success(request, message)
        return redirect(_measurements_url(plan))
    context = {"plan": plan, "form": form, "back_url": _measurements_url(plan), **context}
    return render(request, template, context)


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


def _download(request: HttpRequest, plan: Plan, job: Job) -> HttpResponse | None:
    """A built document as a download, recorded in the council's audit log (None if its file
    has gone: a newer document replaced it a moment ago)."""
    try:
        content = job.file.open("rb")
    except (FileNotFoundError, ValueError):
        return None
    audit(
        AuditKind.EXPORT_DOWNLOADED,
        request=request,
        council=plan.team.organisation_id,
        detail=f"{job.file_name}: {plan.title}",
    )
    return FileResponse(
        content, as_attachment=True, filename=job.file_name, content_type=job.content_type
    )


def _job_url(plan: Plan, job: Job) -> str:
    return reverse("evaluation:document_job", kwargs={"plan_id": plan.pk, "job_id": job.pk})


def _document(request: HttpRequest, plan_id: UUID, kind: documents.DocumentKind) -> HttpResponse:
    """The document built for the plan as it is now, at once; otherwise it is prepared by a
    background job, and the person gets it when that takes a moment, or the page that shows its
    progress."""
    plan = _drafted(plans_visible_to(request.user), plan_id)
    for _attempt in range(2):
        try:
            job = documents.document_request(user=request.user, plan=plan, kind=kind)
        except documents.ExportBusy as busy:
            return render(
                request,
                "evaluation/document_busy.html",
                {"plan": plan, "kind": kind, "other": busy.job},
                status=429,
            )
        job = job_waited(job, settings.JOB_WAIT_SECONDS)
        if job.status != JobStatus.DONE or not documents.document_is_current(job, plan):
            return redirect(_job_url(plan, job))
        download = _download(request, plan, job)
        if download is not None:
            return download
    return redirect(_job_url(plan, job))


@login_required
@require_safe
def evaluation_pdf(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    return _document(request, plan_id, documents.PDF)


@login_required
@require_safe
def evaluation_xlsx(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    return _document(request, plan_id, documents.WORKBOOK)


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
            "document_url": reverse(
                f"evaluation:{'evaluation_pdf' if kind is documents.PDF else 'evaluation_xlsx'}",
                kwargs={"plan_id": plan.pk},
            ),
            "back_url": _detail_url(plan),
        },
    )


# -- Measurements -------------------------------------------------------------------------


@login_required
@require_safe
def measurement_list(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = _drafted(plans_visible_to(request.user), plan_id, measurements=True)
    editable = plan_permissions(request.user, plan).can_edit_evaluation
    sections = []
    for number, figures in enumerate(presenters.indicator_figures(plan), start=1):
        chart_id, table_id = f"chart-{number}", f"figures-{number}"
        sections.append(
            {
                "number": number,
                "figures": figures,
                "table_id": table_id,
                "chart": indicator_chart(figures, chart_id=chart_id, table_id=table_id)
                if figures.groups
                else "",
                "target_url": reverse(
                    "evaluation:target_set",
                    kwargs={"plan_id": plan.pk, "indicator_id": figures.indicator.pk},
                ),
                "measurements": [
                    {
                        "measurement": m,
                        "kind": presenters.measurement_kind_label(m.kind),
                        "remove_url": reverse(
                            "evaluation:measurement_remove",
                            kwargs={"plan_id": plan.pk, "measurement_id": m.pk},
                        ),
                    }
                    for m in figures.measurements
                ],
            }
        )
    return render(
        request,
        "evaluation/measurement_list.html",
        {
            "plan": plan,
            "sections": sections,
            "editable": editable,
        },
    )


@login_required
def measurement_add(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    indicators = selectors.plan_indicator_queryset(plan)
    form = MeasurementForm(request.POST or None, plan=plan, indicators=indicators)
    return _measurements_form_page(
        request,
        plan,
        form,
        write=lambda version: services.measurement_add(
            plan=plan,
            version=version,
            user=request.user,
            **{k: v for k, v in form.cleaned_data.items() if k != "version"},
        ),
        template="evaluation/measurement_form.html",
        context={"has_indicators": indicators.exists()},
        message=_("The measurement is saved."),
    )


@login_required
def measurement_remove(request: HttpRequest, plan_id: UUID, measurement_id: int) -> HttpResponse:
    """Remove a measurement after a confirmation page (GET), like every other removal."""
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator"), plan=plan, pk=measurement_id
    )
    form = RemoveForm(request.POST or None, plan=plan)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Nothing was removed: the page was out of date. Try again."))
            return redirect(_measurements_url(plan))
        try:
            services.measurement_remove(
                plan=plan,
                version=form.cleaned_data["version"],
                measurement=measurement,
                user=request.user,
            )
        except StalePlan:
            messages.error(
                request,
                _(
                    "The plan was changed after you opened the page, so nothing was removed. "
                    "Check the measurements below and try again."
                ),
            )
        else:
            messages.success(request, _("The measurement is removed."))
        return redirect(_measurements_url(plan))
    item = _("%(indicator)s\n%(group)s, %(date)s: %(value)s (%(source)s)") % {
        "indicator": measurement.indicator.wording,
        "group": measurement.group,
        "date": date_format(measurement.measured_on, "j F Y"),
        "value": floatformat(measurement.value, "-2"),
        "source": measurement.source,
    }
    return render(
        request,
        "theory_of_change/confirm_remove.html",
        {
            "title": _("Are you sure you want to remove this measurement?"),
            "item": item,
            "form": form,
            "back_url": _measurements_url(plan),
            "warning": _(
                "This cannot be undone: the plan’s history records that it was removed, but "
                "not its value."
            ),
        },
    )


@login_required
def target_set(request: HttpRequest, plan_id: UUID, indicator_id: int) -> HttpResponse:
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    indicator = get_object_or_404(selectors.plan_indicator_queryset(plan), pk=indicator_id)
    target = IndicatorTarget.objects.filter(plan=plan, indicator=indicator).first()
    form = TargetForm(request.POST or None, plan=plan, target=target)
    return _measurements_form_page(
        request,
        plan,
        form,
        write=lambda version: services.target_set(
            user=request.user,
            plan=plan,
            version=version,
            indicator=indicator,
            value=form.cleaned_data["value"],
            due_on=form.cleaned_data["due_on"],
        ),
        template="evaluation/target_form.html",
        context={"indicator": indicator},
        message=_("The target is saved."),
    )
