"""The benchmark runs (in its quick form) and reports the figures it promises."""

import pytest

from bench import toolkit_import  # noqa: F401 - registers the benchmark
from bench.registry import BenchContext, registered_benchmarks

pytestmark = [pytest.mark.django_db, pytest.mark.bench]


def test_the_toolkit_import_benchmark_reports_its_ratio_and_peak_memory(tmp_path):
    figures = registered_benchmarks()["toolkit_import"](BenchContext(workdir=tmp_path, quick=True))

    assert figures["toolkit_import_ratio"] > 0
    assert set(figures["import_peak_memory_mb"]) == {"50", "200"}
    assert all(value > 0 for value in figures["import_peak_memory_mb"].values())
