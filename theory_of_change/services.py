"""Writes to plans and their parts.

Every change to a plan claims the next Plan.version first, inside the same transaction as the
change: a form made from an older version (left open in another tab, sent twice, or overtaken
by a collaborator) is refused with StalePlan and nothing is written.

Every change is also recorded, in the same transaction, as a PlanVersion holding the whole
plan's content afterwards (see plan_version_record and snapshots.py): history, compare and restore read it.
"""

import logging
import uuid
from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from domains.models import Domain, Indicator, IndicatorStatus, Provenance
from domains.selectors import indicators_of_council
from ioi_planner.access import teams_of
from ioi_planner.models import Role, Team, User
from ioi_planner.text import for_header

from .models import (
    EMAIL_ERROR_MAX_LENGTH,
    Activity,
    Assumption,
    Barrier,
    Evidence,
    Notification,
    NotificationKind,
    Outcome,
    Output,
    Plan,
    PlanItem,
    PlanStatus,
    PlanTransition,
    PlanVersion,
    ReviewComment,
    Stakeholder,
)
from .snapshots import ANSWER_FIELDS, plan_snapshot
from .steps import REQUIRED_DOMAIN_TYPES, STEPS_BY_SLUG
from .workflow import TRANSITIONS_BY_SLUG, actors_of, refusal

logger = logging.getLogger(__name__)


class StalePlan(Exception):
    """The form was made from an older version of the plan than the one saved now."""


# What plan_update changes: the plan's own answers (those its versions keep) and its sharing.
PLAN_FIELDS = {*ANSWER_FIELDS, "shared_with_team"}


def _claim_version(*, plan: Plan, version: int) -> None:
    # A conditional UPDATE is atomic on every database: of two saves from the same version,
    # exactly one matches the row; the other gets 0 rows and is refused.
    updated = Plan.objects.filter(pk=plan.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise StalePlan
    plan.version = version + 1
    # Plans made before their history was kept (or by scripts writing rows directly) have no
    # version for the content being changed: keep it now, still unchanged, so this change can
    # be compared with it and undone.
    if not PlanVersion.objects.filter(plan=plan, number=version).exists():
        PlanVersion.objects.create(
            plan=plan, number=version, section="", action="baseline", snapshot=plan_snapshot(plan)
        )


# The wizard step each kind of part is changed in: a version's section.
SECTION_OF = {
    Outcome: "outcomes",
    Output: "outputs",
    Activity: "activities",
    Barrier: "barriers-and-assumptions",
    Assumption: "barriers-and-assumptions",
    Stakeholder: "stakeholders",
}

# The wizard step each of the plan's own answers is asked in.
SECTION_OF_FIELD = {
    "title": "plan",
    "place": "plan",
    "intervention_kind": "plan",
    "audience": "plan",
    "problem": "problem-and-impact",
    "impact": "problem-and-impact",
    "stakeholder_agreement": "stakeholders",
    "shared_with_team": "check-and-share",
}


def _subject(item: object) -> str:
    return str(item)[: PlanVersion._meta.get_field("subject").max_length]


def plan_version_record(
    *, plan: Plan, user, section: str, action: str, subject: object = "", reason: str = ""
) -> PlanVersion:
    """Keep the plan's content after a change as version plan.version; called inside the
    change's transaction, so a change and its version are saved together or not at all."""
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        author=user if user is not None and user.is_authenticated else None,
        section=section,
        action=action,
        subject=_subject(subject),
        reason=reason,
        snapshot=plan_snapshot(plan),
    )


def plan_create(
    *,
    user,
    team: Team,
    title: str,
    place: str = "",
    intervention_kind: str = "",
    audience: str = "",
) -> Plan:
    """A plan belongs to one of its creator's teams, and its creator owns it."""
    if not teams_of(user).filter(pk=team.pk).exists():
        raise ValidationError({"team": _("Select one of your teams")})
    plan = Plan(
        team=team,
        owner=user,
        title=title,
        place=place,
        intervention_kind=intervention_kind,
        audience=audience,
    )
    plan.full_clean()
    with transaction.atomic():
        plan.save()
        plan_version_record(
            plan=plan, user=user, section="plan", action="create", subject=plan.title
        )
    return plan


