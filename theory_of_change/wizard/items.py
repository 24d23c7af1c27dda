"""The plan's listed parts, declared once per kind: one set of add, change, remove and move
views serves them all (see part_views.item_*)."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from theory_of_change.models import (
    Activity,
    Assumption,
    Barrier,
    Outcome,
    Output,
    PlanItem,
    Stakeholder,
)
from theory_of_change.wizard import part_forms


@dataclass(frozen=True)
class ItemKind:
    slug: str
    model: type[PlanItem]
    form_class: type[part_forms.PlanItemForm]
    step: str
    related_name: str
    add_title: str
    change_title: str
    remove_title: str
    # Shown on the remove page when removing takes other things with it.
    remove_warning: str = ""


ITEM_KINDS: list[ItemKind] = [
    ItemKind(
        "outcomes",
        Outcome,
        part_forms.OutcomeForm,
        "outcomes",
        "outcomes",
        _("Add an intermediate outcome"),
        _("Change the outcome"),
        _("Are you sure you want to remove this outcome?"),
        _("Its links to outputs, and assumptions about it, will be removed too."),
    ),
    ItemKind(
        "outputs",
        Output,
        part_forms.OutputForm,
        "outputs",
        "outputs",
        _("Add an output"),
        _("Change the output"),
        _("Are you sure you want to remove this output?"),
        _("Its links to outcomes and activities, and assumptions about it, will be removed too."),
    ),
    ItemKind(
        "activities",
        Activity,
        part_forms.ActivityForm,
        "activities",
        "activities",
        _("Add an activity"),
        _("Change the activity"),
        _("Are you sure you want to remove this activity?"),
        _("Its links to outputs, and assumptions about them, will be removed too."),
    ),
    ItemKind(
        "barriers",
        Barrier,
        part_forms.BarrierForm,
        "barriers-and-assumptions",
        "barriers",
        _("Add a barrier"),
        _("Change the barrier"),
        _("Are you sure you want to remove this barrier?"),
        _("Assumptions about it will be removed too."),
    ),
    ItemKind(
        "assumptions",
        Assumption,
        part_forms.AssumptionForm,
        "barriers-and-assumptions",
        "assumptions",
        _("Add an assumption"),
        _("Change the assumption"),
        _("Are you sure you want to remove this assumption?"),
        _("Its evidence will be removed too."),
    ),
    ItemKind(
        "stakeholders",
        Stakeholder,
        part_forms.StakeholderForm,
        "stakeholders",
        "stakeholders",
        _("Add a stakeholder"),
        _("Change the stakeholder"),
        _("Are you sure you want to remove this stakeholder?"),
    ),
]


ITEM_KINDS_BY_SLUG = {kind.slug: kind for kind in ITEM_KINDS}


def item_kind(slug: str) -> ItemKind:
    try:
        return ITEM_KINDS_BY_SLUG[slug]
    except KeyError:
        raise Http404 from None
