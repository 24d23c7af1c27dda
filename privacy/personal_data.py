"""Everything the service holds about one person, as plain data for a JSON download (a subject
access request a person can serve themselves). What other people wrote is left out, except the
name of the plan it is about."""

from typing import Any

from axes.models import AccessAttempt, AccessLog
from django.db.models import Q

from ioi_planner.forms import sign_in_email
from ioi_planner.models import AuditEvent, Job, User
from readiness.models import Action, AssessmentVersion, Exercise
from theory_of_change.models import Notification, Plan, PlanTransition, PlanVersion, ReviewComment
from toolkit_import.models import ImportRecord


def _when(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict[str, Any]:
    sign_in_name = sign_in_email(None, {"username": user.email})
    return {
        "account": {
            "name": user.full_name,
            "email": user.email,
            "council": user.organisation.name if user.organisation else None,
            "teams": [
                {"team": m.team.name, "role": m.get_role_display()}
                for m in user.memberships.select_related("team").order_by("team__name")
            ],
            "joined": _when(user.date_joined),
            "last_signed_in": _when(user.last_login),
            "site_staff": user.is_staff,
        },
        "plans_owned": [
            {
                "title": p.title,
                "team": p.team.name,
                "status": p.get_status_display(),
                "created": _when(p.created_at),
            }
            for p in Plan.objects.filter(owner=user).select_related("team").order_by("created_at")
        ],
        "plans_collaborating_on": [
            {"title": p.title, "team": p.team.name}
            for p in user.collaborating_plans.select_related("team").order_by("title")
        ],
        "plan_changes": [
            {
                "plan": v.plan.title,
                "version": v.number,
                "section": v.section,
                "action": v.action,
                "at": _when(v.created_at),
            }
            for v in PlanVersion.objects.filter(author=user)
            .select_related("plan")
            .order_by("created_at", "pk")
        ],
        "status_changes": [
            {
                "plan": t.plan.title,
                "from": t.from_status,
                "to": t.to_status,
                "comment": t.comment,
                "at": _when(t.at),
            }
            for t in PlanTransition.objects.filter(by=user).select_related("plan")
        ],
        "review_comments": [
            {"plan": c.plan.title, "section": c.section, "text": c.text, "at": _when(c.created_at)}
            for c in ReviewComment.objects.filter(author=user)
            .select_related("plan")
            .order_by("created_at", "pk")
        ],
        "notifications": [
            {
                "plan": n.plan.title,
                "kind": n.get_kind_display(),
                "message": n.message,
                "at": _when(n.created_at),
                "read": _when(n.read_at),
            }
            for n in Notification.objects.filter(user=user).select_related("plan")
        ],
        "exercise_worksheets": [
            {
                "title": e.title,
                "team": e.team.name,
                "problem": e.problem,
                "domains": [{"domain": c.domain.name, "why": c.why} for c in e.choices.all()],
                "created": _when(e.created_at),
            }
            for e in Exercise.objects.filter(owner=user)
            .select_related("team")
            .prefetch_related("choices__domain")
            .order_by("created_at")
        ],
        "readiness_actions": [
            {
                "action": a.text,
                "team": a.assessment.team.name,
                "round": a.assessment.round,
                "due": _when(a.due),
                "done": _when(a.done_on),
            }
            for a in Action.objects.filter(owner=user)
            .select_related("assessment__team")
            .order_by("due", "pk")
        ],
        "readiness_changes": [
            {
                "team": v.assessment.team.name,
                "round": v.assessment.round,
                "version": v.number,
                "section": v.section,
                "action": v.action,
                "comment": v.reason,
                "at": _when(v.created_at),
            }
            for v in AssessmentVersion.objects.filter(author=user)
            .select_related("assessment__team")
            .order_by("created_at", "pk")
        ],
        "toolkit_imports": [
            {"file": r.file_name, "status": r.get_status_display(), "at": _when(r.created_at)}
            for r in ImportRecord.objects.filter(uploaded_by=user).order_by("created_at")
        ],
        "documents_asked_for": [
            {"what": j.kind, "status": j.get_status_display(), "at": _when(j.created_at)}
            for j in Job.objects.filter(requested_by=user).order_by("created_at")
        ],
        "audit_log": [
            {
                "at": _when(e.at),
                "what": e.get_kind_display(),
                "by_you": e.actor_id == user.pk,
                "address": e.address,
                "detail": e.detail,
            }
            for e in AuditEvent.objects.filter(Q(actor=user) | Q(person=user)).order_by("at", "pk")
        ],
        "sign_ins": [
            {
                "at": _when(a.attempt_time),
                "address": a.ip_address,
                "browser": a.user_agent,
                "signed_out": _when(a.logout_time),
            }
            for a in AccessLog.objects.filter(username=sign_in_name).order_by("attempt_time")
        ],
        "failed_sign_ins": [
            {
                "last_at": _when(a.attempt_time),
                "address": a.ip_address,
                "browser": a.user_agent,
                "failures": a.failures_since_start,
            }
            for a in AccessAttempt.objects.filter(username=sign_in_name)
        ],
    }