def plan_update(*, plan: Plan, version: int, user=None, **values: Any) -> Plan:
    """Change the plan's own answers (not its parts); only the named fields are written."""
    unknown = set(values) - PLAN_FIELDS
    if unknown:
        raise ValueError(f"Not plan answers: {sorted(unknown)}")
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        for name, value in values.items():
            setattr(plan, name, value)
        plan.full_clean(exclude=["team", "owner"])
        plan.save(update_fields=[*values, "version", "updated_at"])
        sections = [SECTION_OF_FIELD[name] for name in values]
        plan_version_record(
            plan=plan, user=user, section=sections[0] if sections else "plan", action="answers"
        )
    return plan


def domain_types_missing(domains: list[Domain]) -> list[str]:
    """Slugs of the required domain types that none of these domains is of, in framework order."""
    covered = {domain.type.slug for domain in domains}
    return [slug for slug in REQUIRED_DOMAIN_TYPES if slug not in covered]


def plan_set_domains(*, plan: Plan, version: int, domains: list[Domain], user=None) -> Plan:
    """A plan's domains include one or more of each type: Markers and Means, Social Connections,
    Facilitators, and Rights and Responsibilities (the Foundation)."""
    missing = domain_types_missing(domains)
    if missing:
        raise ValidationError(
            _("Choose at least one domain of each type; missing: %(missing)s")
            % {"missing": ", ".join(missing)}
        )
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        plan.domains.set(domains)
        plan_version_record(plan=plan, user=user, section="domains", action="domains")
    return plan


# -- Listed parts: outcomes, outputs, activities, barriers, assumptions, stakeholders ---------


def _is_plan_item(model: type[models.Model]) -> bool:
    return issubclass(model, PlanItem)


def _split(model: type[PlanItem], values: dict[str, Any]) -> tuple[dict, dict]:
    many = {field.name for field in model._meta.many_to_many}
    fields = {name: value for name, value in values.items() if name not in many}
    links = {name: list(value) for name, value in values.items() if name in many}
    return fields, links


def assumption_link_error(
    *,
    barrier: Barrier | None = None,
    activity: Activity | None = None,
    output: Output | None = None,
    outcome: Outcome | None = None,
) -> str | None:
    """An assumption is about a barrier, or about ONE link of the chain that exists in the plan:
    an activity leading to an output, an output serving an outcome, or an outcome leading to
    the long-term impact. Returns what is wrong, or None."""
    given = (barrier is not None, activity is not None, output is not None, outcome is not None)
    if given == (False, False, False, False):
        return _("Select what the assumption is about")
    if given == (True, False, False, False):
        return None
    if given == (False, True, True, False):
        if not activity.outputs.filter(pk=output.pk).exists():
            return _("That activity does not lead to that output")
        return None
    if given == (False, False, True, True):
        if not output.outcomes.filter(pk=outcome.pk).exists():
            return _("That output does not serve that outcome")
        return None
    if given == (False, False, False, True):
        return None
    return _("An assumption is about one barrier or one link of the chain, not several")


def _check_links(*, plan: Plan, model: type[PlanItem], fields: dict, links: dict) -> None:
    """Every part an item points to is a part of the same plan."""
    related = [value for value in fields.values() if isinstance(value, PlanItem)]
    related += [value for values in links.values() for value in values]
    for other in related:
        if isinstance(other, PlanItem) and other.plan_id != plan.pk:
            raise ValidationError(_("You can only link parts of the same plan"))
    if model is Assumption:
        error = assumption_link_error(
            **{name: fields.get(name) for name in ("barrier", "activity", "output", "outcome")}
        )
        if error:
            raise ValidationError(error)


