"""A toolkit update retires an indicator a plan uses and adds one worded much like it: the
import records it as the successor, the plan's owner is told, and the plan page offers to
switch in one step, a versioned change that moves the plan's measurements and target too."""

import datetime

import pytest
from django.urls import reverse

from domains.models import Indicator, IndicatorStatus
from evaluation.models import IndicatorTarget, Measurement
from tests.factories import measurement_group
from tests.toolkit_import.helpers import GOLDEN_ROWS, workbook
from theory_of_change.models import Notification, NotificationKind, Outcome, Plan, PlanVersion
from toolkit_import.services import toolkit_file_import

pytestmark = pytest.mark.django_db

QUALIFICATIONS = "% of adults with qualifications recognised"
REWORDED = "% of adults whose overseas qualifications are recognised in the UK"


@pytest.fixture
def replaced(team, alice, django_capture_on_commit_callbacks):
    """alice's plan uses QUALIFICATIONS, with a measurement and a target; then a toolkit update
    retires it and adds REWORDED (alike, but not enough to be taken for the same indicator)."""
    toolkit_file_import(data=workbook(), file_name="toolkit.xlsx")
    old = Indicator.objects.get(wording=QUALIFICATIONS)
    plan = Plan.objects.create(team=team, owner=alice, title="Skills recognised")
    outcome = Outcome.objects.create(plan=plan, text="Newcomers work at their level")
    outcome.indicators.add(old)
    Measurement.objects.create(
        plan=plan,
        indicator=old,
        group=measurement_group(plan),
        kind="baseline",
        measured_on=datetime.date(2026, 4, 1),
        value=12,
        source="Project records",
    )
    IndicatorTarget.objects.create(
        plan=plan, indicator=old, group=measurement_group(plan), value=30
    )
    rows = [list(r) for r in GOLDEN_ROWS]
    rows[2][2] = REWORDED
    with django_capture_on_commit_callbacks(execute=True):
        toolkit_file_import(data=workbook(rows), file_name="toolkit-2027.xlsx")
    old.refresh_from_db()
    return plan, outcome, old


def test_the_import_records_the_successor_of_a_retired_indicator_a_plan_uses(replaced):
    _plan, _outcome, old = replaced
    assert old.status == IndicatorStatus.RETIRED
    assert old.successor == Indicator.objects.get(wording=REWORDED)
    # Indicators no plan uses are retired without one: nobody has to switch from them.
    unused = Indicator.objects.filter(status=IndicatorStatus.RETIRED, outcomes__isnull=True)
    assert unused.exists()
    assert not unused.filter(successor__isnull=False).exists()


def test_the_owner_is_told_and_switches_in_one_step_with_measurements_and_target(
    client, alice, replaced
):
    plan, outcome, old = replaced
    new = old.successor
    notice = Notification.objects.get(user=alice, plan=plan, kind=NotificationKind.INDICATORS)
    assert f"“{REWORDED}” offered in its place" in notice.message
    client.force_login(alice)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "An update of the Home Office toolkit retired an indicator this plan uses" in page
    assert REWORDED in page
    assert "Switch to the new indicator" in page
    url = reverse(
        "theory_of_change:indicator_switch", kwargs={"plan_id": plan.pk, "indicator_id": old.pk}
    )
    before = Plan.objects.get(pk=plan.pk).version

    response = client.post(url, {"version": before})

    assert response.status_code == 302
    assert list(outcome.indicators.all()) == [new]
    assert Measurement.objects.get(plan=plan).indicator == new
    assert IndicatorTarget.objects.get(plan=plan).indicator == new
    version = PlanVersion.objects.get(plan=plan, number=before + 1)
    assert version.action == "indicator-switch"
    assert version.section == "outcomes"
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "now uses" in page
    assert "Switch to the new indicator" not in page
    history = client.get(reverse("theory_of_change:plan_history", kwargs={"plan_id": plan.pk}))
    assert "Switched a retired indicator to the toolkit’s new one" in history.content.decode()


def test_a_switch_from_a_stale_page_changes_nothing(client, alice, replaced):
    plan, outcome, old = replaced
    client.force_login(alice)
    url = reverse(
        "theory_of_change:indicator_switch", kwargs={"plan_id": plan.pk, "indicator_id": old.pk}
    )
    stale = Plan.objects.get(pk=plan.pk).version
    Outcome.objects.create(plan=plan, text="Another outcome")  # saved meanwhile, bypassing
    Plan.objects.filter(pk=plan.pk).update(version=stale + 1)
    PlanVersion.objects.create(
        plan=plan, number=stale + 1, section="outcomes", action="add", snapshot={}
    )

    response = client.post(url, {"version": stale}, follow=True)

    assert list(outcome.indicators.all()) == [old]
    assert Measurement.objects.get(plan=plan).indicator == old
    assert "saved" in response.content.decode().lower()


def test_only_those_who_may_change_the_plan_can_switch(client, lena, bob, replaced):
    plan, outcome, old = replaced
    url = reverse(
        "theory_of_change:indicator_switch", kwargs={"plan_id": plan.pk, "indicator_id": old.pk}
    )
    for person in (lena, bob):  # the team lead reviews; bob is in another team
        client.force_login(person)
        assert client.post(url, {"version": plan.version}).status_code == 404
    assert list(outcome.indicators.all()) == [old]
    plan.shared_with_team = True
    plan.save()
    client.force_login(lena)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert REWORDED in page  # the lead sees what replaced it ...
    assert "Switch to the new indicator" not in page  # ... but has no button


def test_an_indicator_with_nothing_to_switch_to_is_refused(client, alice, replaced):
    plan, _outcome, _old = replaced
    client.force_login(alice)
    other = Indicator.objects.filter(status=IndicatorStatus.ACTIVE).first()
    url = reverse(
        "theory_of_change:indicator_switch", kwargs={"plan_id": plan.pk, "indicator_id": other.pk}
    )
    assert client.post(url, {"version": plan.version}).status_code == 404
    assert client.get(url).status_code == 405
