from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import selectors
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


def indicator_list(request: HttpRequest) -> HttpResponse:
    form = IndicatorFilterForm(request.GET or None)
    search = None
    page_obj = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        search = selectors.indicator_search(
            user=request.user,
            query=data.get("q", ""),
            domain_type=data.get("type"),
            domain=data.get("domain"),
            availability=data.get("availability", ""),
            provenance=data.get("provenance", ""),
            include_retired=data.get("retired", False),
        )
        page_obj = _page_of(request, search.indicators)
    return render(
        request,
        "domains/indicator_list.html",
        {
            "form": form,
            "search": search,
            "page_obj": page_obj,
            "query_string_without_page": _query_string_without_page(request),
        },
    )


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        indicator = selectors.indicator_detail(pk=pk, user=request.user)
    except Indicator.DoesNotExist:
        raise Http404(_("There is no indicator at this address.")) from None
    return render(request, "domains/indicator_detail.html", {"indicator": indicator})
