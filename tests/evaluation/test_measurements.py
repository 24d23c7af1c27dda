"""Measurements of the plan's indicators for its groups, and the chart of progress and gaps."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import services
from evaluation.models import Measurement
from evaluation.selectors import evaluation_for_display, plan_indicators
from tests.factories import OutcomeFactory, measurement_group
from theory_of_change.models import Plan

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def version_of(plan) -> int:
    return Plan.objects.values_list("version", flat=True).get(pk=plan.pk)


def add_url(plan) -> str:
    return reverse("evaluation:measurement_add", kwargs={"plan_id": plan.pk})


def list_url(plan) -> str:
    return reverse("evaluation:measurement_list", kwargs={"plan_id": plan.pk})


def measurement_post(plan, indicator, **changes) -> dict:
    data = {
        "version": version_of(plan),
        "indicator": indicator.pk,
        "group": "newcomers",
        "kind": "baseline",
        "measured_on_0": "1",
        "measured_on_1": "4",
        "measured_on_2": "2026",
        "value": "20",
        "source": "Café survey, April 2026",
    }
    data.update(changes)
    return data


def measure(plan, indicator, group, kind, on, value, source="Café survey"):
    """Record a value for a ready-made group (by kind) or one of the plan's own (by name)."""
    return services.measurement_add(
        plan=plan,
        version=version_of(plan),
        indicator=indicator,
        group=measurement_group(plan, group),
        kind=kind,
        measured_on=on,
        value=Decimal(value),
        source=source,
    )


def aim(plan, indicator, **changes):
    """A target of 50 by April 2027 for the newcomers, rising."""
    target = {
        "group": measurement_group(plan, "newcomers"),
        "value": Decimal("50"),
        "due_on": date(2027, 4, 1),
        "direction": "increase",
        **changes,
    }
    return services.target_add(plan=plan, version=version_of(plan), indicator=indicator, **target)


def test_the_owner_records_a_baseline(client, alice, plan, outcome, indicator):
    client.force_login(alice)
    response = client.post(add_url(plan), measurement_post(plan, indicator))
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert (str(measurement.group), measurement.kind, measurement.value) == (
        "Newcomers",
        "baseline",
        Decimal("20"),
    )
    assert measurement.measured_on == date(2026, 4, 1)


def test_a_measurement_for_an_indicator_the_plan_does_not_use_is_refused(
    client, alice, plan, outcome, other_indicator
):
    client.force_login(alice)
    before = version_of(plan)
    response = client.post(add_url(plan), measurement_post(plan, other_indicator))
    assert response.status_code == 200
    assert "Select an indicator that one of the plan’s outcomes uses" in response.content.decode()
    assert not Measurement.objects.exists()
    assert version_of(plan) == before


def test_the_service_refuses_an_indicator_the_plan_does_not_use(plan, outcome, other_indicator):
    with pytest.raises(ValidationError):
        measure(plan, other_indicator, "newcomers", "baseline", date(2026, 4, 1), "3")
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("value", ["twenty", "12,5%", "1e3x", ""])
def test_a_value_that_is_not_a_number_is_refused(client, alice, plan, outcome, indicator, value):
    client.force_login(alice)
    response = client.post(add_url(plan), measurement_post(plan, indicator, value=value))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the value" in page
    assert 'href="#id_value"' in page
    assert not Measurement.objects.exists()


def test_a_date_that_does_not_exist_is_refused(client, alice, plan, outcome, indicator):
    client.force_login(alice)
    response = client.post(
        add_url(plan), measurement_post(plan, indicator, measured_on_0="31", measured_on_1="2")
    )
    assert "Enter the date it was measured as a real date" in response.content.decode()
    assert not Measurement.objects.exists()


