"""Groups defined once per plan, dated targets per group, and progress over time (issue 18)."""

from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import groups, services
from evaluation.models import IndicatorTarget, Measurement, MeasurementGroup
from evaluation.progress import Status, indicator_progress
from evaluation.selectors import evaluation_for_display
from tests.evaluation.test_measurements import measure, version_of
from tests.factories import measurement_group

pytestmark = pytest.mark.django_db


def aim(plan, indicator, group, value, due_on, direction="increase"):
    return services.target_add(
        plan=plan,
        version=version_of(plan),
        indicator=indicator,
        group=measurement_group(plan, group),
        value=Decimal(value),
        due_on=due_on,
        direction=direction,
    )


def progress_of(plan, today):
    [figures] = indicator_progress(evaluation_for_display(plan=plan), today=today)
    return figures


# -- Groups ---------------------------------------------------------------------------------


def test_every_plan_offers_the_ready_made_groups_before_any_is_saved(plan):
    assert [label for _value, label in groups.group_choices(plan)] == [
        "Newcomers",
        "The receiving community (long-standing residents)",
        "All residents",
    ]
    assert not MeasurementGroup.objects.exists()


def test_an_own_group_is_named_once_whatever_its_spacing_or_case(plan):
    groups.group_add(plan=plan, version=version_of(plan), name="  Young   people ")
    assert MeasurementGroup.objects.get().name == "Young people"
    for name in ("young people", "YOUNG PEOPLE", "newcomers", "All residents"):
        with pytest.raises(ValidationError):
            groups.group_add(plan=plan, version=version_of(plan), name=name)
    assert MeasurementGroup.objects.count() == 1
    assert [label for _value, label in groups.group_choices(plan)][-1] == "Young people"


def test_a_group_in_use_is_not_removed_and_the_page_names_what_uses_it(
    client, alice, plan, outcome, indicator
):
    measure(plan, indicator, "Afghan families", "baseline", date(2026, 4, 1), "20")
    group = MeasurementGroup.objects.get(name="Afghan families")
    url = reverse("evaluation:group_remove", kwargs={"plan_id": plan.pk, "group_id": group.pk})
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert f"a measurement of “{indicator.wording}” on 1 April 2026" in page
    response = client.post(url, {"version": version_of(plan)}, follow=True)
    assert "is used by" in response.content.decode()
    assert MeasurementGroup.objects.filter(pk=group.pk).exists()
    Measurement.objects.all().delete()
    client.post(url, {"version": version_of(plan)})
    assert not MeasurementGroup.objects.filter(pk=group.pk).exists()


