"""The council's portfolio page and its workbook (evaluation.portfolio says which plans)."""

from io import BytesIO

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from domains.languages import numbered_name, text_in_language
from domains.models import Domain
from ioi_planner.access import teams_of
from ioi_planner.models import Team
from ioi_planner.text import UserTextFormMixin, html_format
from theory_of_change.access import plans_visible_to
from theory_of_change.models import PlanStatus

from . import exports
from .portfolio import LatestValue, Portfolio, council_portfolio, shared_indicator
from .presenters import format_date, format_number
from .progress import Status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PortfolioFilterForm(UserTextFormMixin, forms.Form):
    team = forms.TypedChoiceField(
        label=gettext_lazy("Team"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Select a team from the list")},
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Select a status from the list")},
    )
    domain = forms.TypedChoiceField(
        label=gettext_lazy("Domain"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Select a domain from the list")},
    )

    def __init__(self, *args, teams, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("Any")), *((t.pk, t.name) for t in teams)]
        self.fields["status"].choices = [("", _("Any")), *PlanStatus.choices]
        self.fields["domain"].choices = [
            ("", _("Any")),
            *((d.number, numbered_name(d)) for d in domains),
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                Field.select("team"),
                Field.select("status"),
                Field.select("domain"),
                legend=_("Filter the plans"),
                legend_size=Size.SMALL,
            ),
            Button("filter", _("Filter"), css_class="govuk-button--secondary"),
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "team": self.cleaned_data.get("team") or None,
            "status": self.cleaned_data.get("status") or "",
            "domain": self.cleaned_data.get("domain") or None,
        }


def _filtered(request: HttpRequest) -> tuple[PortfolioFilterForm, dict]:
    """The filter form and the filters it gives; 404 for anyone in no team."""
    if not teams_of(request.user).exists():
        raise Http404
    teams = Team.objects.filter(organisation_id=request.user.organisation_id).order_by("name")
    domains = Domain.objects.order_by("number")
    form = PortfolioFilterForm(request.GET or None, teams=teams, domains=domains)
    return form, form.filters()


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _latest_rows(latest: list[LatestValue]) -> SafeString:
    """The latest-values table's rows, made here at once rather than cell by cell."""
    return SafeString(
        "\n".join(
            html_format(
                '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
                '<td class="govuk-table__cell">{}</td>'
                '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
                '<td class="govuk-table__cell">{}</td></tr>',
                v.plan.title,
                v.group,
                format_number(v.value),
                format_date(v.measured_on),
            )
            for v in latest
        )
    )


@login_required
@require_safe
def portfolio(request: HttpRequest) -> HttpResponse:
    form, filters = _filtered(request)
    result = council_portfolio(request.user, **filters, page=request.GET.get("page") or 1)
    # A page of plans is rows of 16 cells: they are made here, once, rather than by the
    # template engine cell by cell.
    works_on = html_format(
        '<td class="govuk-table__cell">✓<span class="govuk-visually-hidden"> {}</span></td>',
        _("works on this domain"),
    )
    not_on = html_format(
        '<td class="govuk-table__cell"><span class="govuk-visually-hidden">{}</span></td>',
        _("no"),
    )
    # Each status's words once, not looked up in the catalogue again for each of the rows.
    plan_statuses = {status: str(status.label).lower() for status in PlanStatus}
    progress_labels = {status: str(status.label) for status in Status}
    coverage = [
        {
            "item": item,
            "plan_status": plan_statuses[item.plan.status],
            "progress": progress_labels[item.status],
            "cells": SafeString(
                "".join(
                    works_on if d.number in item.domain_numbers else not_on for d in result.domains
                )
            ),
        }
        for item in result.plans
    ]
    return render(
        request,
        "evaluation/portfolio.html",
        {
            "form": form,
            "portfolio": result,
            "coverage": coverage,
            "page_obj": result.page,
            # The filters, for the pagination, the workbook and the indicators' pages.
            "query_string_without_page": _without_page(request),
        },
    )


@login_required
@require_safe
def portfolio_indicator(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """One indicator several plans use: which plans, and each group's latest value in each,
    for the portfolio as filtered (the filters come along in the query string)."""
    form, filters = _filtered(request)
    shared = shared_indicator(request.user, indicator_id, **filters)
    if shared is None:
        raise Http404
    openable = set(
        plans_visible_to(request.user)
        .filter(pk__in=[plan.pk for plan in shared.plans])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "evaluation/portfolio_indicator.html",
        {
            "shared": shared,
            "plans": [(plan, plan.pk in openable) for plan in shared.plans],
            "rows": _latest_rows(shared.latest),
            "query": _without_page(request),
        },
    )


def _shared_rows(result: Portfolio) -> list[list]:
    """A row per latest value of each indicator several plans use (one row if none)."""
    rows = []
    for shared in result.shared_indicators:
        start = [text_in_language(shared.indicator, "wording"), shared.plan_count]
        values = [[v.plan.title, v.group, v.value, v.measured_on] for v in shared.latest]
        rows += [start + value for value in values or [["", "", None, None]]]
    return rows


def portfolio_workbook(result: Portfolio) -> bytes:
    """Three sheets: the plans (with the domains each works on), the domains no plan works
    on, and the indicators several plans use with their latest values."""
    workbook = Workbook()
    sheets = [
        (
            _("Plans"),
            [_("Plan"), _("Team"), _("Status"), _("Progress")]
            + [f"{d.number}. {d.name}" for d in result.domains],
            [
                [i.plan.title, i.plan.team.name, i.plan.get_status_display(), i.status_label]
                + [_("Yes") if d.number in i.domain_numbers else "" for d in result.domains]
                for i in result.plans
            ],
        ),
        (
            _("Domains not covered"),
            [_("Domain"), _("Type")],
            [[f"{d.number}. {d.name}", d.type.name] for d in result.uncovered_domains],
        ),
        (
            _("Shared indicators"),
            [_("Indicator"), _("Plans"), _("Plan"), _("Group"), _("Latest value"), _("Date")],
            _shared_rows(result),
        ),
    ]
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        widths = [50] + [16] * (len(header) - 1)
        exports.sheet_add(workbook, str(title), [str(h) for h in header], rows, widths)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


@login_required
@require_safe
def portfolio_xlsx(request: HttpRequest) -> HttpResponse:
    """The portfolio as filtered, as a workbook. A council's plans make a small file (500 plans:
    see the bench), so it is written in the request, as the bank's workbook is."""
    _form, filters = _filtered(request)
    result = council_portfolio(request.user, **filters)
    response = HttpResponse(portfolio_workbook(result), content_type=XLSX)
    name = f"portfolio-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
