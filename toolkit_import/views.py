"""Staff-only pages: upload a toolkit workbook, confirm its columns, preview, apply."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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


@staff_required
def import_mapping(request: HttpRequest, import_id) -> HttpResponse:
    record = _record(import_id)
    if record.status not in (ImportStatus.DRAFT, ImportStatus.PREVIEWED):
        messages.info(request, _("The columns of this import can no longer be changed."))
        return redirect(record)
    form = MappingForm(request.POST or None, headers=record.headers, mapping=record.column_mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.import_preview(record=record, mapping=form.mapping())
        except (WorkbookError, services.ImportRefused) as error:
            messages.error(request, str(error))
        return redirect(record)
    layout = services.layout_of(record)
    unmatched = [COLUMNS_BY_NAME[name].label for name in layout.missing_required]
    return render(
        request,
        "toolkit_import/import_mapping.html",
        {
            "record": record,
            "form": form,
            "unmatched": unmatched,
        },
    )


@staff_required
def import_detail(request: HttpRequest, import_id) -> HttpResponse:
    record = _record(import_id)
    return render(
        request,
        "toolkit_import/import_detail.html",
        {"record": record, "page": presenters.import_page(record)},
    )


@staff_required
@require_POST
def import_apply(request: HttpRequest, import_id) -> HttpResponse:
    record = _record(import_id)
    try:
        services.import_apply(import_id=record.pk, user=request.user)
    except (services.ImportRefused, WorkbookError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The import was applied."))
    return redirect(record)


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
