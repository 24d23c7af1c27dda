"""A readiness assessment as a tagged PDF, built by a background job and kept per version of the
assessment (ioi_planner/documents.py), like a plan's documents."""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_tasks import task

from ioi_planner import documents as core_documents
from ioi_planner.jobs import JobFailed, job_finish, job_progress, job_running
from ioi_planner.models import JobStatus
from ioi_planner.pdf import font_context, html_to_pdf

from . import assessment_selectors as selectors
from .areas import RATING_HELP
from .models import Assessment, Rating

# Changing how the document is laid out makes every stored one out of date: bump this.
LAYOUT = 1

ASSESSMENT_PDF = core_documents.document_kind(
    core_documents.DocumentKind(
        kind="readiness-pdf",
        label=gettext_lazy("readiness assessment (PDF)"),
        extension="pdf",
        content_type="application/pdf",
        url_name="readiness:assessment_pdf",
        file_prefix="readiness",
        job_url_name="readiness:assessment_pdf_job",
        subject_kwarg="assessment_id",
    )
)


def document_key(assessment: Assessment) -> str:
    """What the PDF shows depends on, as a digest: equal keys, equal documents."""
    parts = [
        ASSESSMENT_PDF.kind,
        LAYOUT,
        assessment.pk,
        assessment.version,
        assessment.updated_at.isoformat(),
        assessment.team.name,
        assessment.team.organisation.name,
        get_language() or "",
    ]
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def file_name(assessment: Assessment) -> str:
    return f"readiness-{slugify(assessment.team.name)[:50] or 'team'}-round-{assessment.round}.pdf"


def assessment_html(assessment: Assessment) -> str:
    return render_to_string(
        "readiness/assessment_pdf.html",
        {
            "assessment": assessment,
            "rows": selectors.area_rows(assessment),
            "scale": [(Rating(value).label, RATING_HELP[Rating(value)]) for value in Rating],
            "today": timezone.localdate(),
            "language": translation.get_language() or "en-gb",
            **font_context(),
        },
    )


@task()
def assessment_pdf_build(job_id: str) -> None:
    """Build the PDF of the assessment as it is when the job runs."""
    with job_running(job_id) as job:
        if job is None:
            return
        job_progress(job, done=0, total=2, stage=_("Reading the assessment"))
        assessment = (
            Assessment.objects.filter(pk=job.subject)
            .select_related("team__organisation", "reviewed_by", "previous")
            .prefetch_related("answers", "actions__owner", "actions__plan", "previous__answers")
            .first()
        )
        if assessment is None:
            raise JobFailed(_("The assessment no longer exists."))
        job.key = document_key(assessment)
        job_progress(job, done=1, total=2, stage=_("Writing the file"))
        content = html_to_pdf(assessment_html(assessment))
        job_finish(
            job,
            content=content,
            file_name=file_name(assessment),
            content_type=ASSESSMENT_PDF.content_type,
        )
    if job is not None and job.status == JobStatus.DONE:
        core_documents.documents_superseded_remove(job)
