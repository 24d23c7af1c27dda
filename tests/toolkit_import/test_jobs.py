"""Reading (the preview) and applying a toolkit workbook as background jobs: the import's page
shows their progress, a job that stopped is reported and can be run again, and a real worker
process killed while applying leaves the indicator bank as it was.

Most tests hold jobs in the dummy queue (which never runs them) and run them here; the last
runs `manage.py db_worker` as a separate process on the PostgreSQL test database and kills it."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from domains.models import IndicatorQuestion
from domains.services import framework_load
from ioi_planner.models import Job, JobStatus
from tests.factories import sign_in_with_two_factor
from toolkit_import.models import ImportStatus
from toolkit_import.services import (
    ImportRefused,
    import_apply_queue,
    import_preview,
    import_preview_queue,
    import_upload,
    toolkit_apply_run,
    toolkit_preview_run,
)

from .helpers import bank_snapshot, generated

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROOT = Path(__file__).resolve().parents[2]


def confirmation(record) -> str:
    """What the admin types to apply a file that retires much of the bank (a generated file
    matches none of it): the number it retires."""
    record.refresh_from_db()
    return str(record.counts["retired"])


def detail_url(record) -> str:
    return reverse("toolkit_import:import_detail", kwargs={"import_id": record.pk})


@pytest.mark.django_db
def test_reading_and_applying_show_their_progress_on_the_import_s_page(
    client, admin_user, settings
):
    settings.TASKS = DUMMY
    settings.JOB_WAIT_SECONDS = 0
    sign_in_with_two_factor(client, admin_user)
    record = import_upload(user=admin_user, file_name="toolkit.xlsx", data=generated(2_500))
    mapping = {key: "" if v is None else str(v) for key, v in record.column_mapping.items()}
    response = client.post(
        reverse("toolkit_import:import_mapping", kwargs={"import_id": record.pk}), mapping
    )
    assert response["Location"] == detail_url(record)

    page = client.get(detail_url(record)).content.decode()
    assert "<title>Reading the workbook – IOI Planner</title>" in page
    assert "Waiting to start." in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "Apply the import" not in page
    assert client.get(detail_url(record), {"format": "json"}).json()["status"] == "queued"

    [result] = default_task_backend.results
    toolkit_preview_run.call(*result.args)
    job = Job.objects.get(kind="toolkit-preview")
    assert job.status == JobStatus.DONE
    # Progress was reported as the rows were read: the last report, of the rows the file declared.
    assert job.stage == "Read 2,000 of about 2,500 rows"
    assert job.done == 2_000
    assert job.total == 2_500
    page = client.get(detail_url(record)).content.decode()
    assert "<title>Check the import before you apply it – IOI Planner</title>" in page
    assert "http-equiv" not in page

    before = bank_snapshot()
    client.post(
        reverse("toolkit_import:import_apply", kwargs={"import_id": record.pk}),
        {"confirmation": confirmation(record)},
    )
    page = client.get(detail_url(record)).content.decode()
    assert "<title>Applying the import – IOI Planner</title>" in page
    assert bank_snapshot() == before  # nothing changes until the job has run
    toolkit_apply_run.call(*default_task_backend.results[-1].args)
    apply_job = Job.objects.get(kind="toolkit-apply")
    assert apply_job.status == JobStatus.DONE
    assert apply_job.stage == "Applying the changes"
    assert apply_job.total == 2_500  # the rows the preview counted
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert bank_snapshot() != before
    assert (
        "<title>Import applied – IOI Planner</title>"
        in client.get(detail_url(record)).content.decode()
    )


@pytest.mark.django_db
def test_an_apply_that_stopped_is_reported_and_can_be_run_again(client, admin_user, settings):
    settings.TASKS = DUMMY
    settings.JOB_WAIT_SECONDS = 0
    record = import_upload(user=admin_user, file_name="toolkit.xlsx", data=generated(300))
    import_preview(record=record, mapping=record.column_mapping)
    job = import_apply_queue(record=record, user=admin_user, confirmation=confirmation(record))
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALL_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    sign_in_with_two_factor(client, admin_user)
    page = client.get(detail_url(record)).content.decode()
    assert "The job stopped without finishing" in page
    assert "Nothing of this import has been applied. You can apply it again below." in page
    assert "Apply the import</button>" in page

    client.post(
        reverse("toolkit_import:import_apply", kwargs={"import_id": record.pk}),
        {"confirmation": confirmation(record)},
    )
    retry = Job.objects.get(kind="toolkit-apply", status=JobStatus.QUEUED)
    toolkit_apply_run.call(str(retry.pk))
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED


def _test_database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        if not db.get("PASSWORD")
        else f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"Waited {seconds} s for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_applying_leaves_the_bank_unchanged_and_the_import_can_be_retried(
    client, admin_user, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database only on PostgreSQL")
    framework_load()
    settings.TASKS = DATABASE_QUEUE
    record = import_upload(user=admin_user, file_name="toolkit.xlsx", data=generated(1_500))
    import_preview(record=record, mapping=record.column_mapping)
    before = bank_snapshot()

    # Another session holds a lock on a table the apply writes late (the indicators' questions),
    # so the worker is caught inside its transaction, after writing sources and indicators.
    db = connection.settings_dict
    locker, watcher = (
        psycopg2.connect(
            dbname=db["NAME"],
            user=db["USER"],
            host=db["HOST"],
            port=db["PORT"],
            password=db["PASSWORD"],
        )
        for _ in range(2)
    )
    # The watcher reads pg_stat_activity outside any transaction (inside one it sees a snapshot).
    watcher.autocommit = True
    table = IndicatorQuestion._meta.db_table
    with locker.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')  # noqa: S608 - our table
    job = import_apply_queue(record=record, user=admin_user, confirmation=confirmation(record))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ioi_planner.settings",
        "SECRET_KEY": "test-only-worker-key",
        "DEBUG": "true",
        "DATABASE_URL": _test_database_url(),
        "CONN_MAX_AGE": "0",
    }
    worker = subprocess.Popen(  # noqa: S603 - our own command, our own arguments
        [
            *(sys.executable, "manage.py", "db_worker", "--no-reload"),
            *("--no-startup-delay", "--interval", "0.1"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    def waiting_backend():
        with watcher.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            row = cursor.fetchone()
        return row[0] if row else None

    try:
        backend = _wait_for(waiting_backend, 90, "the worker to reach the locked table")
        running = Job.objects.get(pk=job.pk)
    finally:
        worker.kill()
        _, errors = worker.communicate(timeout=30)
        locker.rollback()  # the lock goes; the dead worker's session ends without a commit

    def backend_gone():
        with watcher.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            return cursor.fetchone()[0] == 0

    try:
        _wait_for(backend_gone, 60, "the killed worker's session to end")
    finally:
        locker.close()
        watcher.close()
    assert running.status == JobStatus.RUNNING, errors.decode()[-2000:]
    assert running.stage == "Applying the changes"
    assert bank_snapshot() == before
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED

    # The job no longer reports progress: the page says it stopped, and the admin applies again.
    settings.JOB_STALL_SECONDS = 0
    sign_in_with_two_factor(client, admin_user)
    page = client.get(detail_url(record)).content.decode()
    assert "The job stopped without finishing" in page
    assert Job.objects.get(pk=job.pk).status == JobStatus.FAILED
    settings.JOB_STALL_SECONDS = 600
    settings.JOB_WAIT_SECONDS = 0
    client.post(
        reverse("toolkit_import:import_apply", kwargs={"import_id": record.pk}),
        {"confirmation": confirmation(record)},
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED
    assert bank_snapshot() != before


@pytest.mark.django_db
def test_the_columns_cannot_change_while_the_import_is_being_applied(admin_user, settings):
    settings.TASKS = DUMMY
    record = import_upload(user=admin_user, file_name="toolkit.xlsx", data=generated(300))
    import_preview(record=record, mapping=record.column_mapping)
    import_apply_queue(record=record, user=admin_user, confirmation=confirmation(record))
    mapping = dict(record.column_mapping)
    with pytest.raises(ImportRefused, match="Wait until the work in progress"):
        import_preview_queue(record=record, mapping={**mapping, "code": None}, user=admin_user)
    record.refresh_from_db()
    assert record.column_mapping == mapping  # unchanged
    assert Job.objects.filter(kind="toolkit-preview").count() == 0
