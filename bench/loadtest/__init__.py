"""The load test of `manage.py bench`: Locust against gunicorn and a throwaway PostgreSQL.

Everything runs on 127.0.0.1 and is bounded: Locust stops itself after the given seconds (and
is killed if it overruns), and the cluster, gunicorn and their folders are removed at the end.
Half-way through, PostgreSQL is stopped as if it crashed and started again; the app must
recover by itself (persistent connections are health-checked) and every write acknowledged to
a virtual user must still be in the database afterwards.
"""

import csv
import glob
import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings

from bench.registry import Figures, pending

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
FIGURE_NAMES = ("load_error_rate", "load_p95_over_p50")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]) if found and (Path(found[-1]) / "initdb").exists() else None


class Cluster:
    """A throwaway PostgreSQL cluster on a free port of 127.0.0.1 (as root: run as postgres)."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="ioi-bench-pg-"))
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/ioi_planner_load"

    def _pg(self, *args: str, timeout: int = 60) -> None:
        subprocess.run(  # noqa: S603 - fixed arguments, our own cluster
            [*self.as_user, *args], check=True, capture_output=True, timeout=timeout
        )

    def _ctl(self, action: str, *extra: str) -> None:
        self._pg(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.folder / "data"),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            action,
            *extra,
        )

    def start(self) -> None:
        self._pg(
            str(self.bin_dir / "initdb"),
            *("-D", str(self.folder / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            "--locale=C.UTF-8",
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c max_connections=200"
        )
        self._ctl("start", "-o", options)
        self._pg(
            str(self.bin_dir / "createdb"),
            *("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "ioi_planner_load"),
        )

    def restart(self) -> None:
        # Immediate: the server stops as if it crashed, and recovers from its WAL on start.
        self._ctl("restart", "-m", "immediate")

    def stop(self) -> None:
        with suppress(subprocess.SubprocessError, OSError):
            self._ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def _server_environment(database_url: str, workdir: Path) -> dict[str, str]:
    """Production settings, on plain HTTP on the loopback address."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "ioi_planner.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS_ONLY": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


