"""A plan and the parts of its Theory of Change, built backwards from the long-term impact.

impact ← outcomes (measured by indicators) ← outputs ← activities (with their inputs);
barriers and assumptions (with evidence) sit beside the chain; stakeholders share the work.
"""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ioi_planner.fields import LimitedTextField
from ioi_planner.versioning import VersionRecord

from .choices import (
    EvidenceKind,
    EvidenceStrength,
    InterventionKind,
    NotificationKind,
    PlanLanguage,
    PlanStatus,
    StakeholderKind,
)

if TYPE_CHECKING:
    from domains.models import DomainType
    from theory_of_change.review.selectors import CommentRow

TEXT_MAX_LENGTH = 1000
SHORT_MAX_LENGTH = 200


class Plan(models.Model):
    # Its authors change a plan only while it is with them (theory_of_change.access reads this).
    EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED)
    # The evaluation goes on while the plan is reviewed and delivered (measurements are taken
    # long after approval): only an archived plan's evaluation is read-only.
    EVALUATION_EDITABLE_STATUSES = tuple(s for s in PlanStatus if s != PlanStatus.ARCHIVED)

    # Not fields: attached by plan_for_display and plan_for_review for the page's presenters.
    domain_types: list["DomainType"]
    comments: list["CommentRow"]  # plan_for_review: the comments as plain values
    transition_list: list["PlanTransition"]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        "ioi_planner.Team", on_delete=models.PROTECT, related_name="plans", verbose_name=_("team")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_plans",
        verbose_name=_("owner"),
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="collaborating_plans",
        verbose_name=_("collaborators"),
    )
    title = models.CharField(_("title"), max_length=SHORT_MAX_LENGTH)
    place = models.CharField(_("place"), max_length=SHORT_MAX_LENGTH, blank=True)
    intervention_kind = models.CharField(
        _("new or existing"), max_length=10, choices=InterventionKind.choices, blank=True
    )
    audience = LimitedTextField(_("who it is for"), max_length=TEXT_MAX_LENGTH, blank=True)
    language = models.CharField(
        _("written in"), max_length=10, choices=PlanLanguage.choices, default=PlanLanguage.ENGLISH
    )
    problem = LimitedTextField(_("integration problem"), max_length=TEXT_MAX_LENGTH, blank=True)
    impact = LimitedTextField(_("long-term impact"), max_length=TEXT_MAX_LENGTH, blank=True)
    domains = models.ManyToManyField(
        "domains.Domain", blank=True, related_name="plans", verbose_name=_("domains")
    )
    stakeholder_agreement = LimitedTextField(
        _("what the stakeholders have agreed"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    shared_with_team = models.BooleanField(_("shared with the team"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    example = models.SlugField(_("worked example it started from"), blank=True)
    # Bumped on every saved change; forms carry it so a stale form is refused, not applied.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("theory_of_change:plan_detail", kwargs={"plan_id": self.pk})


class PlanItem(models.Model):
    """Common to every listed part of a plan: ordered within the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="%(class)ss")
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["position", "created_at"]


class Outcome(PlanItem):
    """An intermediate outcome: a short-term change in behaviour."""

    text = LimitedTextField(_("outcome"), max_length=TEXT_MAX_LENGTH)
    indicators = models.ManyToManyField(
        "domains.Indicator", blank=True, related_name="outcomes", verbose_name=_("indicators")
    )
    baseline = models.CharField(_("baseline"), max_length=SHORT_MAX_LENGTH, blank=True)
    target = models.CharField(_("target"), max_length=SHORT_MAX_LENGTH, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return self.text


class Output(PlanItem):
    """A countable product of the activities."""

    text = LimitedTextField(_("output"), max_length=TEXT_MAX_LENGTH)
    outcomes = models.ManyToManyField(
        Outcome, blank=True, related_name="outputs", verbose_name=_("outcomes it serves")
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("output")
        verbose_name_plural = _("outputs")

    def __str__(self) -> str:
        return self.text


class Activity(PlanItem):
    """What is done, and the inputs (funds, staff, equipment, materials) it takes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    text = LimitedTextField(_("activity"), max_length=TEXT_MAX_LENGTH)
    inputs = LimitedTextField(_("inputs"), max_length=TEXT_MAX_LENGTH, blank=True)
    outputs = models.ManyToManyField(
        Output, blank=True, related_name="activities", verbose_name=_("outputs it leads to")
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.text


class Barrier(PlanItem):
    text = LimitedTextField(_("barrier"), max_length=TEXT_MAX_LENGTH)

    class Meta(PlanItem.Meta):
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")

    def __str__(self) -> str:
        return self.text


class Assumption(PlanItem):
    """Something taken to be true for the plan to work, attached to a barrier or to one link
    of the chain: activity → output, output → outcome, or outcome → impact."""

    text = LimitedTextField(_("assumption"), max_length=TEXT_MAX_LENGTH)
    barrier = models.ForeignKey(
        Barrier, on_delete=models.CASCADE, null=True, blank=True, related_name="assumptions"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="assumptions"
    )
    output = models.ForeignKey(
        Output, on_delete=models.CASCADE, null=True, blank=True, related_name="assumptions"
    )
    outcome = models.ForeignKey(
        Outcome, on_delete=models.CASCADE, null=True, blank=True, related_name="assumptions"
    )

    class Meta(PlanItem.Meta):
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")

    def __str__(self) -> str:
        return self.text


class Evidence(models.Model):
    assumption = models.ForeignKey(
        Assumption, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("assumption")
    )
    kind = models.CharField(_("kind of evidence"), max_length=20, choices=EvidenceKind.choices)
    source = models.CharField(_("source"), max_length=SHORT_MAX_LENGTH)
    strength = models.CharField(_("how strong"), max_length=10, choices=EvidenceStrength.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.source


class Stakeholder(PlanItem):
    name = models.CharField(_("who"), max_length=SHORT_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=30, choices=StakeholderKind.choices)
    responsibility = LimitedTextField(_("responsibility"), max_length=TEXT_MAX_LENGTH, blank=True)
    in_design = models.BooleanField(_("involved in design"), default=False)
    in_delivery = models.BooleanField(_("involved in delivery"), default=False)
    in_evaluation = models.BooleanField(_("involved in evaluation"), default=False)

    class Meta(PlanItem.Meta):
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return self.name


# -- Review: status changes, comments and notifications ------------------------------------------


class PlanTransition(models.Model):
    """One change of a plan's status: who made it, when, and what they said."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=PlanStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="plan_transitions",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = LimitedTextField(_("comment"), max_length=TEXT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class ReviewComment(models.Model):
    """A comment on one section of a plan (a step's slug), or a reply to one."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="review_comments")
    section = models.SlugField(_("section"), max_length=50)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_comments",
        verbose_name=_("author"),
    )
    text = LimitedTextField(_("comment"), max_length=TEXT_MAX_LENGTH)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.text


EMAIL_ERROR_MAX_LENGTH = 300


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    message = models.TextField(_("message"))
    # The language the message was written in (its reader's, at the time): shown with `lang`
    # on a page in another language. Empty for notifications from before it was kept.
    language = models.CharField(_("language"), max_length=10, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The email sent after the change is committed: when the mail server took it, or why it
    # could not (both empty until it is tried).
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    email_error = models.CharField(
        _("why the email could not be sent"), max_length=EMAIL_ERROR_MAX_LENGTH, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.message


class PlanVersion(VersionRecord):
    """One saved change of a plan (see ioi_planner/versioning.py): who made it, in which section
    (a step slug from shape.py, or "restore"), and the whole plan's content afterwards
    (theory_of_change/snapshots.py), so any two versions can be compared and an earlier one
    restored as a new version. Rows are only ever added."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    # Nullable: scripts (seed_demo, benchmarks) change plans without a person behind them.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_versions",
        verbose_name=_("author"),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"