def test_the_groups_page_adds_a_group_and_keeps_what_was_typed_on_an_error(client, alice, plan):
    client.force_login(alice)
    url = reverse("evaluation:group_list", kwargs={"plan_id": plan.pk})
    assert (
        client.post(url, {"name": "Young people", "version": version_of(plan)}).status_code == 302
    )
    response = client.post(url, {"name": "young  PEOPLE", "version": version_of(plan)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The plan already has a group with this name" in page
    assert 'value="young  PEOPLE"' in page
    assert MeasurementGroup.objects.count() == 1


def test_a_measurement_picks_one_of_the_plan_s_groups(client, alice, plan, outcome, indicator):
    client.force_login(alice)
    url = reverse("evaluation:measurement_add", kwargs={"plan_id": plan.pk})
    data = {
        "version": version_of(plan),
        "indicator": indicator.pk,
        "group": "Newcomers typed freely",
        "kind": "baseline",
        "measured_on_0": "1",
        "measured_on_1": "4",
        "measured_on_2": "2026",
        "value": "20",
        "source": "Survey",
    }
    page = client.post(url, data).content.decode()
    assert "Select one of the plan’s groups" in page
    assert not Measurement.objects.exists()
    assert client.post(url, {**data, "group": "receiving"}).status_code == 302
    assert str(Measurement.objects.get().group).startswith("The receiving community")


def test_free_text_groups_are_folded_into_the_plan_s_groups_by_the_migration(plan, indicator):
    """The data step of the migration, run on rows as they were: nothing is lost, one spelling
    per group, and the ready-made names become the ready-made groups."""
    migration = import_module("evaluation.migrations.0004_measurement_groups_from_text")
    rows = ["Newcomers", " newcomers ", "Receiving  community", "Young people", "young PEOPLE"]

    class Row:
        def __init__(self, text):
            self.plan_id, self.group, self.group_ref = plan.pk, text, None

        def save(self, update_fields):
            saved.append(self)

    saved: list = []

    class Rows:
        @staticmethod
        def order_by(*_args):
            return [Row(text) for text in rows]

    class FakeApps:
        @staticmethod
        def get_model(app, name):
            if name == "Measurement":
                return type("M", (), {"objects": Rows})
            if name == "IndicatorTarget":
                return type("T", (), {"objects": type("E", (), {"order_by": lambda *a: []})})
            return django_apps.get_model(app, name)

    migration.groups_from_text(FakeApps, None)
    assert len(saved) == len(rows)
    names = [str(row.group_ref) for row in saved]
    assert names[0] == names[1] == "Newcomers"
    assert names[2].startswith("The receiving community")
    assert names[3] == names[4] == "Young people"
    assert MeasurementGroup.objects.count() == 3


# -- Targets and progress -------------------------------------------------------------------


def test_progress_runs_from_the_baseline_to_the_next_target(plan, outcome, indicator):
    measure(plan, indicator, "newcomers", "baseline", date(2026, 1, 1), "20")
    measure(plan, indicator, "newcomers", "later", date(2026, 7, 1), "35")
    aim(plan, indicator, "newcomers", "40", date(2026, 12, 31))
    aim(plan, indicator, "newcomers", "60", date(2027, 12, 31))
    figures = progress_of(plan, today=date(2026, 8, 1))
    [newcomers] = figures.groups
    assert newcomers.next_target.value == Decimal("40")  # the first not yet due
    assert newcomers.progress == 75  # (35 - 20) / (40 - 20)
    assert newcomers.status == Status.ON_TRACK  # half the time gone, three quarters done
    assert figures.status == Status.ON_TRACK


def test_a_group_behind_its_pace_and_one_without_recent_data(plan, outcome, indicator):
    measure(plan, indicator, "newcomers", "baseline", date(2026, 1, 1), "20")
    measure(plan, indicator, "newcomers", "later", date(2026, 12, 1), "22")
    aim(plan, indicator, "newcomers", "40", date(2026, 12, 31))
    measure(plan, indicator, "receiving", "baseline", date(2024, 1, 1), "50")
    measure(plan, indicator, "receiving", "later", date(2024, 6, 1), "52")
    aim(plan, indicator, "receiving", "60", date(2027, 12, 31))
    figures = progress_of(plan, today=date(2026, 12, 15))
    newcomers, receiving = figures.groups
    assert newcomers.status == Status.BEHIND
    assert receiving.status == Status.NO_RECENT_DATA
    assert figures.status == Status.BEHIND


def test_a_decrease_and_a_maintain_target_and_a_met_one(plan, outcome, indicator):
    measure(plan, indicator, "newcomers", "baseline", date(2026, 1, 1), "30")
    measure(plan, indicator, "newcomers", "later", date(2026, 6, 1), "18")
    aim(plan, indicator, "newcomers", "20", date(2026, 12, 31), direction="decrease")
    measure(plan, indicator, "all", "baseline", date(2026, 1, 1), "50")
    measure(plan, indicator, "all", "later", date(2026, 6, 1), "49")
    aim(plan, indicator, "all", "50", date(2026, 12, 31), direction="maintain")
    figures = progress_of(plan, today=date(2026, 7, 1))
    newcomers, everyone = figures.groups
    assert newcomers.status == Status.MET
    assert everyone.status == Status.ON_TRACK  # 49 is within 5% of 50
    assert figures.status == Status.ON_TRACK


def test_parity_between_newcomers_and_the_receiving_community_at_each_date(
    plan, outcome, indicator
):
    measure(plan, indicator, "newcomers", "baseline", date(2026, 1, 1), "20")
    measure(plan, indicator, "receiving", "baseline", date(2026, 1, 1), "50")
    measure(plan, indicator, "newcomers", "later", date(2026, 6, 1), "35")
    figures = progress_of(plan, today=date(2026, 7, 1))
    assert [(row.on, row.gap) for row in figures.parity] == [
        (date(2026, 1, 1), Decimal("30")),
        (date(2026, 6, 1), Decimal("15")),  # the receiving community as at that date: 50
    ]
    assert figures.status == Status.NO_TARGET


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "10"}, "value", "For an increase, the target must be higher than the baseline"),
        (
            {"direction": "decrease", "value": "30"},
            "value",
            "For a decrease, the target must be lower than the baseline",
        ),
        ({"due_on_2": "2025"}, "due_on", "The date must be after the baseline"),
        ({"due_on_0": "31", "due_on_1": "2"}, "due_on", "as a real date"),
        ({"value": "sixty"}, "value", "Enter the target as a number"),
        ({"group": ""}, "group", "Select the group the value is for"),
    ],
)
def test_a_target_that_cannot_be_right_is_refused_linked_to_its_field(
    client, alice, plan, outcome, indicator, changes, field, message
):
    measure(plan, indicator, "newcomers", "baseline", date(2026, 4, 1), "20")
    client.force_login(alice)
    url = reverse(
        "evaluation:target_set", kwargs={"plan_id": plan.pk, "indicator_id": indicator.pk}
    )
    data = {
        "version": version_of(plan),
        "group": "newcomers",
        "direction": "increase",
        "value": "60",
        "unit": "%",
        "due_on_0": "31",
        "due_on_1": "3",
        "due_on_2": "2027",
        **changes,
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'href="#id_{field}' in page
    assert not IndicatorTarget.objects.exists()


def test_the_owner_adds_two_dated_targets_and_removes_one(client, alice, plan, outcome, indicator):
    client.force_login(alice)
    url = reverse(
        "evaluation:target_set", kwargs={"plan_id": plan.pk, "indicator_id": indicator.pk}
    )
    for year, value in (("2027", "40"), ("2028", "60")):
        data = {
            "version": version_of(plan),
            "group": "newcomers",
            "direction": "increase",
            "value": value,
            "unit": "%",
            "due_on_0": "31",
            "due_on_1": "3",
            "due_on_2": year,
        }
        assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "31 March 2027" in page
    assert "31 March 2028" in page
    target = IndicatorTarget.objects.get(value=40)
    remove = reverse(
        "evaluation:target_remove",
        kwargs={"plan_id": plan.pk, "indicator_id": indicator.pk, "target_id": target.pk},
    )
    assert remove in page
    client.post(remove, {"version": version_of(plan)})
    assert list(IndicatorTarget.objects.values_list("value", flat=True)) == [Decimal("60")]


def test_a_plan_deleted_takes_its_groups_measurements_and_targets_with_it(plan, outcome, indicator):
    measure(plan, indicator, "Young people", "baseline", date(2026, 1, 1), "20")
    aim(plan, indicator, "Young people", "40", date(2027, 1, 1))
    plan.delete()
    assert not Measurement.objects.exists()
    assert not MeasurementGroup.objects.exists()
    assert not IndicatorTarget.objects.exists()


def test_the_database_keeps_a_group_that_measurements_use(plan, outcome, indicator):
    """The service refuses first (above); the database would too, should anything else try."""
    from django.db.models import RestrictedError

    measure(plan, indicator, "Young people", "baseline", date(2026, 1, 1), "20")
    with pytest.raises(RestrictedError):
        MeasurementGroup.objects.get(name="Young people").delete()
