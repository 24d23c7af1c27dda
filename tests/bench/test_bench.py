"""`manage.py bench --quick` keeps the benchmarks from rotting. It checks that the figures are
there, never how fast anything is: speed targets belong to the benchmark, not to tests."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.registry import (
    BenchContext,
    PageRequest,
    benchmark,
    key_page,
    registered_benchmarks,
    registered_key_pages,
)

# One run of `bench --quick` serves every test here: keep them on one pytest-xdist worker. The
# benchmarks set up their own databases, so bin/test runs them once, in the SQLite pass.
pytestmark = [pytest.mark.xdist_group("bench-quick-run"), pytest.mark.bench]

ROOT = Path(__file__).resolve().parents[2]
ISSUE_7_FIGURES = {
    "page_server_time_ratio",
    "page_query_growth",
    "toolkit_import_ratio",
    "import_peak_memory_mb",
    "pdf_export_ratio",
    "report_export_ratio",
    "load_error_rate",
    "load_p95_over_p50",
}


# Session scope, not module: pytest-xdist may run another module's test between these on the
# same worker, and a module-scoped fixture would then be torn down and the run made again.
@pytest.fixture(scope="session")
def quick_run(tmp_path_factory):
    output = tmp_path_factory.mktemp("bench") / "figures.json"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "bench", "--quick", "--json", str(output)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout, json.loads(output.read_text())


def test_a_quick_run_writes_every_figure_issue_7_asks_for(quick_run):
    _stdout, figures = quick_run
    assert set(figures) >= ISSUE_7_FIGURES


def test_the_page_figures_are_measured_and_the_unmeasurable_are_pending(quick_run):
    _stdout, figures = quick_run
    assert isinstance(figures["page_server_time_ratio"], float)
    assert figures["page_server_time_ratio"] > 0
    assert figures["page_query_growth"] >= 1
    assert figures["load_error_rate"] == "pending: not run with --quick"
    for name, value in figures.items():
        if isinstance(value, str):
            assert value.startswith("pending: "), name


def test_every_key_page_is_measured_at_both_scales(quick_run):
    _stdout, figures = quick_run
    measured = figures["page_queries_by_page"]
    for page in (
        "indicator bank",
        "framework",
        "domain",
        "plan page",
        "review page",
        "plan history",
        "evaluation page",
        "portfolio",
    ):
        assert f"{page} at 1x" in measured
        assert f"{page} at 2x" in measured


def test_each_figure_is_printed_on_its_own_line(quick_run):
    stdout, figures = quick_run
    lines = stdout.splitlines()
    for name in ISSUE_7_FIGURES:
        # A figure that is a mapping (peak memory by row count) prints one line per label.
        assert any(line.startswith((f"{name}: ", f"{name}[")) for line in lines), name


def test_a_benchmark_name_can_be_registered_only_once():
    @benchmark("test-only benchmark")
    def first(context: BenchContext):
        return {}

    with pytest.raises(ValueError, match="already registered"):

        @benchmark("test-only benchmark")
        def second(context: BenchContext):
            return {}

    assert registered_benchmarks()["test-only benchmark"] is first


def test_a_key_page_name_can_be_registered_only_once():
    @key_page("test-only page")
    def first(context: BenchContext, scale: int):
        return PageRequest(path="/")

    with pytest.raises(ValueError, match="already registered"):

        @key_page("test-only page")
        def second(context: BenchContext, scale: int):
            return PageRequest(path="/")

    assert registered_key_pages()["test-only page"] is first


def test_the_background_jobs_are_measured_by_a_real_worker_at_each_kind(quick_run):
    """Issue 15: export and import job durations, queue wait and peak memory, from real jobs."""
    _stdout, figures = quick_run
    kinds = {"evaluation-pdf", "evaluation-xlsx", "toolkit-preview", "toolkit-apply"}
    for name in ("jobs_job_seconds", "jobs_queue_wait_seconds", "jobs_peak_memory_mb"):
        assert set(figures[name]) == kinds, name
        assert all(value >= 0 for value in figures[name].values()), name
    # A job that ran makes its process grow: the peak is above the size before it.
    for kind in kinds:
        assert figures["jobs_peak_memory_mb"][kind] >= figures["jobs_baseline_memory_mb"][kind]


def test_the_toolkit_import_is_measured_for_its_ratio_and_peak_memory(quick_run):
    """The import's ratio to reading the workbook alone, and its peak memory at each size the
    quick run imports (it used to run the benchmark a second time, in a test of its own)."""
    _stdout, figures = quick_run
    assert figures["toolkit_import_ratio"] > 0
    assert set(figures["import_peak_memory_mb"]) == {"50", "200"}
    assert all(value > 0 for value in figures["import_peak_memory_mb"].values())