@contextmanager
def gunicorn(env: dict[str, str], workdir: Path):
    port = _free_port()
    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(  # noqa: S603 - our own app, loopback only
        [sys.executable, "-m", "gunicorn", "ioi_planner.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "3", "--timeout", "30", "--graceful-timeout", "5"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/accessibility/", timeout=5):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start: see gunicorn.log") from None
                time.sleep(0.5)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


WORKERS = 2
WORKER_NICENESS = 10
# PostgreSQL is restarted this long into the run (or half-way, in a shorter run); the long
# work (the largest plan's PDF, the largest toolkit file) starts after it.
RESTART_AFTER = 30


@contextmanager
def job_workers(env: dict[str, str], workdir: Path, count: int = WORKERS):
    """`count` background workers (db_worker) beside gunicorn, as the deployment runs them,
    kept running as systemd's Restart=always would: a worker exits when it loses the database
    (the PostgreSQL restart half-way), and is started again."""
    log = open(workdir / "workers.log", "a")  # noqa: SIM115 - closed below
    running: list[subprocess.Popen] = []
    restarts = {"count": 0}
    stop = threading.Event()

    def start(number: int) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 - our own manage.py
            # As deploy/systemd runs them (Nice=10): long work yields the CPU to page requests.
            ["nice", "-n", str(WORKER_NICENESS)]
            + [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker", "--no-reload"]
            + ["--interval", "0.5", "--worker-id", f"load-{number}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def supervise() -> None:
        while not stop.wait(0.5):
            for number, worker in enumerate(running):
                if worker.poll() is not None:
                    restarts["count"] += 1
                    running[number] = start(number)

    running.extend(start(number) for number in range(count))
    supervisor = threading.Thread(target=supervise, daemon=True)
    supervisor.start()
    try:
        yield restarts
    finally:
        stop.set()
        supervisor.join()
        for worker in running:
            worker.terminate()
        for worker in running:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        log.close()


def _rows(path: Path) -> list[dict]:
    with path.open() as file:
        return list(csv.DictReader(file))


def _aggregated_rows(path: Path) -> list[dict]:
    return [row for row in _rows(path) if row.get("Name") == "Aggregated"]


# Where each kind of acknowledged write is stored, and the column that identifies it.
WRITE_TABLES = {
    "session": ("django_session", "session_key"),
    "outcome": ("theory_of_change_outcome", "text"),
}


def _writes_by_kind(writes: Path) -> tuple[dict[str, set[str]], dict[str, str]]:
    """The acknowledged rows by kind, and the last impact acknowledged for each plan (a later
    save of the same plan replaces it, so only the last one can still be there)."""
    by_kind: dict[str, set[str]] = {}
    last_impact: dict[str, str] = {}
    for line in writes.read_text().splitlines():
        kind, _space, key = line.partition(" ")
        if kind == "impact":
            plan_id, _space, text = key.partition(" ")
            last_impact[plan_id] = text
        elif key:
            by_kind.setdefault(kind, set()).add(key)
    return by_kind, last_impact


def _connect(database_url: str):
    import psycopg2

    return psycopg2.connect(database_url.replace("postgres://", "postgresql://"))


def _count_stored(database_url: str, kind: str, keys: set[str]) -> int:
    """How many of these acknowledged writes are in the database now."""
    from psycopg2 import sql

    table, column = WRITE_TABLES[kind]
    connection = _connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL(
                    "SELECT count(DISTINCT {column}) FROM {table} WHERE {column} = ANY(%s)"
                ).format(column=sql.Identifier(column), table=sql.Identifier(table)),
                (list(keys),),
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def _count_stored_impacts(database_url: str, last_impact: dict[str, str]) -> int:
    """How many plans still hold the last impact a save of theirs was acknowledged with."""
    if not last_impact:
        return 0
    connection = _connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM theory_of_change_plan AS plan"
                " JOIN unnest(%s::uuid[], %s::text[]) AS saved(id, impact)"
                " ON plan.id = saved.id AND plan.impact = saved.impact",
                (list(last_impact), list(last_impact.values())),
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def run_load_test(
    *, workdir: Path, users: int, seconds: int, log: Callable[[str], None]
) -> Figures:
    bin_dir = postgres_bin()
    if bin_dir is None:
        reason = pending("PostgreSQL is not installed here (bin/test installs it)")
        return dict.fromkeys(FIGURE_NAMES, reason)
    if importlib.util.find_spec("locust") is None:
        reason = pending('Locust is not installed: pip install -e ".[bench]"')
        return dict.fromkeys(FIGURE_NAMES, reason)

    cluster = Cluster(bin_dir)
    try:
        cluster.start()
        env = _server_environment(cluster.url, workdir)
        log("Load test: migrating and seeding the load database …")
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput")
        _manage(env, "load_framework")
        seed = workdir / "load-data.json"
        _manage(env, "bench", "--load-seed", str(seed), "--users", str(users))
        writes = workdir / "writes.txt"
        writes.touch()
        long_work = workdir / "long-work.json"
        prefix = workdir / "locust"
        fault: dict[str, float] = {}

        def restart_postgres():
            fault["start"] = time.time()
            cluster.restart()
            fault["end"] = time.time()
            (workdir / "postgres-restarted").touch()  # the long work starts after it

        with gunicorn(env, workdir) as base_url, job_workers(env, workdir) as restarts:
            log(f"Load test: {users} virtual users for {seconds} s against {base_url} …")
            timer = threading.Timer(min(RESTART_AFTER, seconds / 2), restart_postgres)
            timer.start()
            try:
                subprocess.run(  # noqa: S603 - our locustfile, loopback host
                    [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
                    + ["-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s"]
                    + ["--host", base_url, "--csv", str(prefix), "--csv-full-history"]
                    + ["--only-summary", "--stop-timeout", "5", "--loglevel", "ERROR"]
                    # Figures for the steady state: counted from when all users have started,
                    # and again from when they have all signed in (see the locustfile).
                    + ["--reset-stats"],
                    env={
                        **env,
                        "IOI_LOAD_DATA": str(seed),
                        "IOI_LOAD_WRITES": str(writes),
                        "IOI_LOAD_LONG_WORK": str(long_work),
                    },
                    cwd=workdir,
                    capture_output=True,
                    timeout=seconds + 90,
                    check=False,  # Locust exits 1 when any request failed: that is a figure
                )
            finally:
                timer.cancel()
                timer.join()
        figures = _figures(prefix, writes, cluster.url, fault)
        figures["load_worker_restarts"] = restarts["count"]
        figures.update(_long_work_figures(long_work))
        return figures
    finally:
        cluster.stop()


def _long_work_figures(path: Path) -> Figures:
    """The long work done through the pages during the load (the locustfile's LongWork user):
    seconds from asking to having the result, for each piece, or why it is missing."""
    import json

    if not path.exists():
        return {"load_long_work_seconds": pending("the long work did not report")}
    done = json.loads(path.read_text())
    return {
        "load_long_work_seconds": {k: v for k, v in done.items() if isinstance(v, float | int)},
        "load_long_work_problems": {k: v for k, v in done.items() if isinstance(v, str)},
    }


def _figures(prefix: Path, writes: Path, database_url: str, fault: dict) -> Figures:
    total = _aggregated_rows(Path(f"{prefix}_stats.csv"))[-1]
    requests = int(total["Request Count"])
    failures = int(total["Failure Count"])
    p50, p95 = (float(total[p]) if requests else 0.0 for p in ("50%", "95%"))
    figures: Figures = {
        "load_error_rate": round(failures / requests, 4) if requests else pending("no request"),
        "load_p95_over_p50": round(p95 / p50, 2) if p50 else pending("no response time"),
        "load_requests": requests,
        "load_failures": failures,
        "load_p50_ms": p50,
        "load_p95_ms": p95,
        "load_p50_ms_by_request": {},
        "load_p95_ms_by_request": {},
        "load_failures_by_error": {},
    }
    for row in _rows(Path(f"{prefix}_stats.csv")):
        # A request made only before the figures were reset has no times ("N/A"): leave it out.
        if row["Name"] != "Aggregated" and int(row["Request Count"]):
            figures["load_p50_ms_by_request"][row["Name"]] = float(row["50%"])
            figures["load_p95_ms_by_request"][row["Name"]] = float(row["95%"])
    for row in _rows(Path(f"{prefix}_failures.csv")):
        label = f"{row['Name']}: {row['Error']}"[:200]
        figures["load_failures_by_error"][label] = int(row["Occurrences"])
    history = _aggregated_rows(Path(f"{prefix}_stats_history.csv"))
    if "end" in fault and history:
        # Failures in the window from the restart to 10 s after it, and the last failure.
        window_start, window_end = fault["start"] - 1, fault["end"] + 10
        at = [(int(row["Timestamp"]), int(row["Total Failure Count"])) for row in history]
        before = max((count for stamp, count in at if stamp < window_start), default=0)
        by_end = max((count for stamp, count in at if stamp <= window_end), default=0)
        figures["load_postgres_restart_seconds"] = round(fault["end"] - fault["start"], 2)
        figures["load_failures_outside_restart_window"] = failures - (by_end - before)
        # The history is cumulative: the last failure happened when the total was first reached.
        last_failure = min((stamp for stamp, count in at if count >= failures), default=0)
        figures["load_seconds_to_recover_after_restart"] = (
            max(0, round(last_failure - fault["end"])) if failures else 0
        )
    else:
        figures["load_postgres_restart_seconds"] = pending("the restart did not happen")
    by_kind, last_impact = _writes_by_kind(writes)
    checked = {kind: len(keys) for kind, keys in by_kind.items()}
    checked["impact (the last saved of each plan)"] = len(last_impact)
    figures["load_writes_acknowledged"] = sum(checked.values())
    figures["load_writes_acknowledged_by_kind"] = checked
    figures["load_writes_missing"] = sum(
        len(keys) - _count_stored(database_url, kind, keys) for kind, keys in by_kind.items()
    ) + (len(last_impact) - _count_stored_impacts(database_url, last_impact))
    return figures
