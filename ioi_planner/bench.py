"""The benchmark registry: every app contributes its own figures from a `benchmarks` module.

`python manage.py bench` imports each installed app's `benchmarks` module (the way the admin
autodiscovers `admin` modules), so the core app can measure the features built on it without
importing them, and the apps keep depending one way.

A benchmark is a function registered with `@benchmark("name")`. It is called with the ORM
connected to a throwaway database that already holds the framework data (it may write to it),
and returns its figures: each a number, or a mapping of labels to numbers (for example peak
memory by row count). Figures are ratios against a floor measured in the same run wherever a
speed is concerned, because these machines are noisy. Benchmarks never decide pass or fail.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Figure = float | dict[str, float]
Figures = dict[str, Figure]


@dataclass(frozen=True)
class BenchContext:
    workdir: Path  # a temporary folder, removed when the run ends
    quick: bool  # small sizes: a smoke run that keeps the benchmark from rotting, not a figure


BenchmarkFunction = Callable[[BenchContext], Figures]

_registry: dict[str, BenchmarkFunction] = {}


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
