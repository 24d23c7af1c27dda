"""Benchmark: the long work, run as deployed: by a real worker (`db_worker`) taking background
jobs off the database queue, at the largest sizes the service allows.

- the evaluation PDF and workbook of the largest plan allowed (settings.PLAN_MAX_PARTS: the
  most outcomes, outputs and activities, every evaluation block filled in);
- the preview (reading) and the apply of the largest toolkit file allowed
  (TOOLKIT_IMPORT_MAX_ROWS rows).

Each job runs in a fresh process that queues it through the same service the page calls and
then works the queue with db_worker's own loop, so its figures are the job's alone: how long
the job took (from its Job row: started to finished), how long it waited in the queue (queued
to started, with an idle worker polling every QUEUE_INTERVAL seconds), and the process's peak
resident memory (VmHWM) against its size before the job (the interpreter and Django). The
figures are reported, never judged: there is no floor to compare a memory peak with.

Run it on its own with `python -m bench.jobs` (add `--quick` for a smoke run at small sizes);
`manage.py bench` runs it with the others.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.registry import BenchContext, benchmark, child_environment

QUICK_PARTS = 5
QUICK_ROWS = 200
QUEUE_INTERVAL = "0.2"
ROOT = Path(__file__).resolve().parent.parent
JOBS = ("evaluation-pdf", "evaluation-xlsx", "toolkit-preview", "toolkit-apply")


def _env(database: Path, quick: bool) -> dict[str, str]:
    env = {
        **child_environment(database),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "MEDIA_ROOT": str(database.parent / "media"),
    }
    if quick:
        env |= {
            "PLAN_MAX_OUTCOMES": str(QUICK_PARTS),
            "PLAN_MAX_OUTPUTS": str(QUICK_PARTS),
            "PLAN_MAX_ACTIVITIES": str(QUICK_PARTS),
            "TOOLKIT_IMPORT_MAX_ROWS": str(QUICK_ROWS),
        }
    return env


def _child(env: dict[str, str], *args: str) -> dict:
    output = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.jobs", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


@benchmark("background_jobs")
def background_jobs(ctx: BenchContext) -> dict:
    database = ctx.workdir / "jobs.sqlite3"
    database.unlink(missing_ok=True)
    env = _env(database, ctx.quick)
    sizes = _child(env, "--prepare")
    figures: dict[str, dict[str, float]] = {
        "job_seconds": {},
        "queue_wait_seconds": {},
        "peak_memory_mb": {},
        "baseline_memory_mb": {},
    }
    for kind in JOBS:
        measured = _child(env, "--run", kind)
        figures["job_seconds"][kind] = measured["seconds"]
        figures["queue_wait_seconds"][kind] = measured["queue_wait"]
        figures["peak_memory_mb"][kind] = measured["peak_mb"]
        figures["baseline_memory_mb"][kind] = measured["baseline_mb"]
        print(  # noqa: T201 - a benchmark reports as it goes
            f"background_jobs: {kind} {measured['seconds']} s (waited "
            f"{measured['queue_wait']} s), peak {measured['peak_mb']} MB "
            f"(from {measured['baseline_mb']} MB), {measured['status']}"
        )
    return {
        **{f"jobs_{name}": value for name, value in figures.items()},
        "jobs_plan_parts": sizes["plan"],
        "jobs_toolkit_rows": sizes["rows"],
    }


# -- The child processes --------------------------------------------------------------------


def _rss_mb() -> float:
    from bench.toolkit_import import _rss_mb as rss

    return rss()


def _prepare() -> dict:
    """A database with the framework, the largest plan allowed (its evaluation filled in) and
    the largest toolkit file allowed, uploaded."""
    import io

    from django.conf import settings
    from django.core.management import call_command

    from bench.evaluation import largest_allowed_plan
    from bench.registry import bench_people
    from domains.services import framework_load
    from toolkit_import import generator
    from toolkit_import.services import import_upload

    call_command("migrate", verbosity=0)
    framework_load()
    officer = bench_people(scale=1)
    largest_allowed_plan(owner=officer, team=officer.memberships.first().team)
    stream = io.BytesIO()
    rows = settings.TOOLKIT_IMPORT_MAX_ROWS
    generator.write_toolkit_workbook(stream, rows=rows)
    import_upload(user=None, file_name="largest.xlsx", data=stream.getvalue())
    return {"plan": dict(settings.PLAN_MAX_PARTS), "rows": rows}


def _run(kind: str) -> dict:
    """Queue one job as its page would, then work the queue until it is empty."""
    from django.core.management import call_command

    from evaluation import documents
    from ioi_planner.models import Job
    from theory_of_change.models import Plan
    from toolkit_import.models import ImportRecord
    from toolkit_import.services import import_apply_queue, import_preview_queue

    baseline = _rss_mb()
    plan = Plan.objects.select_related("team__organisation", "owner").get()
    if kind.startswith("evaluation"):
        job = documents.document_request(user=plan.owner, plan=plan, kind=documents.KINDS[kind])
    elif kind == "toolkit-preview":
        record = ImportRecord.objects.get()
        job = import_preview_queue(record=record, mapping=record.column_mapping, user=plan.owner)
    else:
        record = ImportRecord.objects.get()
        # A generated file matches none of the bank, so it retires most of it: the admin types
        # how many to apply it, as on the page.
        job = import_apply_queue(
            record=record, user=plan.owner, confirmation=str(record.counts.get("retired", 0))
        )
    call_command(
        "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", QUEUE_INTERVAL
    )
    job = Job.objects.get(pk=job.pk)
    if job.started_at is None or job.finished_at is None:
        raise RuntimeError(f"The {kind} job did not run: {job.status} {job.error}")
    return {
        "seconds": round((job.finished_at - job.started_at).total_seconds(), 2),
        "queue_wait": round((job.started_at - job.created_at).total_seconds(), 2),
        "peak_mb": _rss_mb(),
        "baseline_mb": baseline,
        "status": job.status if not job.error else f"{job.status}: {job.error}",
    }


def _main(argv: list[str]) -> None:
    if argv[:1] in (["--prepare"], ["--run"]):
        import django

        django.setup()
        result = _prepare() if argv[0] == "--prepare" else _run(argv[1])
        print(json.dumps(result))  # noqa: T201
        return
    quick = "--quick" in argv
    with tempfile.TemporaryDirectory(prefix="jobs-bench-") as folder:
        figures = background_jobs(BenchContext(workdir=Path(folder), quick=quick))
    for name, value in figures.items():
        print(f"{name}: {json.dumps(value)}")  # noqa: T201


if __name__ == "__main__":
    _main(sys.argv[1:])