def test_the_chart_is_an_accessible_image_beside_a_table_of_the_same_numbers(
    client, lena, plan, outcome, indicator
):
    measure(plan, indicator, "newcomers", "baseline", date(2026, 4, 1), "20")
    measure(plan, indicator, "newcomers", "later", date(2026, 10, 1), "35")
    measure(plan, indicator, "all", "baseline", date(2026, 4, 1), "45")
    aim(plan, indicator)
    client.force_login(lena)
    page = client.get(list_url(plan)).content.decode()
    start = page.index("<svg")
    svg = ET.fromstring(page[start : page.index("</svg>", start) + len("</svg>")])  # noqa: S314
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    assert title.text == f"Progress of ‘{indicator.wording}’ over time, by group"
    # One line through the newcomers' two values; a marker for each value and one (open) for
    # the target, the groups' markers of different shapes and their lines of different styles.
    [line] = svg.findall(f".//{SVG}polyline")
    assert len(line.get("points").split()) == 2
    series = svg.findall(f".//{SVG}g[@class='app-chart-series']")
    assert len(series) == 2
    newcomers_marks = [
        child.tag for child in series[0] if "app-chart-point" in child.get("class", "")
    ]
    everyone_marks = [
        child.tag for child in series[1] if "app-chart-point" in child.get("class", "")
    ]
    assert (len(newcomers_marks), len(everyone_marks)) == (2, 1)
    assert newcomers_marks[0] != everyone_marks[0]  # a circle and a square
    assert len(svg.findall(".//*[@class='app-chart-target']")) == 2  # the target, the legend's
    labels = [text.text for text in svg.iter(f"{SVG}text")]
    assert {"Apr 2026", "Apr 2027"} <= set(labels)  # dates along the axis
    assert {"Newcomers", "All residents"} <= set(labels)  # the legend
    table_id = svg.get("aria-describedby")
    table = page[
        page.index(f'id="{table_id}"') : page.index("</table>", page.index(f'id="{table_id}"'))
    ]
    for cell in ("20", "35", "45", "target 50"):
        assert f">{cell}</td>" in table
    assert "Record a measurement" not in page  # the team lead only reads


def test_a_target_for_an_indicator_the_plan_does_not_use_is_not_found(
    client, alice, plan, outcome, other_indicator
):
    client.force_login(alice)
    url = reverse(
        "evaluation:target_set", kwargs={"plan_id": plan.pk, "indicator_id": other_indicator.pk}
    )
    assert client.get(url).status_code == 404


def test_the_owner_removes_a_measurement_and_a_stale_remove_is_refused(
    client, alice, plan, outcome, indicator
):
    measurement = measure(plan, indicator, "newcomers", "baseline", date(2026, 4, 1), "20")
    url = reverse(
        "evaluation:measurement_remove",
        kwargs={"plan_id": plan.pk, "measurement_id": measurement.pk},
    )
    client.force_login(alice)
    # The list links to a confirmation page, which says what goes, and removes nothing yet.
    assert url in client.get(list_url(plan)).content.decode()
    page = client.get(url).content.decode()
    assert "Are you sure you want to remove this measurement?" in page
    assert "Newcomers, 1 April 2026: 20" in page
    assert "Yes, remove it" in page
    assert Measurement.objects.exists()
    client.post(url, {"version": version_of(plan) - 1})
    assert Measurement.objects.exists()
    client.post(url, {"version": version_of(plan)})
    assert not Measurement.objects.exists()


def test_measurements_of_an_indicator_the_plan_stopped_using_are_still_shown(
    client, alice, plan, outcome, indicator
):
    measure(plan, indicator, "newcomers", "baseline", date(2026, 4, 1), "20")
    outcome.indicators.clear()
    client.force_login(alice)
    page = client.get(list_url(plan)).content.decode()
    assert indicator.wording in page
    assert "Café survey" in page
    assert "No outcome of the plan uses this indicator any more." in page


