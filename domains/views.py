from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import exports, selectors
from .forms import IndicatorFilterForm
from .models import Domain, Indicator


def framework_overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "domains/framework_overview.html",
        {"domain_types": selectors.domain_types_with_domains()},
    )


def _page_of(request: HttpRequest, items) -> Page:
    """The requested page of a list, GOV.UK style: a page number out of range shows the
    nearest page and says so, rather than an error."""
    paginator = Paginator(items, settings.INDICATORS_PER_PAGE)
    requested = request.GET.get("page", "1")
    page_obj = paginator.get_page(requested)
    if requested != str(page_obj.number) and "page" in request.GET:
        messages.info(
            request,
            _("There is no page %(requested)s. Showing page %(shown)d of %(total)d.")
            % {
                "requested": requested[:20],
                "shown": page_obj.number,
                "total": paginator.num_pages,
            },
        )
    return page_obj


def _query_string_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def domain_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        domain = selectors.domain_detail(slug=slug)
    except Domain.DoesNotExist:
        raise Http404(_("There is no domain at this address.")) from None
    # A council can add many indicators of its own: the list is paged like the bank.
    return render(
        request,
        "domains/domain_detail.html",
        {
            "domain": domain,
            "page_obj": _page_of(
                request, selectors.domain_indicators(domain=domain, user=request.user)
            ),
            "query_string_without_page": _query_string_without_page(request),
            "index_terms": selectors.domain_index_terms(domain=domain),
        },
    )


def _bank_search(
    request: HttpRequest,
) -> tuple[IndicatorFilterForm, selectors.IndicatorSearch | None]:
    """The bank as the page's filters ask for it; no search while they need correcting."""
    form = IndicatorFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    return form, selectors.indicator_search(
        user=request.user,
        query=data.get("q", ""),
        domain_type=data.get("type"),
        domain=data.get("domain"),
        availability=data.get("availability", ""),
        provenance=data.get("provenance", ""),
        include_retired=data.get("retired", False),
    )


def indicator_list(request: HttpRequest) -> HttpResponse:
    form, search = _bank_search(request)
    page_obj = _page_of(request, search.indicators) if search is not None else None
    return render(
        request,
        "domains/indicator_list.html",
        {
            "form": form,
            "search": search,
            "page_obj": page_obj,
            "query_string_without_page": _query_string_without_page(request),
            "workbook_max_rows": settings.BANK_WORKBOOK_MAX_ROWS,
        },
    )


def _export_name(extension: str) -> str:
    return f"indicator-bank-{timezone.localdate():%Y-%m-%d}.{extension}"


def indicator_export_csv(request: HttpRequest) -> HttpResponse:
    """The bank as filtered, as CSV, streamed (domains/exports.py)."""
    _form, search = _bank_search(request)
    if search is None:
        return redirect(reverse("domains:indicator_list") + "?" + request.GET.urlencode())
    response = StreamingHttpResponse(
        exports.bank_csv(exports.bank_rows(search.indicators)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


def indicator_export_xlsx(request: HttpRequest) -> HttpResponse:
    """The bank as filtered, as an Excel workbook, up to BANK_WORKBOOK_MAX_ROWS rows."""
    _form, search = _bank_search(request)
    if search is None:
        return redirect(reverse("domains:indicator_list") + "?" + request.GET.urlencode())
    count = search.indicators.count()
    if count > settings.BANK_WORKBOOK_MAX_ROWS:
        return render(
            request,
            "domains/indicator_export_too_large.html",
            {
                "count": count,
                "limit": settings.BANK_WORKBOOK_MAX_ROWS,
                "query_string": _query_string_without_page(request),
            },
        )
    response = HttpResponse(
        exports.bank_workbook(exports.bank_rows(search.indicators)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("xlsx")}"'
    return response


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        indicator = selectors.indicator_detail(pk=pk, user=request.user)
    except Indicator.DoesNotExist:
        raise Http404(_("There is no indicator at this address.")) from None
    starter_sources = any(
        question.data_source is not None and question.data_source.is_starter
        for question in indicator.questions.all()
    )
    return render(
        request,
        "domains/indicator_detail.html",
        {"indicator": indicator, "starter_sources": starter_sources},
    )
