"""The load test counts, after PostgreSQL's restart, that every write the server acknowledged
is still stored. These tests check that counting on rows made here, not the load test itself."""

import pytest
from django.db import connection

from bench.loadtest import _count_stored, _count_stored_impacts, _figures, _writes_by_kind
from tests.factories import PlanFactory
from theory_of_change.models import Outcome


def test_writes_are_read_by_kind_and_only_the_last_impact_of_a_plan_counts(tmp_path):
    writes = tmp_path / "writes.txt"
    writes.write_text(
        "session abc\n"
        "outcome Neighbours meet 1\n"
        "impact 11111111-1111-1111-1111-111111111111 First impact\n"
        "outcome Neighbours meet 1\n"
        "impact 11111111-1111-1111-1111-111111111111 Second impact\n"
        "\n"
    )
    by_kind, last_impact = _writes_by_kind(writes)
    assert by_kind == {"session": {"abc"}, "outcome": {"Neighbours meet 1"}}
    assert last_impact == {"11111111-1111-1111-1111-111111111111": "Second impact"}


def _database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_stored_writes_are_counted_and_missing_ones_are_not():
    if connection.vendor != "postgresql":
        pytest.skip("the load test counts writes in its PostgreSQL cluster")
    plan = PlanFactory(impact="Stored impact")
    Outcome.objects.create(plan=plan, text="Stored outcome")
    url = _database_url()
    assert _count_stored(url, "outcome", {"Stored outcome", "Lost outcome"}) == 1
    stored = _count_stored_impacts(url, {str(plan.pk): "Stored impact"})
    overwritten = _count_stored_impacts(url, {str(plan.pk): "An older impact"})
    assert (stored, overwritten) == (1, 0)


STATS_HEADER = "Type,Name,Request Count,Failure Count,50%,95%"


def test_figures_leave_out_requests_made_only_before_the_reset(tmp_path):
    """Sign-ins happen before the figures are reset, so their row has no times ("N/A")."""
    prefix = tmp_path / "locust"
    (tmp_path / "locust_stats.csv").write_text(
        f"{STATS_HEADER}\n"
        "GET,plan page,10,0,40,90\n"
        "POST,sign in,0,0,N/A,N/A\n"
        ",Aggregated,10,0,40,90\n"
    )
    (tmp_path / "locust_failures.csv").write_text("Method,Name,Error,Occurrences\n")
    (tmp_path / "locust_stats_history.csv").write_text("Timestamp,Name,Total Failure Count\n")
    writes = tmp_path / "writes.txt"
    writes.write_text("")
    figures = _figures(prefix, writes, "postgres://unused", {})
    assert figures["load_p95_over_p50"] == 2.25
    assert figures["load_p50_ms_by_request"] == {"plan page": 40.0}