def test_the_page_lists_indicators_as_the_plan_orders_them_in_a_fixed_number_of_queries(
    client, alice, plan, outcome, indicator, other_indicator, django_assert_max_num_queries
):
    # Added in the opposite of the bank's order: the page follows the outcomes, then the bank,
    # as the evaluation page and the exports do.
    later = indicator.domain.indicators.order_by("code")[1]
    outcome.indicators.set([later, indicator])
    OutcomeFactory(plan=plan, text="People find work").indicators.add(other_indicator)
    measure(plan, later, "newcomers", "baseline", date(2026, 4, 1), "20")
    aim(plan, later, unit="%")
    client.force_login(alice)
    with CaptureQueriesContext(connection) as few:
        page = client.get(list_url(plan)).content.decode()
    expected = [i.wording for i in plan_indicators(evaluation_for_display(plan=plan))]
    assert expected == [indicator.wording, later.wording, other_indicator.wording]
    positions = [page.index(wording) for wording in expected]
    assert positions == sorted(positions)
    assert ">50 % (by Apr 2027)</td>" in page  # the target's unit and date
    for number in range(3, 9):  # more indicators measured, more values: no more queries
        extra = OutcomeFactory(plan=plan, text=f"Outcome {number}")
        more = indicator.domain.indicators.order_by("code")[number]
        extra.indicators.add(more)
        measure(plan, more, "newcomers", "baseline", date(2026, 4, 1), "10")
        measure(plan, more, "all", "later", date(2026, 9, 1), "12")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(list_url(plan)).status_code == 200


def test_each_value_s_row_escapes_what_people_typed_and_names_what_its_link_removes(
    client, alice, lena, plan, outcome, indicator
):
    # The rows are written by the view, not the template: what was typed is text, never markup.
    group, source = '<i>Café</i> "regulars"', "<script>alert(1)</script> & survey"
    measurement = measure(plan, indicator, group, "baseline", date(2026, 4, 1), "1234.50", source)
    client.force_login(alice)
    page = client.get(list_url(plan)).content.decode()
    assert "<script>alert(1)" not in page
    assert "<i>Café" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; survey</td>" in page
    assert ">1234.50</td>" in page
    remove = reverse(
        "evaluation:measurement_remove",
        kwargs={"plan_id": plan.pk, "measurement_id": measurement.pk},
    )
    assert (
        f'<a class="govuk-link" href="{remove}">Remove<span class="govuk-visually-hidden"> '
        "the value for &lt;i&gt;Café&lt;/i&gt; &quot;regulars&quot; on 1 April 2026</span></a>"
    ) in page
    client.force_login(lena)  # the team lead reads: no remove links
    assert remove not in client.get(list_url(plan)).content.decode()


def test_the_progress_and_parity_tables_give_each_group_s_figures_and_a_dash_for_none(
    client, lena, plan, outcome, indicator
):
    measure(plan, indicator, "newcomers", "baseline", date(2026, 4, 1), "20")
    measure(plan, indicator, "newcomers", "later", date(2026, 10, 1), "35.5")
    measure(plan, indicator, "receiving", "baseline", date(2026, 4, 1), "45")
    aim(plan, indicator, unit="people")
    client.force_login(lena)
    page = client.get(list_url(plan)).content.decode()
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    head = '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>'
    # Progress by group: baseline, latest, next target with unit and date, progress, status.
    newcomers = head.format("Newcomers") + "".join(
        cell.format(text) for text in ("20", "35.50", "50 people (by Apr 2027)", "52%")
    )
    assert newcomers + '<td class="govuk-table__cell">On track</td></tr>' in page
    receiving = head.format("The receiving community (long-standing residents)") + "".join(
        cell.format(text) for text in ("45", "–", "–", "–")
    )
    assert receiving + '<td class="govuk-table__cell">No target yet</td></tr>' in page
    # Parity, as at each date: the receiving community's value less the newcomers'.
    assert head.format("1 Apr 2026") + "".join(cell.format(t) for t in ("20", "45", "25")) in page
    october = head.format("1 Oct 2026") + "".join(cell.format(t) for t in ("35.50", "45", "9.50"))
    assert october in page
