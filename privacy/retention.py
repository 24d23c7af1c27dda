"""How long records about people are kept, applied by `manage.py apply_retention` (run it
daily, from cron or a systemd timer: docs/operations.md).

- notifications: deleted RETENTION_NOTIFICATION_DAYS after they were made;
- sign-in records (django-axes' log of sign-ins and failures): deleted after
  RETENTION_SIGN_IN_DAYS; expired sessions are cleared too;
- the audit log: entries deleted after RETENTION_AUDIT_DAYS; the attempts counted for
  throttling once they are a day old (they count only within SIGN_IN_PAUSE_MINUTES);
- uploaded toolkit files: the file itself is emptied RETENTION_TOOLKIT_FILE_DAYS after upload,
  once its import is applied or failed (the record of what it did, with its counts and its
  SHA-256, stays); a file still waiting to be applied is kept;
- exported documents (the evaluation PDF and workbook, evaluation/documents.py): deleted, with
  the record of who asked for them, RETENTION_EXPORT_DAYS after they were asked for (a newer
  version of the plan replaces them sooner).

Plans, their history and review comments are the council's records of its work, not records
about a person: they are kept (a council admin can erase a former member's name from them).
"""

from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from ioi_planner.documents import documents_expired_remove
from ioi_planner.models import AuditEvent
from ioi_planner.throttle import attempts_remove_before
from theory_of_change.models import Notification
from toolkit_import.models import ImportRecord, ImportStatus


def retention_apply(now: datetime | None = None) -> dict[str, int]:
    """Apply every retention period; returns how many records each step removed or emptied."""
    now = now or timezone.now()

    def before(days: int) -> datetime:
        return now - timedelta(days=days)

    sign_ins = before(settings.RETENTION_SIGN_IN_DAYS)
    with transaction.atomic():
        done = {
            "notifications": Notification.objects.filter(
                created_at__lt=before(settings.RETENTION_NOTIFICATION_DAYS)
            ).delete()[0],
            "sign_in_records": AccessLog.objects.filter(attempt_time__lt=sign_ins).delete()[0]
            + AccessFailureLog.objects.filter(attempt_time__lt=sign_ins).delete()[0]
            + AccessAttempt.objects.filter(attempt_time__lt=sign_ins).delete()[0],
            "audit_entries": AuditEvent.objects.filter(
                at__lt=before(settings.RETENTION_AUDIT_DAYS)
            ).delete()[0],
            "throttle_attempts": attempts_remove_before(before(1)),
            "expired_sessions": Session.objects.filter(expire_date__lt=now).delete()[0],
            "toolkit_files": ImportRecord.objects.filter(
                created_at__lt=before(settings.RETENTION_TOOLKIT_FILE_DAYS),
                status__in=[ImportStatus.APPLIED, ImportStatus.FAILED],
            )
            .exclude(content=b"")
            .update(content=b""),
        }
    # Files are not part of a transaction: removed after it, each with its record.
    done["exported_documents"] = documents_expired_remove(
        before=before(settings.RETENTION_EXPORT_DAYS)
    )
    return done
