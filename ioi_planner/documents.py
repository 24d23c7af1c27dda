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

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .audit import audit
from .jobs import UNFINISHED, job_create, job_current, job_files_remove, job_state, job_waited
from .models import AuditKind, Job, JobStatus, User


@dataclass(frozen=True)
class DocumentKind:
    kind: str  # Job.kind
    label: Any  # "evaluation plan (PDF)", as a sentence names it
    extension: str
    content_type: str
    url_name: str  # the view that serves it
    file_prefix: str
    job_url_name: str  # the page of a job preparing it, with the subject and "job_id"
    subject_kwarg: str  # the name of the subject's id in both views' URLs ("plan_id")

    def url(self, subject: str) -> str:
        return reverse(self.url_name, kwargs={self.subject_kwarg: subject})

    def job_url(self, job: Job) -> str:
        return reverse(
            self.job_url_name, kwargs={self.subject_kwarg: job.subject, "job_id": job.pk}
        )


_kinds: dict[str, DocumentKind] = {}


Kind = TypeVar("Kind", bound=DocumentKind)


def document_kind(kind: Kind) -> Kind:
    """Register a kind of document (at import of the app's documents module)."""
    _kinds[kind.kind] = kind
    return kind


def document_kinds() -> dict[str, DocumentKind]:
    return dict(_kinds)


def document_job_url(job: Job) -> str:
    """The page of a document job of any registered kind."""
    return _kinds[job.kind].job_url(job)


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


def document_page(
    request: HttpRequest,
    *,
    kind: DocumentKind,
    subject: str,
    key: str,
    enqueue: Callable[[str], object],
    council_id: int,
    about: str,
    caption: str,
    back_url: str,
) -> HttpResponse:
    """The view of a document: the one built for `subject` in the state `key`, at once;
    otherwise it is prepared by a background job, and the person gets it when that takes a
    moment (JOB_WAIT_SECONDS), or the page that shows its progress; or, while they are
    preparing another document, a page that says so (429)."""
    for attempt in (1, 2):
        try:
            job = document_request(
                user=request.user, kind=kind, subject=subject, key=key, enqueue=enqueue
            )
        except ExportBusy as busy:
            return render(
                request,
                "documents/busy.html",
                {
                    "caption": caption,
                    "back_url": back_url,
                    "other_url": document_job_url(busy.job),
                },
                status=429,
            )
        job = job_waited(job, settings.JOB_WAIT_SECONDS)
        if job.status != JobStatus.DONE or job.key != key:
            break
        download = document_download(request, job, council_id=council_id, about=about)
        if download is not None:
            return download
        # Its file went a moment ago (a newer document replaced it): ask once more, then
        # show the job's page.
        if attempt == 2:
            break
    return redirect(kind.job_url(job))


def document_job_page(
    request: HttpRequest,
    job: Job,
    *,
    key: str,
    caption: str,
    back_url: str,
    back_text: str,
    changed_heading: str,
    changed_text: str,
    waiting_text: str,
) -> HttpResponse:
    """The page that shows a document being prepared: its progress, refreshed every few seconds
    (by static/js/job-progress.js, or without JavaScript by the page reloading itself), then the
    link to the file, or what went wrong; `key` is the state of its subject now."""
    if request.GET.get("format") == "json":  # the page's script, every few seconds
        return JsonResponse(job_state(job))
    kind = _kinds[job.kind]
    return render(
        request,
        "documents/job.html",
        {
            "job": job,
            "kind": kind,
            "current": job.status != JobStatus.DONE or job.key == key,
            "refresh": not job.finished and request.GET.get("refresh") != "off",
            "refresh_seconds": settings.JOB_REFRESH_SECONDS,
            "status_url": f"{request.path}?format=json",
            "document_url": kind.url(job.subject),
            "caption": caption,
            "back_url": back_url,
            "back_text": back_text,
            "changed_heading": changed_heading,
            "changed_text": changed_text,
            "waiting_text": waiting_text,
        },
    )
