"""Switching a plan from an indicator a toolkit update retired to the one it offered in its
place (Indicator.successor, set by the import), in one step: every outcome of the plan that
used the old one uses the new one, as one versioned change in the plan's history. The apps
built on plans move what they hold of the old indicator (the evaluation app: its measurements
and targets) through `plan_indicator_switched`, inside the same transaction."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from domains.languages import text_in_language
from domains.models import Indicator, IndicatorStatus
from domains.selectors import indicators_of_council
from ioi_planner.models import AnyUser
from theory_of_change.models import Outcome, Plan
from theory_of_change.signals import plan_indicator_switched
from theory_of_change.versioning import STALE_MESSAGE, VersionedForm, form_saved, plan_change
from theory_of_change.wizard.views import editable_plan, wizard_view


def replaced_indicators(plan: Plan) -> list[Indicator]:
    """The retired indicators the plan's outcomes use that a toolkit update offered a successor
    for (active, and in the bank as offered on the plan's council), with it: one query."""
    bank = indicators_of_council(plan.team.organisation)
    return list(
        Indicator.objects.filter(
            outcomes__plan=plan,
            status=IndicatorStatus.RETIRED,
            successor__in=bank.filter(status=IndicatorStatus.ACTIVE),
        )
        .select_related("successor", "successor__domain")
        .distinct()
        .order_by("code")
    )


def plan_indicator_switch(
    *, plan: Plan, version: int, user: AnyUser | None, indicator: Indicator
) -> Indicator:
    """Put `indicator`'s successor in its place on every outcome of the plan that uses it."""
    successor = next((i.successor for i in replaced_indicators(plan) if i.pk == indicator.pk), None)
    if successor is None:
        raise ValidationError(_("This plan has no indicator to switch there"))
    outcomes = list(Outcome.objects.filter(plan=plan, indicators=indicator))
    with plan_change(
        plan=plan,
        version=version,
        user=user,
        section="outcomes",
        action="indicator-switch",
        subject=successor.wording,
    ):
        for outcome in outcomes:
            outcome.indicators.remove(indicator)
            outcome.indicators.add(successor)
        plan_indicator_switched.send(sender=Plan, plan=plan, old=indicator, new=successor)
    return successor


class SwitchForm(VersionedForm):
    """A button: the version of the plan the page showing it was made from."""


@wizard_view
@require_POST
def indicator_switch(request: HttpRequest, plan_id: UUID, indicator_id: int) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    indicator = next((i for i in replaced_indicators(plan) if i.pk == indicator_id), None)
    if indicator is None:
        raise Http404(_("This plan has no indicator to switch there."))
    form = SwitchForm(request.POST, plan=plan)
    switched = form.is_valid() and form_saved(
        form,
        plan,
        lambda version: plan_indicator_switch(
            plan=plan, version=version, user=request.user, indicator=indicator
        ),
        section="outcomes",
    )
    if switched:
        messages.success(
            request,
            _("The plan now uses “%(new)s” in place of “%(old)s”.")
            % {
                "new": text_in_language(indicator.successor, "wording"),
                "old": text_in_language(indicator, "wording"),
            },
        )
    else:
        messages.error(request, STALE_MESSAGE)
    return redirect(plan.get_absolute_url() + "#replaced-indicators")
