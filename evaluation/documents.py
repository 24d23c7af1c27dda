"""The evaluation plan's PDF and workbook, built by a background job (ioi_planner/jobs.py).

A document is built once for each state of the plan: its key is a digest of the plan's version
(every change to a plan claims a new one), its status, team and council names, the framework's
last change and the language. A document already built for the plan as it is now is served at
once, from the shared file store, to everyone who may see the plan; after any change the next
request builds a new one, and the older file is deleted once the new one is ready.

Each person has at most one export being prepared at a time (a person asking for the document
someone else is already preparing simply waits for that one).
"""

import hashlib
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_tasks import task

from domains.models import Indicator
from ioi_planner import documents as core_documents
from ioi_planner.jobs import JobFailed, job_finish, job_progress, job_running
from ioi_planner.models import Job, JobStatus, User
from ioi_planner.pdf import html_to_pdf
from theory_of_change.models import Plan

from . import exports, report, report_docx, report_pdf, selectors

# Changing how a document is laid out makes every stored one out of date: bump this.
LAYOUT = 2  # 2: no page break per outcome; an outcome not planned yet is one line


@dataclass(frozen=True)
class DocumentKind(core_documents.DocumentKind):
    measurements: bool = False  # whether the plan is read with its measurements


PDF = core_documents.document_kind(
    DocumentKind(
        kind="evaluation-pdf",
        label=gettext_lazy("evaluation plan (PDF)"),
        extension="pdf",
        content_type="application/pdf",
        measurements=False,
        url_name="evaluation:evaluation_pdf",
        file_prefix="evaluation-plan",
        job_url_name="evaluation:document_job",
        subject_kwarg="plan_id",
    )
)
WORKBOOK = core_documents.document_kind(
    DocumentKind(
        kind="evaluation-xlsx",
        label=gettext_lazy("evaluation plan (spreadsheet)"),
        extension="xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        measurements=True,
        url_name="evaluation:evaluation_xlsx",
        file_prefix="evaluation-plan",
        job_url_name="evaluation:document_job",
        subject_kwarg="plan_id",
    )
)
# The plan report (evaluation/report.py): the whole plan, its evaluation and progress.
REPORT_PDF = core_documents.document_kind(
    DocumentKind(
        kind="report-pdf",
        label=gettext_lazy("plan report (PDF)"),
        extension="pdf",
        content_type="application/pdf",
        measurements=True,
        url_name="evaluation:report_pdf",
        file_prefix="plan-report",
        job_url_name="evaluation:document_job",
        subject_kwarg="plan_id",
    )
)
REPORT_WORD = core_documents.document_kind(
    DocumentKind(
        kind="report-docx",
        label=gettext_lazy("plan report (Word)"),
        extension="docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        measurements=True,
        url_name="evaluation:report_docx",
        file_prefix="plan-report",
        job_url_name="evaluation:document_job",
        subject_kwarg="plan_id",
    )
)
REPORTS = (REPORT_PDF, REPORT_WORD)
KINDS = {k.kind: k for k in (PDF, WORKBOOK, *REPORTS)}


ExportBusy = core_documents.ExportBusy


def file_name(plan: Plan, kind: DocumentKind) -> str:
    return f"{kind.file_prefix}-{slugify(plan.title)[:60] or 'plan'}.{kind.extension}"


def document_key(plan: Plan, kind: DocumentKind) -> str:
    """What a document of `plan` shows depends on, as a digest: equal keys, equal documents."""
    framework = Indicator.objects.aggregate(changed=Max("updated_at"))["changed"]
    parts = [
        kind.kind,
        LAYOUT,
        plan.pk,
        plan.version,
        plan.updated_at.isoformat(),
        plan.status,
        plan.team.name,
        plan.team.organisation.name,
        framework.isoformat() if framework else "",
        get_language() or "",
    ]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def document_ready(plan: Plan, kind: DocumentKind, key: str = "") -> Job | None:
    """The document built for the plan as it is now (its `key`, if worked out already), if
    there is one."""
    return core_documents.document_ready(kind, str(plan.pk), key or document_key(plan, kind))


def document_request(*, user: User, plan: Plan, kind: DocumentKind) -> Job:
    """The job for this document of the plan as it is now: one already done or under way, or a
    new one, queued. Raises ExportBusy if `user` is preparing a different export."""
    return core_documents.document_request(
        user=user,
        kind=kind,
        subject=str(plan.pk),
        key=document_key(plan, kind),
        enqueue=document_build.enqueue,
    )


def document_job(*, plan: Plan, job_id: UUID) -> Job | None:
    """One of the plan's export jobs, as it is now (None if there is no such job)."""
    return core_documents.document_job(kinds=KINDS.values(), subject=str(plan.pk), job_id=job_id)


@task()
def document_build(job_id: str) -> None:
    """Build one export (the job's kind) of the plan as it is when the job runs."""
    with job_running(job_id) as job:
        if job is None:
            return
        kind = KINDS[job.kind]
        job_progress(job, done=0, total=3, stage=_("Reading the plan"))
        plans = Plan.objects.filter(pk=job.subject)
        if not plans.exists():
            raise JobFailed(_("The plan no longer exists."))
        if kind in REPORTS:
            plan = selectors.report_plan(plans, job.subject)
        else:
            plan = selectors.evaluation_plan(
                plans, job.subject, summary=True, measurements=kind.measurements
            )
        # The document shows the plan as read now; its key says so, even if the plan changed
        # since the job was asked for (a request for the older version then asks again).
        job.key = document_key(plan, kind)
        job_progress(job, done=1, total=3, stage=_("Laying out the pages"))
        if kind in REPORTS:
            laid_out = report.plan_report(plan)
            job_progress(job, done=2, total=3, stage=_("Writing the file"))
            if kind is REPORT_PDF:
                content = report_pdf.report_pdf(laid_out)
            else:
                content = report_docx.report_docx(laid_out)
        elif kind is PDF:
            html = exports.evaluation_html(plan)
            job_progress(job, done=2, total=3, stage=_("Writing the file"))
            content = html_to_pdf(html)
        else:
            job_progress(job, done=2, total=3, stage=_("Writing the file"))
            content = exports.evaluation_workbook(plan)
        job_finish(
            job, content=content, file_name=file_name(plan, kind), content_type=kind.content_type
        )
    if job is not None and job.status == JobStatus.DONE:
        core_documents.documents_superseded_remove(job)
