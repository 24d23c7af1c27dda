"""Staff-only pages: upload a toolkit workbook, confirm its columns, preview, apply."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ioi_planner.jobs import job_current, job_state, job_waited
from ioi_planner.models import Job, JobStatus

from . import presenters, selectors, services
from .forms import MappingForm, UploadForm
from .models import ImportRecord, ImportStatus
from .reader import COLUMNS_BY_NAME, WorkbookError

IMPORTS_PER_PAGE = 25


def staff_required(view):
    """Signed-in staff only: others get 403, anonymous users the sign-in page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _record(import_id) -> ImportRecord:
    try:
        return selectors.import_record(import_id=import_id)
    except ImportRecord.DoesNotExist:
        raise Http404(_("There is no import at this address.")) from None


@staff_required
def import_list(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.import_records(), IMPORTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "toolkit_import/import_list.html",
        {"page_obj": page_obj, "query_string_without_page": ""},
    )


@staff_required
def import_upload(request: HttpRequest) -> HttpResponse:
    # Bound on every POST, even one with no fields, so a missing file is an error.
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        try:
            record = services.import_upload(
                user=request.user, file_name=upload.name, data=upload.read()
            )
        except WorkbookError as error:
            form.add_error("workbook", str(error))
        else:
            return redirect("toolkit_import:import_mapping", import_id=record.pk)
    return render(request, "toolkit_import/import_upload.html", {"form": form})


def _after_queueing(request: HttpRequest, record: ImportRecord, job: Job, done: str):
    """Back to the import's page: with `done` (or what went wrong) when the job finished in a
    moment, otherwise showing its progress."""
    job = job_waited(job, settings.JOB_WAIT_SECONDS)
    if job.status == JobStatus.DONE:
        messages.success(request, done)
    elif job.status == JobStatus.FAILED:
        messages.error(request, job.error)
    return redirect(record)


@staff_required
def import_mapping(request: HttpRequest, import_id) -> HttpResponse:
    record = _record(import_id)
    if record.status not in (ImportStatus.DRAFT, ImportStatus.PREVIEWED):
        messages.info(request, _("The columns of this import can no longer be changed."))
        return redirect(record)
    form = MappingForm(
        request.POST or None,
        headers=record.headers,
        mapping=record.column_mapping,
        partial=record.partial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_preview_queue(
                record=record, mapping=form.mapping(), user=request.user, partial=form.partial()
            )
        except services.ImportRefused as error:
            messages.error(request, str(error))
            return redirect(record)
        return _after_queueing(request, record, job, _("The preview is ready."))
    layout = services.layout_of(record)
    unmatched = [COLUMNS_BY_NAME[name].label for name in layout.missing_required]
    return render(
        request,
        "toolkit_import/import_mapping.html",
        {
            "record": record,
            "form": form,
            "unmatched": unmatched,
            "welsh": layout.language == "cy",
        },
    )


@staff_required
def import_detail(request: HttpRequest, import_id) -> HttpResponse:
    """The import: what it would do or did; while a job is reading or applying its file, that
    job's progress (as JSON too, for the page's script: ?format=json)."""
    record = _record(import_id)
    job = job_current(record.job) if record.job_id else None
    if request.GET.get("format") == "json":
        if job is None:
            raise Http404
        return JsonResponse(job_state(job))
    return _detail_page(request, record, job)


def _detail_page(
    request: HttpRequest,
    record: ImportRecord,
    job: Job | None,
    *,
    confirmation: str = "",
    confirmation_error: str = "",
) -> HttpResponse:
    working = job is not None and not job.finished
    refresh = working and request.GET.get("refresh") != "off"
    counted = services.retirements(record)
    return render(
        request,
        "toolkit_import/import_detail.html",
        {
            "record": record,
            "page": presenters.import_page(record),
            "job": job,
            "working": working,
            "working_heading": _("Applying the import")
            if job is not None and job.kind == "toolkit-apply"
            else _("Reading the workbook"),
            # A failed job the page has not already explained (a failed preview fails the
            # import itself, and the page says why).
            "job_failed": job is not None
            and job.status == JobStatus.FAILED
            and record.status in (ImportStatus.DRAFT, ImportStatus.PREVIEWED),
            "refresh": refresh,
            "refresh_seconds": settings.JOB_REFRESH_SECONDS,
            "status_url": f"{record.get_absolute_url()}?format=json",
            "confirm": record.status == ImportStatus.PREVIEWED and counted.confirmation_needed,
            "retired": counted.retired,
            "active": counted.active,
            "confirmation": confirmation,
            "confirmation_error": confirmation_error,
        },
    )


@staff_required
@require_POST
def import_apply(request: HttpRequest, import_id) -> HttpResponse:
    record = _record(import_id)
    confirmation = request.POST.get("confirmation", "")[:20]
    try:
        job = services.import_apply_queue(
            record=record, user=request.user, confirmation=confirmation
        )
    except services.ConfirmationNeeded as error:
        job = job_current(record.job) if record.job_id else None
        return _detail_page(
            request, record, job, confirmation=confirmation, confirmation_error=str(error)
        )
    except services.ImportRefused as error:
        messages.error(request, str(error))
        return redirect(record)
    return _after_queueing(request, record, job, _("The import was applied."))


@staff_required
def import_rejected_rows(request: HttpRequest, import_id) -> HttpResponse:
    record = _record(import_id)
    try:
        content = services.rejected_rows_workbook(record=record)
    except (WorkbookError, services.ImportRefused) as error:
        messages.error(request, str(error))
        return redirect(record)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="rejected-rows-{record.pk}.xlsx"'
    return response
