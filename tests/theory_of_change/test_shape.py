"""The plan's shape is declared once (theory_of_change/shape.py), and every declared answer,
field and link is kept in a snapshot, shown in a difference, brought back by a restore and shown
on the review page. Declaring a new field (with its model field and migration) is enough: these
tests then cover it, and fail if any of those places leaves it out."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from theory_of_change.history.compare import compare
from theory_of_change.history.services import plan_restore
from theory_of_change.models import (
    EvidenceKind,
    Plan,
    Stakeholder,
    StakeholderKind,
)
from theory_of_change.part_values import choice_label, columns
from theory_of_change.shape import PART_KINDS, SECTIONS, SHARING, STAKEHOLDERS, Field, PartKind
from theory_of_change.snapshots import plan_snapshot
from theory_of_change.steps import STEPS
from theory_of_change.versioning import plan_change
from theory_of_change.wizard.items import ITEM_KINDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def parts(plan, chain):
    """One part of every kind, linked along the chain (conftest's chain, and a stakeholder)."""
    return {
        "outcomes": chain["outcome"],
        "outputs": chain["output"],
        "activities": chain["activity"],
        "barriers": chain["barrier"],
        "assumptions": chain["assumption"],
        "stakeholders": Stakeholder.objects.create(
            plan=plan, name="A partner", kind=StakeholderKind.values[0], position=1
        ),
    }


def new_value(f: Field, old):
    if f.choices:
        return [value for value, _label in f.choices if value != old][-1]
    if isinstance(old, bool):
        return not old
    return f"Marker {f.name} 4711"


def review_page(client, plan: Plan) -> str:
    response = client.get(reverse("theory_of_change:plan_review", kwargs={"plan_id": plan.pk}))
    assert response.status_code == 200
    return response.content.decode()


def change_and_check(client, alice, plan: Plan, section: str, write, expect_in_page: str | None):
    """Make a change through plan_change; return the difference it shows, after checking the
    review page shows it and a restore of the version before undoes it."""
    client.force_login(alice)
    page_before = review_page(client, plan)
    plan.refresh_from_db()
    before_number = plan.version
    before = plan_snapshot(plan)
    with plan_change(plan=plan, version=plan.version, user=alice, section=section, action="x"):
        write()
    after = plan_snapshot(plan)
    page_after = review_page(client, plan)
    assert page_after != page_before, "the review page does not show the change"
    if expect_in_page is not None:
        assert expect_in_page in page_after
    plan.refresh_from_db()
    plan_restore(plan=plan, version=plan.version, number=before_number, user=alice)
    restored = plan_snapshot(plan)
    for key in ("answers", SHARING.name, *(kind.key for kind in PART_KINDS)):
        assert restored[key] == before[key], f"a restore did not bring {key} back"
    return before, after, compare(before, after)


def declared_fields():
    return [(kind, f) for kind in PART_KINDS for f in kind.fields]


@pytest.mark.parametrize(
    ("kind", "field"), declared_fields(), ids=[f"{k.key}.{f.name}" for k, f in declared_fields()]
)
def test_every_declared_field_is_kept_shown_and_restored(client, alice, plan, parts, kind, field):
    part = parts[kind.key]
    value = new_value(field, getattr(part, field.name))

    def write():
        setattr(part, field.name, value)
        part.save()

    shown = dict(field.choices).get(value) if field.choices else value
    section = next(s.slug for s in SECTIONS if kind in s.parts)
    # The review page shows a part's own text as it is, and its other fields by their label.
    in_page = str(shown) if field == kind.fields[0] else f"{field.label}: {shown}"
    _before, after, differences = change_and_check(
        client,
        alice,
        plan,
        section,
        write,
        expect_in_page=None if isinstance(value, bool) else in_page,
    )
    row = next(r for r in after[kind.key] if r["id"] == part.pk)
    assert row[field.name] == value, "the snapshot does not keep the field"
    changes = [
        change
        for difference in differences
        for part_change in difference.parts
        for change in part_change.fields
    ]
    label = field.group if field.group is not None else field.label
    assert any(c.label == str(label) for c in changes), f"the difference does not show {label}"


def test_the_plan_page_shows_stakeholders_in_the_declared_columns(client, alice, plan, parts):
    client.force_login(alice)
    stakeholder = parts["stakeholders"]
    stakeholder.in_delivery = True
    stakeholder.save()
    page = client.get(plan.get_absolute_url()).content.decode()
    headers = re.findall(r'<th scope="col" class="govuk-table__header">([^<]*)</th>', page)
    assert headers == [str(c.label) for c in columns(STAKEHOLDERS) if not c.link]
    assert ">Delivery</td>" in page  # the group's yes/no fields, named by those set


def declared_links():
    return [(kind, link) for kind in PART_KINDS for link in kind.links]


@pytest.mark.parametrize(
    ("kind", "link"), declared_links(), ids=[f"{k.key}.{x.name}" for k, x in declared_links()]
)
def test_every_declared_link_is_kept_shown_and_restored(client, alice, plan, parts, kind, link):
    part = parts[kind.key]
    target_kind: PartKind = next(k for k in PART_KINDS if k.key == link.to)
    other = target_kind.model.objects.create(plan=plan, text="Linked 4711", position=2)

    _before, after, differences = change_and_check(
        client, alice, plan, kind.key, lambda: getattr(part, link.name).add(other), "Linked 4711"
    )
    row = next(r for r in after[kind.key] if r["id"] == part.pk)
    assert other.pk in row[link.name]
    labels = [c.label for d in differences for p in d.parts for c in p.fields]
    assert str(link.label) in labels


def declared_answers():
    return [(section, answer) for section in SECTIONS for answer in section.answers]


@pytest.mark.parametrize(
    ("section", "answer"),
    declared_answers(),
    ids=[f"{s.slug}.{a.name}" for s, a in declared_answers()],
)
def test_every_declared_answer_is_kept_and_shown(client, alice, plan, section, answer):
    old = getattr(plan, answer.name)
    value = (
        not old
        if isinstance(old, bool)
        else [v for v, _label in answer.choices if v != old][-1]
        if answer.choices
        else f"Marker {answer.name} 4711"
    )

    def write():
        Plan.objects.filter(pk=plan.pk).update(**{answer.name: value})

    shown = dict(answer.choices).get(value) if answer.choices else value
    if answer == SHARING:
        # Sharing is not content: a restore leaves it as it is, so it is checked here alone.
        before = plan_snapshot(plan)
        write()
        after = plan_snapshot(plan)
        assert after[SHARING.name] == value
        differences = compare(before, after)
    else:
        _before, after, differences = change_and_check(
            client, alice, plan, section.slug, write, expect_in_page=str(shown)
        )
        assert after["answers"][answer.name] == value
    labels = [c.label for d in differences for c in d.answers]
    assert str(answer.label) in labels


# Model fields each kind handles itself rather than through the declaration (see shape.py).
NOT_DECLARED = {"id", "plan", "position", "created_at", "updated_at"}
HANDLED_APART = {
    "outcomes": {"indicators"},
    "assumptions": {"barrier", "activity", "output", "outcome"},
}


@pytest.mark.parametrize("kind", PART_KINDS, ids=[k.key for k in PART_KINDS])
def test_every_field_of_a_part_model_is_declared(kind):
    model_fields = {
        f.name
        for f in kind.model._meta.get_fields()
        if f.concrete and not f.auto_created or f.many_to_many and not f.auto_created
    } - NOT_DECLARED
    declared = set(kind.field_names) | {link.name for link in kind.links}
    assert model_fields - HANDLED_APART.get(kind.key, set()) == declared, (
        f"Declare the fields of {kind.model.__name__} in theory_of_change/shape.py"
    )


def test_the_wizard_steps_and_item_kinds_follow_the_declared_shape():
    assert [step.slug for step in STEPS] == [section.slug for section in SECTIONS]
    assert [(i.slug, i.model, i.step) for i in ITEM_KINDS] == [
        (kind.key, kind.model, next(s.slug for s in SECTIONS if kind in s.parts))
        for kind in PART_KINDS
    ]


def test_choice_label_is_the_stored_choices_label_translated_once_and_unknown_values_shown():
    with translation.override("en-gb"):
        label = choice_label(EvidenceKind, "consultation")
        assert label == "Consultation or focus group"
        assert type(label) is str  # a translated string, not a lazy one read again per row
        # A value no longer among the choices (an older snapshot, say) is shown as stored.
        assert choice_label(EvidenceKind, "retired-kind") == "retired-kind"
