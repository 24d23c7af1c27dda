"""Documents built by background jobs and kept per state of what they show (ioi_planner/jobs.py),
for every app: the evaluation plan's PDF and workbook, the plan report, a readiness assessment.

A document kind is registered with `document_kind`. A document of a subject (a plan, an
assessment) is asked for with `document_request` and the key of the subject's state (a digest
of what the document shows: a version, names, the language): a document already built for that
key is served at once to everyone who may see the subject; otherwise a job is queued (or the
one under way reused). After any change the next request builds a new one, and the older file
is deleted once the new one is ready (`documents_superseded_remove`). Each person prepares at
most one document at a time (`ExportBusy`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.http import FileResponse, HttpRequest

from .audit import audit
from .jobs import UNFINISHED, job_create, job_current, job_files_remove
from .models import AuditKind, Job, JobStatus, User


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # Job.kind
    label: Any  # "evaluation plan (PDF)", as a sentence names it
    extension: str
    content_type: str
    url_name: str  # the view that serves it
    file_prefix: str


_kinds: dict[str, DocumentKind] = {}


Kind = TypeVar("Kind", bound=DocumentKind)


def document_kind(kind: Kind) -> Kind:
    """Register a kind of document (at import of the app's documents module)."""
    _kinds[kind.kind] = kind
    return kind


def document_kinds() -> dict[str, DocumentKind]:
    return dict(_kinds)


class ExportBusy(Exception):
    """The person already has another document being prepared."""

    def __init__(self, job: Job):
        super().__init__(job.pk)
        self.job = job


def document_ready(kind: DocumentKind, subject: str, key: str) -> Job | None:
    """The document of `subject` built for the state `key`, if there is one."""
    return (
        Job.objects.filter(kind=kind.kind, subject=subject, key=key, status=JobStatus.DONE)
        .exclude(file="")
        .first()
    )


def document_request(
    *,
    user: User,
    kind: DocumentKind,
    subject: str,
    key: str,
    enqueue: Callable[[str], object],
) -> Job:
    """The job for this document of `subject` in the state `key`: one already done or under
    way, or a new one, queued with `enqueue(job id)`. Raises ExportBusy if `user` is preparing
    a different document."""
    ready = document_ready(kind, subject, key)
    if ready is not None:
        return ready
    for other in Job.objects.filter(
        requested_by=user, kind__in=_kinds, status__in=UNFINISHED
    ).exclude(key=key):
        if not job_current(other).finished:
            raise ExportBusy(other)
    job, created = job_create(kind=kind.kind, subject=subject, key=key, user=user)
    if created:
        enqueue(str(job.pk))
    return job


def document_job(*, kinds, subject: str, job_id) -> Job | None:
    """One of the subject's document jobs of `kinds`, as it is now (None if there is none)."""
    job = Job.objects.filter(pk=job_id, kind__in=[k.kind for k in kinds], subject=subject).first()
    return job_current(job) if job is not None else None


def document_download(
    request: HttpRequest, job: Job, *, council_id: int, about: str
) -> FileResponse | None:
    """A built document as a download, recorded in the council's audit log (None if its file
    has gone: a newer document replaced it a moment ago)."""
    try:
        content = job.file.open("rb")
    except (FileNotFoundError, ValueError):
        return None
    audit(
        AuditKind.EXPORT_DOWNLOADED,
        request=request,
        council=council_id,
        detail=f"{job.file_name}: {about}",
    )
    return FileResponse(
        content, as_attachment=True, filename=job.file_name, content_type=job.content_type
    )


def documents_superseded_remove(job: Job) -> int:
    """Delete the subject's earlier documents of the same kind and language, with their files."""
    older = (
        Job.objects.filter(
            kind=job.kind,
            subject=job.subject,
            language=job.language,
            created_at__lte=job.created_at,
        )
        .exclude(pk=job.pk)
        .exclude(status__in=UNFINISHED)
    )
    return job_files_remove(older)


def documents_expired_remove(*, before) -> int:
    """Delete document jobs of every kind (and their files) asked for before `before`
    (apply_retention)."""
    return job_files_remove(
        Job.objects.filter(kind__in=_kinds, created_at__lt=before).exclude(status__in=UNFINISHED)
    )
