import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from privacy.personal_data import personal_data


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/notice.html",
        {
            "controller": settings.PRIVACY_CONTROLLER,
            "contact": settings.PRIVACY_CONTACT_EMAIL,
            "notification_days": settings.RETENTION_NOTIFICATION_DAYS,
            "sign_in_days": settings.RETENTION_SIGN_IN_DAYS,
            "audit_days": settings.RETENTION_AUDIT_DAYS,
            "toolkit_file_days": settings.RETENTION_TOOLKIT_FILE_DAYS,
            "export_days": settings.RETENTION_EXPORT_DAYS,
            "idle_minutes": int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60),
        },
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Your own personal data, as a JSON file (never cached: see NoStoreWhenSignedIn)."""
    body = json.dumps(
        {"exported_at": timezone.now().isoformat(), **personal_data(request.user)},
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-ioi-planner-data.json"'
    return response
