"""A plan's evaluation, in the layout of Annex 1 of the Theory of Change Guide Part B.

One OutcomeEvaluation per intermediate outcome holds the Annex-1 rows that are not already the
outcome's own (its text and indicators); Samples hang off it. Measurements and targets are per
indicator the plan uses, for named groups of people.
"""

from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ioi_planner.fields import LimitedTextField
from theory_of_change.models import SHORT_MAX_LENGTH, TEXT_MAX_LENGTH


class CollectionMethod(models.TextChoices):
    SURVEY = "survey", _("Survey")
    INTERVIEW = "interview", _("Interview")
    FOCUS_GROUP = "focus_group", _("Focus group")
    OBSERVATION = "observation", _("Observation")
    SERVICE_RECORDS = "service_records", _("Service records")
    PARTICIPANT_FEEDBACK = (
        "participant_feedback",
        _("Participant feedback, such as feedback boxes or end-of-activity notes"),
    )
    CREATIVE_OUTPUTS = "creative_outputs", _("Creative outputs")
    CASE_STUDIES = "case_studies", _("Case studies")
    OTHER = "other", _("Other")


class OutcomeEvaluation(models.Model):
    """The evaluation block of one outcome (Annex 1 rows 2 and 4 to 9)."""

    outcome = models.OneToOneField(
        "theory_of_change.Outcome",
        on_delete=models.CASCADE,
        related_name="evaluation",
        verbose_name=_("outcome"),
    )
    framework_domain = models.ForeignKey(
        "domains.Domain",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("framework outcome (domain)"),
    )
    framework_outcome = LimitedTextField(
        _("framework outcome, in your words"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    data_sources = LimitedTextField(
        _("data sources and frequency"), max_length=TEXT_MAX_LENGTH * 4, blank=True
    )
    questions = LimitedTextField(_("questions"), max_length=TEXT_MAX_LENGTH * 4, blank=True)
    council_sources = LimitedTextField(_("council sources"), max_length=TEXT_MAX_LENGTH, blank=True)
    methods = models.JSONField(_("data collection methods"), default=list, blank=True)
    related_activities = LimitedTextField(
        _("methods and related activities"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    responsibility = LimitedTextField(_("responsibility"), max_length=TEXT_MAX_LENGTH, blank=True)
    analysis_process = LimitedTextField(
        _("data collection and analysis process"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    milestones = LimitedTextField(_("milestones"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome evaluation")
        verbose_name_plural = _("outcome evaluations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="evaluation_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.outcome)


class SampleGroup(models.TextChoices):
    PARTICIPANTS = "participants", _("Participants")
    COMMUNITY = "community", _("The wider local community")
    COMPARISON = "comparison", _("A comparison group")
    OTHER = "other", _("Another group")


class Sample(models.Model):
    """Who data is collected from for an outcome, and how many (Annex 1 row 6)."""

    evaluation = models.ForeignKey(
        OutcomeEvaluation, on_delete=models.CASCADE, related_name="samples"
    )
    group = models.CharField(_("group"), max_length=20, choices=SampleGroup.choices)
    description = models.CharField(_("description"), max_length=SHORT_MAX_LENGTH, blank=True)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gte=0), name="sample_size_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.size}"


class GroupKind(models.TextChoices):
    """The groups every plan has ready-made, and the plan's own. Parity between newcomers and
    the receiving community is how the framework's multi-directional principle is measured."""

    NEWCOMERS = "newcomers", _("Newcomers")
    RECEIVING = "receiving", _("The receiving community (long-standing residents)")
    ALL = "all", _("All residents")
    OWN = "own", _("A group of the plan’s own")


READY_MADE_GROUPS = (GroupKind.NEWCOMERS, GroupKind.RECEIVING, GroupKind.ALL)


def fold_group_name(name: str) -> str:
    """One spelling of a group's name: spaces collapsed and trimmed (case is kept for display,
    and compared case-blind)."""
    return " ".join(name.split())


class MeasurementGroup(models.Model):
    """A group of people a plan measures: one of the ready-made groups, or one the plan names.
    Measurements and targets pick from these, so one group is never spelt two ways."""

    plan = models.ForeignKey(
        "theory_of_change.Plan", on_delete=models.CASCADE, related_name="measurement_groups"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("measurement group")
        verbose_name_plural = _("measurement groups")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind"],
                condition=~models.Q(kind="own"),
                name="one_of_each_ready_made_group",
            ),
            models.UniqueConstraint(
                Lower("name"),
                "plan",
                condition=models.Q(kind="own"),
                name="own_group_names_differ",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="own") & ~models.Q(name=""))
                | (~models.Q(kind="own") & models.Q(name="")),
                name="own_groups_are_named",
            ),
        ]

    def __str__(self) -> str:
        return self.name if self.kind == GroupKind.OWN else str(GroupKind(self.kind).label)

    @property
    def choice(self) -> str:
        """The value a form's group field gives this group."""
        return str(self.pk) if self.kind == GroupKind.OWN else self.kind


class MeasurementKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    LATER = "later", _("Later value")


class Measurement(models.Model):
    """A value of one of the plan's indicators for one of its groups, on a date, from a
    source."""

    plan = models.ForeignKey(
        "theory_of_change.Plan", on_delete=models.CASCADE, related_name="measurements"
    )
    indicator = models.ForeignKey(
        "domains.Indicator", on_delete=models.PROTECT, related_name="measurements"
    )
    group = models.ForeignKey(
        MeasurementGroup,
        # A group in use is not removed (evaluation.groups refuses it); RESTRICT still lets
        # the whole plan go, its groups, measurements and targets with it.
        on_delete=models.RESTRICT,
        related_name="measurements",
        verbose_name=_("group"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MeasurementKind.choices)
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=SHORT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "group", "measured_on", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.group} {self.measured_on}: {self.value}"


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    MAINTAIN = "maintain", _("Maintain")


class IndicatorTarget(models.Model):
    """A milestone the plan aims for on one of its indicators, for one group: a value by a
    date, and which way the value should move to get there."""

    plan = models.ForeignKey(
        "theory_of_change.Plan", on_delete=models.CASCADE, related_name="indicator_targets"
    )
    indicator = models.ForeignKey(
        "domains.Indicator", on_delete=models.PROTECT, related_name="targets"
    )
    group = models.ForeignKey(
        MeasurementGroup,
        # A group in use is not removed (evaluation.groups refuses it); RESTRICT still lets
        # the whole plan go, its groups, measurements and targets with it.
        on_delete=models.RESTRICT,
        related_name="targets",
        verbose_name=_("group"),
    )
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    # Required for every target set since targets have dates; targets set before that may
    # have none, and count as the last.
    due_on = models.DateField(_("by when"), null=True, blank=True)
    direction = models.CharField(
        _("direction of change"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.INCREASE,
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        ordering = ["indicator", "group", F("due_on").asc(nulls_last=True), "pk"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "group", "due_on"],
                name="one_target_per_group_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.group}): {self.value}"
