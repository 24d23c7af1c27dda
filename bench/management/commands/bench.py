"""python manage.py bench [--json FILE] [--quick]: the benchmark figures, against the targets.

Builds its own data in a throwaway database (Django's test database for the configured
server: in memory for SQLite), runs every benchmark of bench.registry.BENCHMARK_MODULES, then the load test against gunicorn and a throwaway PostgreSQL cluster.
Prints each figure on its own line and writes them all as JSON. Never pass or fail: a figure
that cannot be measured yet is "pending: <reason>".
"""

import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.test.utils import setup_databases, teardown_databases

from bench.registry import (
    BenchContext,
    Figures,
    load_benchmarks,
    pending,
    registered_benchmarks,
)
from domains.services import framework_load

# Figures issue 7 asks for, and why each is pending until its benchmark is registered.
EXPECTED = {
    "page_server_time_ratio": "no key page is registered",
    "page_query_growth": "no key page is registered",
    "toolkit_import_ratio": "the toolkit import has not registered its benchmark yet",
    "import_peak_memory_mb": "the toolkit import has not registered its benchmark yet",
    "pdf_export_ratio": "the evaluation app has not registered its benchmark",
    "report_export_ratio": "the evaluation app has not registered the plan report's benchmark",
    "load_error_rate": "the load test did not run",
    "load_p95_over_p50": "the load test did not run",
}


def format_figure(name: str, value) -> list[str]:
    if isinstance(value, dict):
        return [f"{name}[{label}]: {number}" for label, number in value.items()]
    return [f"{name}: {value}"]


class Command(BaseCommand):
    help = "Measure the benchmark figures (never pass or fail) and write them as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_path", help="Write the figures to this file.")
        parser.add_argument(
            "--quick",
            action="store_true",
            help="Tiny sizes and no load test: a smoke run, not figures to quote.",
        )
        parser.add_argument(
            "--only",
            action="append",
            metavar="NAME",
            help="Run only this benchmark (repeatable; e.g. --only 'key pages'); no load test.",
        )
        parser.add_argument("--users", type=int, default=100, help="Load test virtual users.")
        parser.add_argument("--seconds", type=int, default=240, help="Load test duration.")
        # Used by the load test itself, in a process connected to its PostgreSQL cluster.
        parser.add_argument("--load-seed", dest="load_seed", help=None)

    def handle(self, *args, json_path=None, quick=False, load_seed=None, only=None, **options):
        if load_seed:
            from bench.loadtest.seed import load_seed as seed

            seed(path=Path(load_seed), users=options["users"])
            return
        load_benchmarks()
        figures: Figures = {}
        failed = []
        with tempfile.TemporaryDirectory(prefix="ioi-bench-") as workdir:
            context = BenchContext(workdir=Path(workdir), quick=quick)
            self._in_throwaway_database(context, figures, failed, only)
            if only:
                pass  # one benchmark asked for: its figures only
            elif quick:
                for name in ("load_error_rate", "load_p95_over_p50"):
                    figures[name] = pending("not run with --quick")
            else:
                from bench.loadtest import run_load_test

                self.stdout.write("Load test: starting PostgreSQL and gunicorn …")
                figures.update(
                    run_load_test(
                        workdir=Path(workdir),
                        users=options["users"],
                        seconds=options["seconds"],
                        log=lambda line: self.stdout.write(line),
                    )
                )
        for name, reason in EXPECTED.items():
            if not only:
                figures.setdefault(name, pending(reason))
        for name, value in figures.items():
            for line in format_figure(name, value):
                self.stdout.write(line)
        if json_path:
            Path(json_path).write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
            self.stdout.write(f"Written to {json_path}")
        if failed:
            raise CommandError(f"These benchmarks failed: {', '.join(failed)}")

    def _in_throwaway_database(
        self, context: BenchContext, figures: Figures, failed: list, only: list[str] | None
    ):
        # A name of its own, so that a test run on the same server is never touched.
        test_settings = connections["default"].settings_dict.setdefault("TEST", {})
        if connections["default"].vendor != "sqlite":
            test_settings["NAME"] = f"ioi_planner_bench_{os.getpid()}"
        old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            framework_load()
            benchmarks = registered_benchmarks()
            unknown = set(only or ()) - set(benchmarks)
            if unknown:
                raise CommandError(
                    f"No benchmark named {', '.join(sorted(unknown))}; "
                    f"there are: {', '.join(benchmarks)}"
                )
            for name, function in benchmarks.items():
                if only and name not in only:
                    continue
                self.stdout.write(f"Running {name} …")
                try:
                    figures.update(function(context))
                except Exception:  # noqa: BLE001 - report every benchmark, then fail
                    traceback.print_exc(file=sys.stderr)
                    failed.append(name)
        finally:
            teardown_databases(old_config, verbosity=0)
