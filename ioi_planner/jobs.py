"""Long work done by a background job, never inside a web request (ADR 0009).

A page that asks for long work records a `Job` and queues a task on the task queue (django-tasks
with its database backend; `manage.py db_worker` runs it, on any number of machines). The task
does its work inside `job_running(job_id)`, which marks the job running, lets it report its
progress (`job_progress`), and marks it done, with its file if it makes one, or failed, with the
reason, whatever goes wrong. Pages show a job's progress from its row, which every app server
reads alike; files are kept in the default storage (MEDIA_ROOT, or a shared store).

A worker process that dies mid-job (killed, out of memory, the machine restarted) cannot mark
its job failed. A running job that has reported no progress for JOB_STALL_SECONDS is taken to
have stopped: `job_current` marks it failed when a page next looks at it, so it can be retried.
Each job's own work keeps to one transaction where it changes data, so a dead worker leaves
nothing half-done.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job, JobStatus, User

logger = logging.getLogger(__name__)

UNFINISHED = (JobStatus.QUEUED, JobStatus.RUNNING)


class JobFailed(Exception):
    """A failure whose message is for the person who asked for the job (shown as it is)."""


def job_create(
    *, kind: str, subject: str = "", key: str = "", user: User | None = None, **fields: Any
) -> tuple[Job, bool]:
    """A new queued job, or the unfinished one already doing the same work (same kind and key),
    and whether it is new. The caller queues the task for a new job."""
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                subject=subject,
                key=key,
                requested_by=user,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                **fields,
            )
            return job, True
    except IntegrityError:
        existing = Job.objects.filter(kind=kind, key=key, status__in=UNFINISHED).first()
        if existing is None:  # it finished in between: ask again
            return job_create(kind=kind, subject=subject, key=key, user=user, **fields)
        return existing, False


def job_stalled(job: Job, now=None) -> bool:
    if job.status != JobStatus.RUNNING:
        return False
    last = job.heartbeat_at or job.started_at or job.created_at
    return (now or timezone.now()) - last > timedelta(seconds=settings.JOB_STALL_SECONDS)


def job_current(job: Job) -> Job:
    """The job as it is now, a running job that has stopped reporting marked failed."""
    job.refresh_from_db()
    if job_stalled(job):
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            error=_(
                "The job stopped without finishing: the process doing it ended. "
                "Nothing it was doing was saved. You can try again."
            ),
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    return job


# How long a page waits for a queued job to be started by a worker before it stops waiting: a
# job still queued then is behind other work, and will not be done in a moment.
QUEUED_GRACE_SECONDS = 0.5


def job_waited(job: Job, seconds: float) -> Job:
    """The job once finished, or after `seconds`, whichever comes first: a page that asked for
    quick work simply shows its result; slower work gets a page that shows its progress. A job
    no worker has started within QUEUED_GRACE_SECONDS is not waited for (every worker is busy):
    the request, and the web server process it holds, are not kept waiting behind the queue."""
    started = time.monotonic()
    deadline = started + seconds
    job = job_current(job)
    while not job.finished and time.monotonic() < deadline:
        if job.status == JobStatus.QUEUED and time.monotonic() - started > QUEUED_GRACE_SECONDS:
            break
        time.sleep(0.1)
        job = job_current(job)
    return job


def job_state(job: Job) -> dict[str, Any]:
    """What a progress page's script needs to know, as JSON."""
    return {
        "status": job.status,
        "finished": job.finished,
        # None while the total is not known (the progress bar then only shows work going on).
        "percent": job.percent if job.total or job.finished else None,
        "stage": job.stage,
    }


def job_progress(job: Job, *, done: int, total: int, stage: str = "") -> None:
    """Record how far the job has got (and that it is alive). Call it outside the job's own
    transaction, if it has one: inside it, pages would only see the progress once it commits."""
    job.done, job.total = done, total
    if stage:
        job.stage = stage[:200]
    job.heartbeat_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        done=job.done, total=job.total, stage=job.stage, heartbeat_at=job.heartbeat_at
    )


def job_finish(job: Job, *, content: bytes, file_name: str, content_type: str) -> None:
    """Keep the job's file (in the default storage) with the name it is downloaded as."""
    job.file.save(f"{job.pk}-{file_name}", ContentFile(content), save=False)
    job.file_name = file_name
    job.content_type = content_type


@contextmanager
def job_running(job_id) -> Iterator[Job | None]:
    """Run a job's work: yields the job (None if it is gone or already finished, when there is
    nothing to do), marked running in the language it was asked in; afterwards it is done, or
    failed with the reason (a JobFailed's message as it is, anything else logged and described
    in general terms)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        yield None
        return
    job = Job.objects.get(pk=job_id)
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            yield job
    except JobFailed as failure:
        _job_end(job, JobStatus.FAILED, error=str(failure))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _job_end(
            job,
            JobStatus.FAILED,
            error=_("Something went wrong on our side. Try again; if it fails again, tell us."),
        )
    else:
        _job_end(job, JobStatus.DONE)


def _job_end(job: Job, status: str, *, error: str = "") -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    if status == JobStatus.FAILED and job.file:
        job.file.delete(save=False)
    job.save()


def job_files_remove(jobs) -> int:
    """Delete jobs and the files they made; returns how many."""
    count = 0
    for job in jobs:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
