"""What the wizard's list pages show of each part, so their templates only loop."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from domains.languages import text_in_language
from domains.models import Indicator, Provenance
from theory_of_change.models import (
    Activity,
    Assumption,
    EvidenceKind,
    EvidenceStrength,
    Outcome,
    Output,
    Plan,
    PlanItem,
    Stakeholder,
)
from theory_of_change.part_values import choice_label
from theory_of_change.shape import ACTIVITIES, OUTCOMES
from theory_of_change.wizard.items import ItemKind


@dataclass
class Entry:
    text: str
    tags: list[str] = field(default_factory=list)
    href: str = ""
    change_href: str = ""
    remove_href: str = ""


@dataclass
class Row:
    key: str
    entries: list[Entry]
    empty: str = ""


@dataclass
class ItemCard:
    anchor: str
    number: int
    text: str
    rows: list[Row]
    links: list[Entry]
    change_href: str
    remove_href: str
    move_href: str
    is_first: bool
    is_last: bool


def indicator_entry(indicator: Indicator) -> Entry:
    tags = [
        text_in_language(indicator.domain, "name"),
        choice_label(Provenance, indicator.provenance),
    ]
    if indicator.organisation_id:
        tags[-1] = _("Added by %(council)s") % {"council": indicator.organisation.name}
    if indicator.is_retired:
        tags.append(_("Retired"))
    elif indicator.recently_reworded:
        tags.append(_("Reworded by a toolkit update"))
    return Entry(text=text_in_language(indicator, "wording"), tags=[str(tag) for tag in tags])


def assumption_about(assumption: Assumption) -> str:
    if assumption.barrier_id:
        return _("Barrier: %(b)s") % {"b": assumption.barrier}
    if assumption.activity_id:
        return _("Activity ‘%(a)s’ leads to output ‘%(o)s’") % {
            "a": assumption.activity,
            "o": assumption.output,
        }
    if assumption.output_id:
        return _("Output ‘%(o)s’ serves outcome ‘%(c)s’") % {
            "o": assumption.output,
            "c": assumption.outcome,
        }
    return _("Outcome ‘%(c)s’ leads to the long-term impact") % {"c": assumption.outcome}


def _rows(plan: Plan, item: PlanItem) -> tuple[list[Row], list[Entry]]:
    rows: list[Row] = []
    links: list[Entry] = []
    if isinstance(item, Outcome):
        rows.append(
            Row(
                _("Indicators"),
                [indicator_entry(i) for i in item.indicators.all()],
                _("No indicator yet"),
            )
        )
        if item.baseline:
            rows.append(Row(OUTCOMES.label_of("baseline"), [Entry(item.baseline)]))
        if item.target:
            rows.append(Row(OUTCOMES.label_of("target"), [Entry(item.target)]))
        links.append(
            Entry(
                _("Choose indicators"),
                href=reverse(
                    "theory_of_change:outcome_indicators",
                    kwargs={"plan_id": plan.pk, "item_id": item.pk},
                ),
            )
        )
    elif isinstance(item, Output):
        rows.append(
            Row(
                _("Serves"),
                [Entry(str(o)) for o in item.outcomes.all()],
                _("No outcome yet"),
            )
        )
    elif isinstance(item, Activity):
        if item.inputs:
            rows.append(Row(ACTIVITIES.label_of("inputs"), [Entry(item.inputs)]))
        rows.append(
            Row(_("Leads to"), [Entry(str(o)) for o in item.outputs.all()], _("No output yet"))
        )
    elif isinstance(item, Assumption):
        rows.append(Row(_("About"), [Entry(assumption_about(item))]))
        rows.append(
            Row(
                _("Evidence"),
                [
                    Entry(
                        evidence.source,
                        tags=[
                            choice_label(EvidenceKind, evidence.kind),
                            choice_label(EvidenceStrength, evidence.strength),
                        ],
                        change_href=reverse(
                            "theory_of_change:evidence_change",
                            kwargs={
                                "plan_id": plan.pk,
                                "item_id": item.pk,
                                "evidence_id": evidence.pk,
                            },
                        ),
                        remove_href=reverse(
                            "theory_of_change:evidence_remove",
                            kwargs={
                                "plan_id": plan.pk,
                                "item_id": item.pk,
                                "evidence_id": evidence.pk,
                            },
                        ),
                    )
                    for evidence in item.evidence.all()
                ],
                _("No evidence yet"),
            )
        )
        links.append(
            Entry(
                _("Add evidence"),
                href=reverse(
                    "theory_of_change:evidence_add",
                    kwargs={"plan_id": plan.pk, "item_id": item.pk},
                ),
            )
        )
    elif isinstance(item, Stakeholder):
        rows.append(Row(_("Kind"), [Entry(item.get_kind_display())]))
        if item.responsibility:
            rows.append(Row(_("Responsibility"), [Entry(item.responsibility)]))
        involved = [
            label
            for flag, label in [
                (item.in_design, _("Design")),
                (item.in_delivery, _("Delivery")),
                (item.in_evaluation, _("Evaluation")),
            ]
            if flag
        ]
        rows.append(Row(_("Involved in"), [Entry(", ".join(involved))] if involved else [], "–"))
    return rows, links


def item_cards(plan: Plan, kind: ItemKind, items: list[PlanItem]) -> list[ItemCard]:
    cards = []
    for number, item in enumerate(items, start=1):
        kwargs = {"plan_id": plan.pk, "kind": kind.slug, "item_id": item.pk}
        rows, links = _rows(plan, item)
        cards.append(
            ItemCard(
                anchor=f"item-{kind.slug}-{item.pk}",
                number=number,
                text=str(item),
                rows=rows,
                links=links,
                change_href=reverse("theory_of_change:item_change", kwargs=kwargs),
                remove_href=reverse("theory_of_change:item_remove", kwargs=kwargs),
                move_href=reverse("theory_of_change:item_move", kwargs=kwargs),
                is_first=number == 1,
                is_last=number == len(items),
            )
        )
    return cards
