"""The measurement pages: the plan's groups, its measurements, and dated targets per group,
with progress, status and parity (evaluation.progress)."""

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from domains.languages import text_in_language
from theory_of_change.access import plan_permissions, plans_evaluation_editable_by, plans_visible_to
from theory_of_change.models import Plan
from theory_of_change.versioning import StalePlan, form_page

from . import groups, selectors, services
from . import measurement_tables as tables
from .chart import indicator_chart
from .forms import RemoveForm
from .measurement_forms import GroupForm, MeasurementForm, TargetForm
from .models import GroupKind, IndicatorTarget, Measurement, MeasurementGroup
from .progress_rows import indicators_used, plans_progress


def _measurements_url(plan: Plan) -> str:
    return reverse("evaluation:measurement_list", kwargs={"plan_id": plan.pk})


def _form_page(
    request: HttpRequest,
    plan: Plan,
    form,
    *,
    write: Callable[[int], object],
    template: str,
    context: dict,
    message: str,
    done_url: str | None = None,
) -> HttpResponse:
    """versioning.form_page for the measurement pages: back to the measurements (unless
    `done_url` says otherwise), refused if the plan changed at all since the form was made."""
    return form_page(
        request,
        plan,
        form,
        write=write,
        section=None,
        template=template,
        context={"back_url": _measurements_url(plan), **context},
        done_url=done_url or _measurements_url(plan),
        message=message,
    )


def _removal(
    request: HttpRequest,
    plan: Plan,
    *,
    remove: Callable[[int], None],
    done_url: str,
    title: str,
    item: str,
    warning: str,
    removed: str,
) -> HttpResponse:
    """A confirmation page (GET) and the removal (POST): stale or refused, nothing is removed
    and the reason is shown where the person goes back to."""
    form = RemoveForm(request.POST or None, plan=plan)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Nothing was removed: the page was out of date. Try again."))
            return redirect(done_url)
        try:
            remove(form.cleaned_data["version"])
        except StalePlan:
            messages.error(
                request,
                _(
                    "The plan was changed after you opened the page, so nothing was removed. "
                    "Check the page and try again."
                ),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, removed)
        return redirect(done_url)
    return render(
        request,
        "theory_of_change/confirm_remove.html",
        {"title": title, "item": item, "form": form, "back_url": done_url, "warning": warning},
    )


