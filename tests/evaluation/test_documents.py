"""The exports as background jobs: a stored file per version of the plan, the page that shows a
document being prepared, one export per person, and a job whose worker died.

Jobs run at once in tests (the immediate backend); tests that need a job still waiting switch
to the dummy backend, which queues and never runs, then run the job themselves."""

import time
from datetime import timedelta
from io import BytesIO

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from evaluation.documents import document_build
from ioi_planner.models import Job, JobStatus
from theory_of_change.models import Plan
from theory_of_change.versioning import plan_change

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def pdf_url(plan) -> str:
    return reverse("evaluation:evaluation_pdf", kwargs={"plan_id": plan.pk})


def xlsx_url(plan) -> str:
    return reverse("evaluation:evaluation_xlsx", kwargs={"plan_id": plan.pk})


def retitle(plan, user, title: str) -> None:
    plan.refresh_from_db()
    with plan_change(plan=plan, version=plan.version, user=user, section="plan", action="change"):
        Plan.objects.filter(pk=plan.pk).update(title=title)


def pdf_text(response) -> str:
    reader = pypdf.PdfReader(BytesIO(response.getvalue()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_a_document_is_built_once_per_version_and_rebuilt_after_a_change(
    client, alice, lena, plan, outcome
):
    client.force_login(alice)
    first = client.get(pdf_url(plan))
    assert first.status_code == 200
    assert "Friendship café" in pdf_text(first)
    job = Job.objects.get()
    assert job.status == JobStatus.DONE
    assert job.requested_by == alice
    stored = job.file.name
    assert default_storage.exists(stored)

    # The team lead asks for the same version: the stored file is served, no job runs.
    client.force_login(lena)
    again = client.get(pdf_url(plan))
    assert again.status_code == 200
    assert Job.objects.count() == 1

    retitle(plan, alice, "Welcome café")
    changed = client.get(pdf_url(plan))
    assert "Welcome café" in pdf_text(changed)
    newest = Job.objects.get()  # the older document was replaced ...
    assert newest.pk != job.pk
    assert newest.requested_by == lena
    assert not default_storage.exists(stored)  # ... and its file deleted


def test_a_document_not_ready_in_a_moment_gets_a_page_that_shows_its_progress(
    client, alice, plan, outcome, settings
):
    settings.TASKS = DUMMY
    settings.JOB_WAIT_SECONDS = 0
    client.force_login(alice)
    response = client.get(pdf_url(plan))
    job = Job.objects.get()
    page_url = reverse("evaluation:document_job", kwargs={"plan_id": plan.pk, "job_id": job.pk})
    assert response.status_code == 302
    assert response["Location"] == page_url

    page = client.get(page_url).content.decode()
    assert "<title>Preparing your document – IOI Planner</title>" in page
    assert "Waiting to start." in page
    # Without JavaScript the page refreshes itself, and says how to stop that.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "Stop refreshing this page" in page
    stopped = client.get(page_url, {"refresh": "off"}).content.decode()
    assert "http-equiv" not in stopped
    assert "Check the progress again" in stopped
    assert client.get(page_url, {"format": "json"}).json() == {
        "status": "queued",
        "finished": False,
        "percent": None,  # no total known yet
        "stage": "",
    }

    # The worker picks the job up.
    [result] = default_task_backend.results
    assert result.task.func is document_build.func
    assert result.args == [str(job.pk)]
    document_build.call(*result.args)
    assert client.get(page_url, {"format": "json"}).json()["status"] == "done"
    ready = client.get(page_url).content.decode()
    assert "<title>Your document is ready – IOI Planner</title>" in ready
    assert "http-equiv" not in ready
    assert f'href="{pdf_url(plan)}"' in ready
    download = client.get(pdf_url(plan))
    assert download["Content-Type"] == "application/pdf"
    assert "Friendship café" in pdf_text(download)

    # After a change the finished page says the document is out of date.
    retitle(plan, alice, "Welcome café")
    assert "The plan has changed" in client.get(page_url).content.decode()


def test_one_export_at_a_time_per_person_and_the_same_document_is_shared(
    client, alice, carol, plan, outcome, settings
):
    settings.TASKS = DUMMY
    settings.JOB_WAIT_SECONDS = 0
    client.force_login(alice)
    client.get(pdf_url(plan))
    busy = client.get(xlsx_url(plan))
    assert busy.status_code == 429
    page = busy.content.decode()
    assert "You are already preparing a document" in page
    job = Job.objects.get()
    assert reverse("evaluation:document_job", kwargs={"plan_id": plan.pk, "job_id": job.pk}) in page
    # Asking again for the one under way is not refused.
    assert client.get(pdf_url(plan)).status_code == 302

    # carol asks for the same document: she waits for the same job.
    client.force_login(carol)
    assert client.get(pdf_url(plan)).status_code == 302
    assert Job.objects.count() == 1


def test_a_job_whose_worker_died_is_marked_failed_and_can_be_asked_for_again(
    client, alice, plan, outcome, settings
):
    settings.TASKS = DUMMY
    settings.JOB_WAIT_SECONDS = 0
    client.force_login(alice)
    client.get(pdf_url(plan))
    job = Job.objects.get()
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALL_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )
    page_url = reverse("evaluation:document_job", kwargs={"plan_id": plan.pk, "job_id": job.pk})
    page = client.get(page_url).content.decode()
    assert "Your document could not be prepared" in page
    assert "The job stopped without finishing" in page
    # The dead job does not count as one under way: the workbook may be asked for now.
    assert client.get(xlsx_url(plan)).status_code == 302
    assert Job.objects.filter(status=JobStatus.QUEUED).count() == 1


def test_a_job_for_a_plan_deleted_meanwhile_fails_with_the_reason(alice, plan, outcome, settings):
    settings.TASKS = DUMMY
    job = Job.objects.create(kind="evaluation-pdf", subject=str(plan.pk), requested_by=alice)
    plan.delete()
    document_build.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "The plan no longer exists."
    assert not job.file


def test_another_council_cannot_see_a_plan_s_document_page(client, charlie, plan, outcome):
    job = Job.objects.create(kind="evaluation-pdf", subject=str(plan.pk), key="k")
    client.force_login(charlie)
    page_url = reverse("evaluation:document_job", kwargs={"plan_id": plan.pk, "job_id": job.pk})
    assert client.get(page_url).status_code == 404
    assert client.get(page_url, {"format": "json"}).status_code == 404


def test_a_request_does_not_wait_for_a_job_no_worker_has_started(client, alice, plan, settings):
    """Every worker busy (the dummy queue never starts the job): the page answers at once with
    the progress page instead of holding the web server for JOB_WAIT_SECONDS."""
    settings.TASKS = DUMMY
    settings.JOB_WAIT_SECONDS = 30
    client.force_login(alice)
    started = time.monotonic()
    response = client.get(pdf_url(plan))
    assert response.status_code == 302
    assert time.monotonic() - started < 5  # far below the 30 s it could have waited
