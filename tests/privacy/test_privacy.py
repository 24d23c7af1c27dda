"""The privacy notice, a person's own data as a download, and retention applied by a command."""

import io
import json
from datetime import timedelta

import pytest
from axes.models import AccessLog
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ioi_planner.models import AuditEvent, AuditKind, Job, JobStatus
from theory_of_change.models import Notification, NotificationKind, ReviewComment
from toolkit_import.models import ImportRecord, ImportStatus

pytestmark = pytest.mark.django_db


def test_the_privacy_notice_is_linked_from_every_page_and_names_the_periods(client, settings):
    settings.PRIVACY_CONTROLLER = "Alpha Council"
    settings.PRIVACY_CONTACT_EMAIL = "dpo@alpha.example"
    settings.RETENTION_SIGN_IN_DAYS = 90
    settings.RETENTION_AUDIT_DAYS = 400
    assert reverse("privacy:notice") in client.get(reverse("accessibility")).content.decode()
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "Alpha Council runs this service and is the data controller" in page
    assert 'href="mailto:dpo@alpha.example"' in page
    assert "records of signing in: 90 days" in page
    assert "the audit log: 400 days" in page


def test_a_person_downloads_their_own_data_and_nobody_else_s(client, plan, alice, lena):
    ReviewComment.objects.create(plan=plan, section="domains", author=alice, text="Mine")
    ReviewComment.objects.create(plan=plan, section="domains", author=lena, text="Lena's")
    AccessLog.objects.create(
        username=alice.email,
        ip_address="81.2.69.1",
        user_agent="Firefox",
        attempt_time=timezone.now(),
    )
    client.force_login(alice)
    response = client.get(reverse("privacy:my_data"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-ioi-planner-data.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == alice.email
    assert [t["team"] for t in data["account"]["teams"]] == [plan.team.name]
    assert [p["title"] for p in data["plans_owned"]] == [plan.title]
    assert [c["text"] for c in data["review_comments"]] == ["Mine"]
    assert [s["address"] for s in data["sign_ins"]] == ["81.2.69.1"]
    assert "Lena's" not in response.content.decode()


def test_retention_removes_old_records_and_keeps_recent_ones(plan, alice, admin_user, settings):
    settings.RETENTION_NOTIFICATION_DAYS = 365
    settings.RETENTION_SIGN_IN_DAYS = 90
    settings.RETENTION_TOOLKIT_FILE_DAYS = 90
    settings.RETENTION_AUDIT_DAYS = 730
    settings.RETENTION_EXPORT_DAYS = 30
    now = timezone.now()
    old, new = (
        Notification.objects.create(
            user=alice, plan=plan, kind=NotificationKind.RETURNED, message=text
        )
        for text in ("old", "new")
    )
    Notification.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=366))
    for days in (91, 10):
        entry = AccessLog.objects.create(username=alice.email, ip_address="81.2.69.1")
        AccessLog.objects.filter(pk=entry.pk).update(attempt_time=now - timedelta(days=days))
    for days in (731, 10):
        event = AuditEvent.objects.create(kind=AuditKind.SIGNED_IN, actor=alice)
        AuditEvent.objects.filter(pk=event.pk).update(at=now - timedelta(days=days))
    files = {}
    for name, status, days in (
        ("used-long-ago", ImportStatus.APPLIED, 91),
        ("used-lately", ImportStatus.APPLIED, 10),
        ("waiting", ImportStatus.PREVIEWED, 200),
    ):
        record = ImportRecord.objects.create(
            uploaded_by=admin_user,
            status=status,
            file_name=name,
            file_size=3,
            sha256="0" * 64,
            content=b"xyz",
            sheet_name="Sheet",
            header_row=1,
        )
        ImportRecord.objects.filter(pk=record.pk).update(created_at=now - timedelta(days=days))
        files[name] = record.pk

    out = io.StringIO()
    old_export, new_export = (
        Job.objects.create(kind="evaluation-pdf", subject=str(plan.pk), status=JobStatus.DONE)
        for _ in range(2)
    )
    old_export.file.save("old.pdf", ContentFile(b"%PDF"))
    Job.objects.filter(pk=old_export.pk).update(created_at=now - timedelta(days=31))
    call_command("apply_retention", stdout=out)

    assert list(Notification.objects.values_list("message", flat=True)) == ["new"]
    assert AccessLog.objects.count() == 1
    assert AuditEvent.objects.count() == 1
    kept = dict(ImportRecord.objects.values_list("file_name", "content"))
    assert bytes(kept["used-long-ago"]) == b""  # the file emptied, the record kept
    assert bytes(kept["used-lately"]) == b"xyz"
    assert bytes(kept["waiting"]) == b"xyz"  # never an import still to apply
    assert "notifications: 1" in out.getvalue()
    assert "toolkit_files: 1" in out.getvalue()
    assert list(Job.objects.all()) == [new_export]
    assert not default_storage.exists(old_export.file.name)
    assert "exported_documents: 1" in out.getvalue()
    assert new.pk in Notification.objects.values_list("pk", flat=True)