@login_required
@require_safe
def measurement_list(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    # The plan alone, then its progress read as plain rows (evaluation.progress_rows), as the
    # portfolio reads it: no evaluation blocks, model instances or joins the page does not show.
    plan = get_object_or_404(plans_visible_to(request.user), pk=plan_id)
    editable = plan_permissions(request.user, plan).can_edit_evaluation
    figures_of = plans_progress([plan], indicators_used([plan.pk]))[plan.pk]
    sections = []
    for number, figures in enumerate(figures_of, start=1):
        chart_id, table_id = f"chart-{number}", f"figures-{number}"
        sections.append(
            {
                "number": number,
                "figures": figures,
                "table_id": table_id,
                "chart": indicator_chart(figures, chart_id=chart_id, table_id=table_id)
                if figures.measurements
                else "",
                "targets_url": reverse(
                    "evaluation:target_set",
                    kwargs={"plan_id": plan.pk, "indicator_id": figures.indicator.pk},
                ),
                "timeline_rows": tables.timeline_rows(figures),
                "group_rows": tables.group_rows(figures),
                "parity_rows": tables.parity_rows(figures),
                "measurement_rows": tables.measurement_rows(plan, figures.measurements, editable),
            }
        )
    return render(
        request,
        "evaluation/measurement_list.html",
        {"plan": plan, "sections": sections, "editable": editable},
    )


@login_required
def measurement_add(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    indicators = selectors.plan_indicator_queryset(plan)
    form = MeasurementForm(request.POST or None, plan=plan, indicators=indicators)

    def write(version: int) -> None:
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        values["group"] = groups.group_for_choice(plan, values["group"])
        services.measurement_add(plan=plan, version=version, user=request.user, **values)

    return _form_page(
        request,
        plan,
        form,
        write=write,
        template="evaluation/measurement_form.html",
        context={"has_indicators": indicators.exists()},
        message=_("The measurement is saved."),
    )


@login_required
def measurement_remove(request: HttpRequest, plan_id: UUID, measurement_id: int) -> HttpResponse:
    """Remove a measurement after a confirmation page (GET), like every other removal."""
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator", "group"), plan=plan, pk=measurement_id
    )
    return _removal(
        request,
        plan,
        remove=lambda version: services.measurement_remove(
            plan=plan, version=version, measurement=measurement, user=request.user
        ),
        done_url=_measurements_url(plan),
        title=_("Are you sure you want to remove this measurement?"),
        item=_("%(indicator)s\n%(group)s, %(date)s: %(value)s (%(source)s)")
        % {
            "indicator": text_in_language(measurement.indicator, "wording"),
            "group": measurement.group,
            "date": date_format(measurement.measured_on, "j F Y"),
            "value": floatformat(measurement.value, "-2"),
            "source": measurement.source,
        },
        warning=_(
            "This cannot be undone: the plan’s history records that it was removed, but "
            "not its value."
        ),
        removed=_("The measurement is removed."),
    )


def _targets_url(plan: Plan, indicator_id: int) -> str:
    return reverse(
        "evaluation:target_set", kwargs={"plan_id": plan.pk, "indicator_id": indicator_id}
    )


@login_required
def target_set(request: HttpRequest, plan_id: UUID, indicator_id: int) -> HttpResponse:
    """The indicator's targets, per group and date, and a form to add one."""
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    indicator = get_object_or_404(selectors.plan_indicator_queryset(plan), pk=indicator_id)
    targets = IndicatorTarget.objects.filter(plan=plan, indicator=indicator).select_related("group")
    form = TargetForm(request.POST or None, plan=plan)

    def write(version: int) -> None:
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        values["group"] = groups.group_for_choice(plan, values["group"])
        services.target_add(
            plan=plan, version=version, user=request.user, indicator=indicator, **values
        )

    return _form_page(
        request,
        plan,
        form,
        write=write,
        template="evaluation/target_form.html",
        context={
            "indicator": indicator,
            "targets": [
                {
                    "target": target,
                    "remove_url": reverse(
                        "evaluation:target_remove",
                        kwargs={
                            "plan_id": plan.pk,
                            "indicator_id": indicator.pk,
                            "target_id": target.pk,
                        },
                    ),
                }
                for target in targets
            ],
        },
        message=_("The target is saved."),
        done_url=_targets_url(plan, indicator.pk),
    )


@login_required
def target_remove(
    request: HttpRequest, plan_id: UUID, indicator_id: int, target_id: int
) -> HttpResponse:
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    target = get_object_or_404(
        IndicatorTarget.objects.select_related("indicator", "group"),
        plan=plan,
        indicator_id=indicator_id,
        pk=target_id,
    )
    return _removal(
        request,
        plan,
        remove=lambda version: services.target_remove(
            plan=plan, version=version, target=target, user=request.user
        ),
        done_url=_targets_url(plan, indicator_id),
        title=_("Are you sure you want to remove this target?"),
        item=_("%(indicator)s\n%(group)s: %(value)s by %(date)s")
        % {
            "indicator": text_in_language(target.indicator, "wording"),
            "group": target.group,
            "value": floatformat(target.value, "-2"),
            "date": date_format(target.due_on, "j F Y") if target.due_on else _("no date"),
        },
        warning=_("The plan’s history records that it was removed."),
        removed=_("The target is removed."),
    )


def _groups_url(plan: Plan) -> str:
    return reverse("evaluation:group_list", kwargs={"plan_id": plan.pk})


@login_required
def group_list(request: HttpRequest, plan_id: UUID) -> HttpResponse:
    """The plan's groups, ready-made and its own, and a form to name one more."""
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    form = GroupForm(request.POST or None, plan=plan)
    rows = [
        {
            "group": group,
            "ready_made": group.kind != GroupKind.OWN,
            "remove_url": reverse(
                "evaluation:group_remove", kwargs={"plan_id": plan.pk, "group_id": group.pk}
            )
            if group.kind == GroupKind.OWN
            else "",
        }
        for group in groups.plan_groups(plan)
    ]
    return _form_page(
        request,
        plan,
        form,
        write=lambda version: groups.group_add(
            plan=plan, version=version, name=form.cleaned_data["name"], user=request.user
        ),
        template="evaluation/group_list.html",
        context={"rows": rows},
        message=_("The group is added."),
        done_url=_groups_url(plan),
    )


@login_required
def group_remove(request: HttpRequest, plan_id: UUID, group_id: int) -> HttpResponse:
    plan = get_object_or_404(plans_evaluation_editable_by(request.user), pk=plan_id)
    group = get_object_or_404(MeasurementGroup, plan=plan, kind=GroupKind.OWN, pk=group_id)
    uses = groups.group_uses(group)
    return _removal(
        request,
        plan,
        remove=lambda version: groups.group_remove(
            plan=plan, version=version, group=group, user=request.user
        ),
        done_url=_groups_url(plan),
        title=_("Are you sure you want to remove this group?"),
        item=group.name,
        warning=_("It is used by %(uses)s: remove those first, or nothing is removed.")
        % {"uses": "; ".join(uses)}
        if uses
        else _("The plan’s history records that it was removed."),
        removed=_("The group is removed."),
    )