def _check_item(*, plan: Plan, item: PlanItem) -> None:
    if item.plan_id != plan.pk:
        raise ValidationError(_("That item is not part of this plan"))


def plan_item_add(
    *, plan: Plan, version: int, model: type[PlanItem], values: dict[str, Any], user=None
) -> PlanItem:
    """Add a part at the end of its list; it may link only to parts of the same plan."""
    fields, links = _split(model, values)
    _check_links(plan=plan, model=model, fields=fields, links=links)
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        last = model.objects.filter(plan=plan).aggregate(models.Max("position"))
        position = (last["position__max"] or 0) + 1
        item = model(plan=plan, position=position, **fields)
        _item_save(plan=plan, user=user, item=item, links=links, action="add")
    return item


def _check_no_assumption_loses_its_link(*, item: PlanItem, links: dict) -> None:
    """An assumption about one link of the chain (activity → output, output → outcome) keeps
    that link: unticking it is refused, naming each assumption about it, so that no assumption
    is left about a link that no longer exists. The officer changes or removes the assumption
    first, or keeps the box ticked."""
    if isinstance(item, Activity) and "outputs" in links:
        field, other = "outputs", "output"
        about = Assumption.objects.filter(activity=item, outcome__isnull=True)
        message = _(
            "The assumption “%(assumption)s” is about this activity leading to “%(other)s”. "
            "Keep “%(other)s” ticked, or change or remove that assumption first"
        )
    elif isinstance(item, Output) and "outcomes" in links:
        field, other = "outcomes", "outcome"
        about = Assumption.objects.filter(output=item, activity__isnull=True)
        message = _(
            "The assumption “%(assumption)s” is about this output serving “%(other)s”. "
            "Keep “%(other)s” ticked, or change or remove that assumption first"
        )
    else:
        return
    kept = [linked.pk for linked in links[field]]
    lost = (
        about.filter(**{f"{other}__isnull": False})
        .exclude(**{f"{other}__in": kept})
        .select_related(other)
        .order_by("position", "pk")
    )
    errors = [
        message % {"assumption": assumption, "other": getattr(assumption, other)}
        for assumption in lost
    ]
    if errors:
        raise ValidationError({field: errors})


def plan_item_update(
    *, plan: Plan, version: int, item: PlanItem, values: dict[str, Any], user=None
) -> PlanItem:
    """Change a part's answers and links; it may link only to parts of the same plan, and may
    not drop a link an assumption is about."""
    _check_item(plan=plan, item=item)
    model = type(item)
    fields, links = _split(model, values)
    _check_links(plan=plan, model=model, fields=fields, links=links)
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        # Checked after the claim, so a concurrent change to the plan cannot slip in between.
        _check_no_assumption_loses_its_link(item=item, links=links)
        for name, value in fields.items():
            setattr(item, name, value)
        _item_save(plan=plan, user=user, item=item, links=links, action="change")
    return item


def _item_save(*, plan: Plan, user, item: PlanItem, links: dict, action: str) -> None:
    """Check a part's answers, save it with its links and record the plan's new version."""
    item.full_clean()
    item.save()
    for name, related in links.items():
        getattr(item, name).set(related)
    plan_version_record(
        plan=plan, user=user, section=SECTION_OF[type(item)], action=action, subject=item
    )


def plan_item_remove(*, plan: Plan, version: int, item: PlanItem, user=None) -> None:
    """Remove a part, its links, and the assumptions attached to it."""
    _check_item(plan=plan, item=item)
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        subject = _subject(item)
        item.delete()
        plan_version_record(
            plan=plan, user=user, section=SECTION_OF[type(item)], action="remove", subject=subject
        )


