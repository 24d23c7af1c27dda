"""The benchmark registry: the figures `manage.py bench` prints come from the functions the
modules of BENCHMARK_MODULES register, in that order.

A benchmark is a function registered with `@benchmark("name")`. It is called with the ORM
connected to a throwaway database that already holds the framework data (it may write to it),
and returns its figures: each a number, or a mapping of labels to numbers (for example peak
memory by row count), or a string "pending: <reason>" when it cannot be measured yet.
Figures are ratios against a floor measured in the same run wherever a speed is concerned,
because these machines are noisy. Benchmarks never decide pass or fail.

Key pages are a registry of their own: a module registers a page with `@key_page("name")`, a
function called with the context and a scale (1, then 10) that builds (or tops up) the data
the page shows at that scale and returns a `PageRequest`. The page benchmark (pages.py) times
each against a bare view rendering the base template, and counts its queries at each scale.
"""

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Figure = float | dict[str, float] | str
Figures = dict[str, Figure]


@dataclass(frozen=True)
class BenchContext:
    workdir: Path  # a temporary folder, removed when the run ends
    quick: bool  # small sizes: a smoke run that keeps the benchmark from rotting, not a figure


BenchmarkFunction = Callable[[BenchContext], Figures]

_registry: dict[str, BenchmarkFunction] = {}

# The key pages' timing (of the pages the other modules register), the framework and bank,
# plans, evaluation, the toolkit import, the background jobs at the largest sizes allowed, and
# the bank's search with 100,000 council indicators on both databases.
BENCHMARK_MODULES = (
    "bench.pages",
    "bench.framework",
    "bench.plans",
    "bench.evaluation",
    "bench.portfolio",
    "bench.readiness",
    "bench.toolkit_import",
    "bench.jobs",
    "bench.search",
)


def load_benchmarks() -> None:
    """Import every benchmark module, so that its benchmarks and key pages are registered."""
    for name in BENCHMARK_MODULES:
        importlib.import_module(name)


def benchmark(name: str) -> Callable[[BenchmarkFunction], BenchmarkFunction]:
    """Register a benchmark under a unique name."""

    def register(function: BenchmarkFunction) -> BenchmarkFunction:
        if name in _registry and _registry[name] is not function:
            raise ValueError(f"A benchmark called {name!r} is already registered.")
        _registry[name] = function
        return function

    return register


def registered_benchmarks() -> dict[str, BenchmarkFunction]:
    return dict(_registry)


@dataclass(frozen=True)
class PageRequest:
    path: str
    user: Any = None  # the user to request it as; None for an anonymous visitor


KeyPageFunction = Callable[[BenchContext, int], PageRequest]

_key_pages: dict[str, KeyPageFunction] = {}


def key_page(name: str) -> Callable[[KeyPageFunction], KeyPageFunction]:
    """Register a key page, timed and query-counted by the page benchmark."""

    def register(function: KeyPageFunction) -> KeyPageFunction:
        if name in _key_pages and _key_pages[name] is not function:
            raise ValueError(f"A key page called {name!r} is already registered.")
        _key_pages[name] = function
        return function

    return register


def registered_key_pages() -> dict[str, KeyPageFunction]:
    return dict(_key_pages)


def pending(reason: str) -> str:
    """The figure of something that cannot be measured yet, with the reason."""
    return f"pending: {reason}"


def as_after_autovacuum() -> None:
    """Give PostgreSQL's planner statistics for the rows a benchmark has just written, as
    autovacuum would have by the time anyone used them: without them the planner guesses
    (one row per table), reads whole tables where an index answers, and the figures are its
    guesses' (issue 20: the bank search at 10x, in one process, 13.7 the floor without, 5.4 with). SQLite
    keeps no statistics unless asked, as in production."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def child_environment(database: Path) -> dict[str, str]:
    """The environment of a benchmark's child process: production settings (DEBUG off, quiet
    logs) on its own SQLite database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ioi_planner.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-not-secret",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "",
        "LOG_LEVEL": "WARNING",
    }


def bench_people(*, scale: int):
    """The demo population times `scale`: 2 councils with a team each and 4 users per scale
    step (officers and a team lead), created once per step. Returns the first officer, whom
    the key pages are requested as."""
    from ioi_planner.models import Membership, Nation, Organisation, Role, Team, User

    officer = None
    for step in range(1, scale + 1):
        for number, nation in ((1, Nation.ENGLAND), (2, Nation.WALES)):
            organisation, _ = Organisation.objects.get_or_create(
                slug=f"bench-council-{step}-{number}",
                defaults={"name": f"Bench Council {step}-{number}", "nation": nation},
            )
            team, _ = Team.objects.get_or_create(organisation=organisation, name="Integration")
            for person, role in ((1, Role.OFFICER), (2, Role.TEAM_LEAD)):
                user, created = User.objects.get_or_create(
                    email=f"bench-{step}-{number}-{person}@bench.example",
                    defaults={"full_name": f"Bench User {step}-{number}-{person}"},
                )
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                Membership.objects.get_or_create(user=user, team=team, defaults={"role": role})
                if officer is None:
                    officer = user
    return officer
