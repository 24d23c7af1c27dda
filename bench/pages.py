"""The key pages' benchmark: their server time and query growth.

Every page registered with `@key_page` is requested through the whole middleware stack with
Django's test client, at 1x and 10x data, and timed against a bare view that renders the base
template for the same user in the same run.

Run on SQLite (the command's default), it measures the same pages again on a throwaway
PostgreSQL server, what a council runs: a child `manage.py bench --only "key pages"` against
its own cluster, whose figures come back with a `_postgresql` suffix. Each database's ratios
are against its own floor, measured in its own run.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path

from bench.loadtest import Cluster, postgres_bin
from bench.registry import (
    BenchContext,
    Figures,
    as_after_autovacuum,
    benchmark,
    pending,
    registered_key_pages,
)
from ioi_planner import urls as project_urls

BARE_PATH = "/__bench__/bare/"
# Set in the child process that measures the pages on PostgreSQL, so that it does not start
# another one.
POSTGRESQL_CHILD = "IOI_BENCH_PAGES_ON_POSTGRESQL"
POSTGRESQL_FIGURES = (
    "page_server_time_ratio",
    "page_query_growth",
    "page_server_time_ratio_by_page",
    "page_queries_by_page",
)


def bare_view(request):
    """The floor: the base template with nothing on it, through the same middleware."""
    return render(request, "base.html")


def _urlconf_with_bare_view() -> ModuleType:
    module = ModuleType("ioi_planner_bench_urls")
    module.urlpatterns = [path(BARE_PATH.strip("/") + "/", bare_view), *project_urls.urlpatterns]
    return module


def page_settings() -> dict:
    """The settings pages are timed under: the bare view added, DEBUG off as in production,
    and nothing that the test client cannot use (HTTPS redirects, hashed static files)."""
    return {
        "ROOT_URLCONF": _urlconf_with_bare_view(),
        "ALLOWED_HOSTS": ["testserver"],
        "SECURE_SSL_REDIRECT": False,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "AXES_ENABLED": False,
        "DEBUG": False,  # as in production, whatever the command was started with
    }


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _median_seconds(client: Client, page_path: str, repeats: int) -> float:
    for _ in range(2):  # warm the template and query caches
        response = client.get(page_path, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{page_path} answered {response.status_code} in the benchmark")
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        client.get(page_path, secure=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _queries(client: Client, page_path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(page_path, secure=True)
    return len(captured)


@benchmark("key pages")
def key_pages(context: BenchContext) -> Figures:
    pages = registered_key_pages()
    if not pages:
        reason = pending("no key page is registered")
        return {"page_server_time_ratio": reason, "page_query_growth": reason}
    repeats = 3 if context.quick else 25
    scales = (1, 2) if context.quick else (1, 10)
    ratios: dict[str, dict[str, float]] = {}
    queries: dict[str, dict[int, int]] = {}
    with (
        warnings.catch_warnings(),
        override_settings(**page_settings()),
    ):
        # WhiteNoise warns that STATIC_ROOT is empty: the pages are timed without their assets.
        warnings.filterwarnings("ignore", message="No directory at")
        for scale in scales:
            for name, build in pages.items():
                request = build(context, scale)
                as_after_autovacuum()
                client = _client_for(request.user)
                floor = _median_seconds(client, BARE_PATH, repeats)
                page = _median_seconds(client, request.path, repeats)
                ratios.setdefault(name, {})[f"{scale}x"] = round(page / floor, 2)
                queries.setdefault(name, {})[scale] = _queries(client, request.path)
    low, high = scales
    growth = {
        name: round(counts[high] / counts[low], 2) if counts[low] else float(counts[high] > 0)
        for name, counts in queries.items()
    }
    return {
        **_on_postgresql(context),
        "page_server_time_ratio": max(ratio[f"{high}x"] for ratio in ratios.values()),
        "page_query_growth": max(growth.values()),
        "page_server_time_ratio_by_page": {
            f"{name} at {label}": value
            for name, by_scale in ratios.items()
            for label, value in by_scale.items()
        },
        "page_queries_by_page": {
            f"{name} at {scale}x": count
            for name, by_scale in queries.items()
            for scale, count in by_scale.items()
        },
    }


def _on_postgresql(context: BenchContext) -> Figures:
    """The same pages on a throwaway PostgreSQL cluster, measured by a child process (settings
    name one database per process), as figures with a `_postgresql` suffix."""
    names = [f"{name}_postgresql" for name in POSTGRESQL_FIGURES]
    if os.environ.get(POSTGRESQL_CHILD) or connection.vendor != "sqlite":
        return {}  # the child itself, or a run already on PostgreSQL: its figures are these
    if context.quick:
        return dict.fromkeys(names, pending("not run with --quick"))
    bin_dir = postgres_bin()
    if bin_dir is None:
        return dict.fromkeys(names, pending("PostgreSQL is not installed"))
    cluster = Cluster(bin_dir)
    figures_file = context.workdir / "key-pages-postgresql.json"
    try:
        cluster.start()
        child = subprocess.run(  # noqa: S603 - our own manage.py
            [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "bench",
                "--only",
                "key pages",
                "--json",
                str(figures_file),
            ],
            env={**os.environ, "DATABASE_URL": cluster.url, POSTGRESQL_CHILD: "1"},
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if child.returncode:
            raise RuntimeError(f"The key pages on PostgreSQL failed:\n{child.stderr[-3000:]}")
    finally:
        cluster.stop()
    measured = json.loads(figures_file.read_text())
    return {f"{name}_postgresql": measured[name] for name in POSTGRESQL_FIGURES}