def plan_item_move(
    *, plan: Plan, version: int, item: PlanItem, direction: Literal["up", "down"], user=None
) -> None:
    """Swap a part with its neighbour in its list; at either end it stays where it is."""
    _check_item(plan=plan, item=item)
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        items = list(type(item).objects.filter(plan=plan).order_by("position", "created_at", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        # Positions are renumbered 1..n so that equal positions never make a move a no-op.
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
        plan_version_record(
            plan=plan,
            user=user,
            section=SECTION_OF[type(item)],
            action=f"move-{direction}",
            subject=item,
        )


# -- Indicators of an outcome ------------------------------------------------------------------


def outcome_set_indicators(
    *, plan: Plan, version: int, user, outcome: Outcome, indicators: list[Indicator]
) -> Outcome:
    """An outcome is measured by indicators the user may see; a retired indicator may stay on an
    outcome that already has it but cannot be newly chosen."""
    _check_item(plan=plan, item=outcome)
    visible = set(
        indicators_of_council(plan.team.organisation)
        .filter(pk__in=[indicator.pk for indicator in indicators])
        .values_list("pk", flat=True)
    )
    kept = set(outcome.indicators.values_list("pk", flat=True))
    for indicator in indicators:
        if indicator.pk not in visible:
            raise ValidationError(_("Select indicators from the bank"))
        if indicator.status == IndicatorStatus.RETIRED and indicator.pk not in kept:
            raise ValidationError(
                _("“%(wording)s” is retired and cannot be newly chosen")
                % {"wording": indicator.wording}
            )
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        outcome.indicators.set(indicators)
        plan_version_record(
            plan=plan, user=user, section="outcomes", action="indicators", subject=outcome
        )
    return outcome


def council_indicator_add(
    *, plan: Plan, version: int, outcome: Outcome, domain: Domain, wording: str, user=None
) -> Indicator:
    """A council may add its own indicator; only that council sees it, marked as council-added,
    and it measures the outcome it was written for."""
    _check_item(plan=plan, item=outcome)
    organisation = plan.team.organisation
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        indicator = Indicator(
            domain=domain,
            code=f"council-{organisation.pk}-{uuid.uuid4().hex[:12]}",
            wording=wording,
            provenance=Provenance.COUNCIL,
            provenance_note=_("Added by %(council)s") % {"council": organisation.name},
            organisation=organisation,
        )
        indicator.full_clean()
        indicator.save()
        outcome.indicators.add(indicator)
        plan_version_record(
            plan=plan, user=user, section="outcomes", action="council-indicator", subject=outcome
        )
    return indicator


# -- Evidence for an assumption ----------------------------------------------------------------


def evidence_add(
    *,
    plan: Plan,
    version: int,
    assumption: Assumption,
    kind: str,
    source: str,
    strength: str,
    user=None,
) -> Evidence:
    """Evidence belongs to one assumption of the plan."""
    _check_item(plan=plan, item=assumption)
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        evidence = Evidence(assumption=assumption, kind=kind, source=source, strength=strength)
        evidence.full_clean()
        evidence.save()
        plan_version_record(
            plan=plan,
            user=user,
            section="barriers-and-assumptions",
            action="evidence-add",
            subject=assumption,
        )
    return evidence


def evidence_change(
    *,
    plan: Plan,
    version: int,
    evidence: Evidence,
    kind: str,
    source: str,
    strength: str,
    user=None,
) -> Evidence:
    """Change what one item of evidence of one of the plan's assumptions says."""
    _check_item(plan=plan, item=evidence.assumption)
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        evidence.kind, evidence.source, evidence.strength = kind, source, strength
        evidence.full_clean()
        evidence.save(update_fields=["kind", "source", "strength"])
        plan_version_record(
            plan=plan,
            user=user,
            section="barriers-and-assumptions",
            action="evidence-change",
            subject=evidence.assumption,
        )
    return evidence


def evidence_remove(*, plan: Plan, version: int, evidence: Evidence, user=None) -> None:
    """Remove one item of evidence of one of the plan's assumptions."""
    _check_item(plan=plan, item=evidence.assumption)
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        evidence.delete()
        plan_version_record(
            plan=plan,
            user=user,
            section="barriers-and-assumptions",
            action="evidence-remove",
            subject=evidence.assumption,
        )


# -- Review: status changes ----------------------------------------------------------------------


class TransitionRefused(Exception):
    """The user may not make this change of status to the plan now; the message says why."""


def plan_transition(*, plan: Plan, user, slug: str, version: int, comment: str = "") -> Plan:
    """Change the plan's status as workflow.TRANSITIONS allows for this user and this state,
    record who, when and why, and tell the people concerned. Submitting shares the plan with its
    team, so that the team leads see it. Refused (TransitionRefused, StalePlan or
    ValidationError) with nothing changed."""
    transition = TRANSITIONS_BY_SLUG.get(slug)
    if transition is None:
        raise TransitionRefused(_("There is no such change of status."))
    comment = comment.strip()
    if transition.reason_required and not comment:
        raise ValidationError({"comment": _("Enter what needs to change, and why")})
    if len(comment) > PlanTransition._meta.get_field("comment").max_length:
        raise ValidationError({"comment": _("The comment must be 1000 characters or fewer")})
    before = (plan.version, plan.status, plan.shared_with_team)
    try:
        with transaction.atomic():
            notifications = _transition_apply(
                plan=plan, user=user, transition=transition, version=version, comment=comment
            )
    except Exception:
        # Nothing was written; the plan object says so too.
        plan.version, plan.status, plan.shared_with_team = before
        raise
    _email(notifications, plan=plan)
    return plan


def _transition_apply(*, plan: Plan, user, transition, version: int, comment: str) -> list:
    # The version claim's UPDATE locks the row, and the status is read after it, so two leads
    # deciding at once cannot both act on the same state.
    _claim_version(plan=plan, version=version)
    plan.status = Plan.objects.values_list("status", flat=True).get(pk=plan.pk)
    why = refusal(transition=transition, plan=plan, actors=actors_of(plan=plan, user=user))
    if why:
        raise TransitionRefused(why)
    from_status = plan.status
    plan.status = transition.target
    fields = ["status", "updated_at"]
    if transition.target == PlanStatus.SUBMITTED:
        plan.shared_with_team = True
        fields.append("shared_with_team")
    plan.save(update_fields=fields)
    PlanTransition.objects.create(
        plan=plan, from_status=from_status, to_status=plan.status, by=user, comment=comment
    )
    # The history shows each step of the review beside the content's changes.
    plan_version_record(
        plan=plan, user=user, section="status", action=f"status-{transition.slug}", reason=comment
    )
    recipients, kind = _notified(plan=plan, user=user, target=transition.target)
    return _notify(plan=plan, user=user, recipients=recipients, kind=kind)


def _notified(*, plan: Plan, user, target: str) -> tuple[list, str | None]:
    """Who hears of a change: the team's leads when a plan comes in for review, its owner and
    collaborators when it is sent back or approved. Never the person who made the change."""
    if target in (PlanStatus.SUBMITTED, PlanStatus.RESUBMITTED):
        people = User.objects.filter(
            memberships__team=plan.team, memberships__role=Role.TEAM_LEAD, is_active=True
        )
        kind = NotificationKind.SUBMITTED
    elif target in (PlanStatus.CHANGES_REQUESTED, PlanStatus.APPROVED):
        # Only those still in the plan's team: someone who has left hears no more of it.
        people = User.objects.filter(
            models.Q(pk=plan.owner_id) | models.Q(collaborating_plans=plan),
            memberships__team=plan.team,
            is_active=True,
        )
        kind = (
            NotificationKind.RETURNED
            if target == PlanStatus.CHANGES_REQUESTED
            else NotificationKind.APPROVED
        )
    else:
        return [], None
    return list(people.exclude(pk=user.pk).distinct().order_by("email")), kind


def _notification_message(*, plan: Plan, user, kind: str) -> str:
    who = str(user)
    if kind == NotificationKind.SUBMITTED:
        return _("%(who)s sent “%(plan)s” for your review.") % {"who": who, "plan": plan.title}
    if kind == NotificationKind.RETURNED:
        return _("%(who)s asked for changes to “%(plan)s”.") % {"who": who, "plan": plan.title}
    return _("%(who)s approved “%(plan)s”.") % {"who": who, "plan": plan.title}


def _notify(*, plan: Plan, user, recipients: list, kind: str | None) -> list[Notification]:
    if kind is None:
        return []
    message = _notification_message(plan=plan, user=user, kind=kind)
    return Notification.objects.bulk_create(
        [Notification(user=person, plan=plan, kind=kind, message=message) for person in recipients]
    )


def _email(notifications: list[Notification], *, plan: Plan) -> None:
    """One email per person, through Django's email backend, once the change is committed: a
    mail server that is down or slow must not undo a decision nor turn it into an error page,
    and the in-app notification remains whatever happens to the email."""
    if notifications:
        ids = [notification.pk for notification in notifications]
        transaction.on_commit(lambda: notification_emails_send(ids))


def notification_emails_send(notification_ids: list[int]) -> None:
    """Send the emails of these notifications. Each is recorded on its notification: when it
    was handed to the mail server, or why it could not be (and the failure is logged)."""
    notifications = Notification.objects.filter(pk__in=notification_ids).select_related(
        "plan", "user"
    )
    for notification in notifications:
        plan = notification.plan
        link = settings.SITE_URL + reverse(
            "theory_of_change:plan_review", kwargs={"plan_id": plan.pk}
        )
        try:
            send_mail(
                # A header is one line: the plan's title can never add a header or break one.
                subject=for_header(_("IOI Planner: %(plan)s") % {"plan": plan.title}),
                message=_("%(message)s\n\nThe plan’s review page: %(link)s")
                % {"message": notification.message, "link": link},
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.user.email],
            )
        except Exception as error:
            logger.exception("Could not email notification %s to its recipient", notification.pk)
            Notification.objects.filter(pk=notification.pk).update(
                email_error=f"{type(error).__name__}: {error}"[:EMAIL_ERROR_MAX_LENGTH]
            )
        else:
            Notification.objects.filter(pk=notification.pk).update(
                emailed_at=timezone.now(), email_error=""
            )


def notifications_mark_read(*, user) -> int:
    """Mark all of the user's unread notifications read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# -- Review: comments ----------------------------------------------------------------------------


def review_comment_add(
    *, plan: Plan, user, section: str, text: str, parent: ReviewComment | None = None
) -> ReviewComment:
    """A comment on one section of the plan, or a reply to a comment of the same plan (a reply
    to a reply joins the same thread). Callers check the user may comment (access.py)."""
    if section not in STEPS_BY_SLUG:
        raise ValidationError({"section": _("Select a section of the plan")})
    if parent is not None:
        if parent.plan_id != plan.pk:
            raise ValidationError(_("You can only reply to a comment on this plan"))
        parent = parent.parent or parent
        section = parent.section
    comment = ReviewComment(
        plan=plan, section=section, author=user, text=text.strip(), parent=parent
    )
    if not comment.text:
        raise ValidationError({"text": _("Enter a comment")})
    comment.full_clean()
    comment.save()
    return comment


def review_comment_resolve(*, plan: Plan, user, comment: ReviewComment) -> ReviewComment:
    """Mark a thread resolved (its first comment); resolving it again changes nothing."""
    if comment.plan_id != plan.pk:
        raise ValidationError(_("That comment is not on this plan"))
    thread = comment.parent or comment
    if thread.resolved_at is None:
        thread.resolved_by = user
        thread.resolved_at = timezone.now()
        thread.save(update_fields=["resolved_by", "resolved_at"])
    return thread


# -- Collaborators -------------------------------------------------------------------------------


def plan_collaborator_add(*, plan: Plan, version: int, user: User) -> None:
    """The owner adds a collaborator from the plan's own team."""
    if user.pk == plan.owner_id:
        raise ValidationError({"user": _("The owner already edits the plan")})
    if not user.memberships.filter(team=plan.team).exists():
        raise ValidationError({"user": _("Select someone in the plan’s team")})
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        plan.collaborators.add(user)
        plan_version_record(
            plan=plan,
            user=plan.owner,
            section="collaborators",
            action="collaborator-add",
            subject=user,
        )


def plan_collaborator_remove(*, plan: Plan, version: int, user: User) -> None:
    """The owner removes a collaborator; they keep seeing the plan only if it is shared."""
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        plan.collaborators.remove(user)
        plan_version_record(
            plan=plan,
            user=plan.owner,
            section="collaborators",
            action="collaborator-remove",
            subject=user,
        )


# -- History: restoring an earlier version -----------------------------------------------------


class RestoreNotes(list):
    """What a restore could not bring back (indicators or domains deleted since), worded."""


def restore_left_out(snapshot: dict[str, Any]) -> RestoreNotes:
    """The indicators and domains of a snapshot that no longer exist, so a restore leaves them
    out. Retired indicators still exist and are kept: a retired indicator may stay on an
    outcome that had it."""
    notes = RestoreNotes()
    domain_ids = {domain["id"] for domain in snapshot["domains"]}
    existing_domains = set(Domain.objects.filter(pk__in=domain_ids).values_list("pk", flat=True))
    for domain in snapshot["domains"]:
        if domain["id"] not in existing_domains:
            notes.append(
                _("Domain %(number)s, %(name)s, is no longer in the framework, so it was left out.")
                % domain
            )
    indicator_ids = {i["id"] for o in snapshot["outcomes"] for i in o["indicators"]}
    existing = set(Indicator.objects.filter(pk__in=indicator_ids).values_list("pk", flat=True))
    for outcome in snapshot["outcomes"]:
        for indicator in outcome["indicators"]:
            if indicator["id"] not in existing:
                notes.append(
                    _(
                        "Indicator %(code)s (“%(wording)s”) is no longer in the indicator bank, "
                        "so the outcome “%(outcome)s” was restored without it."
                    )
                    % {**indicator, "outcome": outcome["text"]}
                )
    return notes


def _restore_items(
    *,
    plan: Plan,
    model: type[models.Model],
    rows: list[dict],
    fields: tuple[str, ...],
    links: Callable[[dict], dict] | None = None,
) -> dict:
    """Make the plan's parts of one kind those of the snapshot: parts it does not have are
    removed, the others changed in place, and parts removed since are made again with their
    old id (ids are never reused, so it is free) so later versions still match them up.
    Each part gets the snapshot's `fields`, the ids `links` gives for a row, and (but evidence,
    which belongs to an assumption) the plan and its position in the list.
    Returns a map from each snapshot id to the id the part has now."""
    wanted = {row["id"] for row in rows}
    owner = {"plan": plan} if model is not Evidence else {"assumption__plan": plan}
    model.objects.filter(**owner).exclude(pk__in=wanted).delete()
    current = {item.pk: item for item in model.objects.filter(**owner, pk__in=wanted)}
    taken = set(model.objects.filter(pk__in=wanted - set(current)).values_list("pk", flat=True))
    ids = {}
    for position, row in enumerate(rows, start=1):
        values = {name: row[name] for name in fields}
        if model is not Evidence:
            values.update(plan=plan, position=position)
        if links is not None:
            values.update(links(row))
        item = current.get(row["id"])
        if item is None:
            item = model(**values) if row["id"] in taken else model(pk=row["id"], **values)
            item.save(force_insert=True)
        else:
            for name, value in values.items():
                setattr(item, name, value)
            item.save()
        ids[row["id"]] = item.pk
    return ids


def plan_restore(*, plan: Plan, version: int, number: int, user=None) -> RestoreNotes:
    """Bring back an earlier version's content as a new version: nothing is overwritten, and
    the plan's history keeps every version in between. Its sharing is left as it is now."""
    recorded = PlanVersion.objects.filter(plan=plan, number=number).first()
    if recorded is None:
        raise ValidationError(_("There is no version %(number)d of this plan") % {"number": number})
    snapshot = recorded.snapshot
    with transaction.atomic():
        _claim_version(plan=plan, version=version)
        notes = restore_left_out(snapshot)
        answers = snapshot["answers"]
        for name, value in answers.items():
            setattr(plan, name, value)
        plan.save(update_fields=[*answers, "version", "updated_at"])
        plan.domains.set(Domain.objects.filter(pk__in=[d["id"] for d in snapshot["domains"]]))

        # Removing parts first, in an order where nothing is removed twice by a cascade that
        # would then be restored: assumptions (and their evidence) go with what they are about.
        outcomes = _restore_items(
            plan=plan,
            model=Outcome,
            rows=snapshot["outcomes"],
            fields=("text", "baseline", "target"),
        )
        outputs = _restore_items(
            plan=plan, model=Output, rows=snapshot["outputs"], fields=("text",)
        )
        activities = _restore_items(
            plan=plan, model=Activity, rows=snapshot["activities"], fields=("text", "inputs")
        )
        barriers = _restore_items(
            plan=plan, model=Barrier, rows=snapshot["barriers"], fields=("text",)
        )
        assumptions = _restore_items(
            plan=plan,
            model=Assumption,
            rows=snapshot["assumptions"],
            fields=("text",),
            links=lambda row: {
                "barrier_id": barriers.get(row["barrier"]),
                "activity_id": activities.get(row["activity"]),
                "output_id": outputs.get(row["output"]),
                "outcome_id": outcomes.get(row["outcome"]),
            },
        )
        evidence_rows = [
            {**evidence, "assumption": row["id"]}
            for row in snapshot["assumptions"]
            for evidence in row["evidence"]
        ]
        _restore_items(
            plan=plan,
            model=Evidence,
            rows=evidence_rows,
            fields=("kind", "source", "strength"),
            links=lambda row: {"assumption_id": assumptions[row["assumption"]]},
        )
        _restore_items(
            plan=plan,
            model=Stakeholder,
            rows=snapshot["stakeholders"],
            fields=(
                "name",
                "kind",
                "responsibility",
                "in_design",
                "in_delivery",
                "in_evaluation",
            ),
        )
        _restore_links(snapshot=snapshot, outcomes=outcomes, outputs=outputs, activities=activities)
        plan_version_record(
            plan=plan,
            user=user,
            section="restore",
            action="restore",
            reason=_("Restored version %(number)d") % {"number": number},
        )
    return notes


def _restore_links(*, snapshot: dict, outcomes: dict, outputs: dict, activities: dict) -> None:
    existing = set(
        Indicator.objects.filter(
            pk__in={i["id"] for o in snapshot["outcomes"] for i in o["indicators"]}
        ).values_list("pk", flat=True)
    )
    indicator_links = Outcome.indicators.through
    indicator_links.objects.filter(outcome_id__in=outcomes.values()).delete()
    indicator_links.objects.bulk_create(
        indicator_links(outcome_id=outcomes[row["id"]], indicator_id=indicator["id"])
        for row in snapshot["outcomes"]
        for indicator in row["indicators"]
        if indicator["id"] in existing
    )
    output_links = Output.outcomes.through
    output_links.objects.filter(output_id__in=outputs.values()).delete()
    output_links.objects.bulk_create(
        output_links(output_id=outputs[row["id"]], outcome_id=outcomes[outcome])
        for row in snapshot["outputs"]
        for outcome in row["outcomes"]
        if outcome in outcomes
    )
    activity_links = Activity.outputs.through
    activity_links.objects.filter(activity_id__in=activities.values()).delete()
    activity_links.objects.bulk_create(
        activity_links(activity_id=activities[row["id"]], output_id=outputs[output])
        for row in snapshot["activities"]
        for output in row["outputs"]
        if output in outputs
    )
