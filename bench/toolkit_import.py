"""Benchmark: how long an import takes against openpyxl's own read-only iteration of the same
file (a ratio, so a noisy machine matters less), and peak memory at 1,000 and 100,000 rows.

Peak memory is the peak resident set size (VmHWM) of a fresh subprocess that sets up Django
and imports one generated workbook into an SQLite database that another subprocess migrated and
loaded with the framework beforehand (so migrating does not set the high-water mark). It is the honest figure for "how much memory does an import need": it counts what C
code (the XML parser, SQLite) allocates, which tracemalloc would miss, and it is not inflated by
the parent process. It includes the interpreter and Django (the baseline, reported alongside).

Run it now with `python -m bench.toolkit_import` (add `--quick` for a smoke run); `manage.py bench`
runs it with the other benchmarks.
"""

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from django.db import transaction

from bench.registry import BenchContext, benchmark, child_environment
from toolkit_import import generator

RATIO_ROWS = 20_000
MEMORY_ROWS = (1_000, 100_000)
QUICK_RATIO_ROWS = 200
QUICK_MEMORY_ROWS = (50, 200)
REPEATS = 3


class _RollBack(Exception):
    pass


def _openpyxl_iteration(data: bytes) -> float:
    started = time.perf_counter()
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    workbook.close()
    return time.perf_counter() - started


def _import(data: bytes) -> float:
    from toolkit_import.services import toolkit_file_import

    started = time.perf_counter()
    try:
        with transaction.atomic():
            toolkit_file_import(data=data, file_name="benchmark.xlsx")
            elapsed = time.perf_counter() - started
            raise _RollBack  # leave the database as it was, so every repeat does the same work
    except _RollBack:
        pass
    return elapsed


@benchmark("toolkit_import")
def toolkit_import_benchmark(ctx: BenchContext) -> dict:
    rows = QUICK_RATIO_ROWS if ctx.quick else RATIO_ROWS
    stream = io.BytesIO()
    generator.write_toolkit_workbook(stream, rows=rows)
    data = stream.getvalue()
    repeats = 1 if ctx.quick else REPEATS
    floor = min(_openpyxl_iteration(data) for _ in range(repeats))
    imported = min(_import(data) for _ in range(repeats))
    memory: dict[str, float] = {}
    baseline: dict[str, float] = {}
    for size in QUICK_MEMORY_ROWS if ctx.quick else MEMORY_ROWS:
        peak, base = _peak_memory(ctx.workdir, size)
        memory[str(size)] = peak
        baseline[str(size)] = base
    return {
        "toolkit_import_ratio": round(imported / floor, 2),
        "toolkit_import_seconds": round(imported, 2),
        "openpyxl_iteration_seconds": round(floor, 2),
        "import_peak_memory_mb": memory,
        "import_baseline_memory_mb": baseline,
    }


def _peak_memory(workdir: Path, rows: int) -> tuple[float, float]:
    """Peak RSS of a subprocess importing a `rows`-row workbook, and its RSS before the import."""
    path = workdir / f"toolkit-{rows}.xlsx"
    generator.write_toolkit_workbook(path, rows=rows)
    database = workdir / f"memory-{rows}.sqlite3"
    database.unlink(missing_ok=True)
    env = {
        **child_environment(database),
        "TOOLKIT_IMPORT_MAX_ROWS": str(max(rows * 2, 1000)),
        "TOOLKIT_IMPORT_MAX_FILE_BYTES": str(1024 * 2**20),
        "TOOLKIT_IMPORT_MAX_UNCOMPRESSED_BYTES": str(8 * 1024 * 2**20),
    }
    outputs = [
        subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.toolkit_import", step, str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        for step in ("--prepare-database", "--memory-child")
    ]
    figures = json.loads(outputs[-1].stdout.strip().splitlines()[-1])
    return figures["peak_mb"], figures["baseline_mb"]


def _rss_mb() -> float:
    """The process's peak resident set size so far, in MB.

    Linux's VmHWM belongs to the address space, which exec replaces, so it starts afresh in the
    child; ru_maxrss survives exec and would report the parent's size at fork instead.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _prepare_database() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from domains.services import framework_load

    call_command("migrate", verbosity=0)
    framework_load()


def _memory_child(path: str) -> None:
    import django

    django.setup()
    from toolkit_import.services import toolkit_file_import

    data = Path(path).read_bytes()
    baseline = _rss_mb()
    toolkit_file_import(data=data, file_name=Path(path).name)
    print(json.dumps({"peak_mb": _rss_mb(), "baseline_mb": baseline}))


def _main(argv: list[str]) -> None:
    if argv[:1] == ["--prepare-database"]:
        _prepare_database()
        return
    if argv[:1] == ["--memory-child"]:
        _memory_child(argv[1])
        return
    quick = "--quick" in argv
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as folder:
        workdir = Path(folder)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ioi_planner.settings")
        os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ["LOG_LEVEL"] = "WARNING"
        import django

        django.setup()
        from django.core.management import call_command

        from domains.services import framework_load

        call_command("migrate", verbosity=0)
        framework_load()
        figures = toolkit_import_benchmark(BenchContext(workdir=workdir, quick=quick))
    for name, value in figures.items():
        print(f"{name}: {json.dumps(value)}")


if __name__ == "__main__":
    _main(sys.argv[1:])
