"""Team readiness: the practitioners' guide's Exercise 1 as a guided exercise (`Exercise`: one
intervention thought through one domain of each type of the framework, each with why it matters
to the problem, then started as a plan), and a team's readiness self-assessment (`Assessment`)
of the six areas where councils met barriers to using the framework."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ioi_planner.fields import LimitedTextField
from ioi_planner.versioning import VersionRecord
from theory_of_change.models import SHORT_MAX_LENGTH, TEXT_MAX_LENGTH


class Exercise(models.Model):
    """One person's worksheet, private to them: the problem, then a domain of each type."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exercises",
        verbose_name=_("owner"),
    )
    # The team a plan started from it belongs to (its council's bank is searched).
    team = models.ForeignKey("ioi_planner.Team", on_delete=models.CASCADE, related_name="exercises")
    title = models.CharField(_("working title"), max_length=SHORT_MAX_LENGTH)
    problem = LimitedTextField(_("problem"), max_length=TEXT_MAX_LENGTH)
    # Optimistic locking, as for plans: a form made from an older version is refused.
    version = models.PositiveIntegerField(default=1)
    plan = models.ForeignKey(
        "theory_of_change.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan started from it"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("Exercise 1")
        verbose_name_plural = _("Exercise 1 worksheets")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("readiness:exercise_detail", kwargs={"exercise_id": self.pk})


class ExerciseDomain(models.Model):
    """A domain chosen in the exercise (one of each type), and why it matters to the problem."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="choices")
    domain = models.ForeignKey("domains.Domain", on_delete=models.PROTECT, related_name="+")
    why = LimitedTextField(_("why it matters"), max_length=TEXT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["domain__type__order", "domain__number"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "domain"], name="one_choice_per_domain")
        ]

    def __str__(self) -> str:
        return str(self.domain)


class Area(models.TextChoices):
    """The six areas where councils told the practitioners' guide they met barriers to using
    the framework (readiness/areas.py says what each is about, with examples)."""

    LEADERSHIP = "leadership", _("Leadership and coordination")
    PRIORITIES = "priorities", _("Setting priorities")
    RESOURCES = "resources", _("Resources, including time")
    EVALUATION = "evaluation", _("Commitment to evaluation")
    DATA = "data", _("Monitoring and data collection")
    UNDERSTANDING = "understanding", _("Understanding of the framework")


class Rating(models.TextChoices):
    """Where a team stands in an area, from least to most in place."""

    NOT_YET = "not-yet", _("Not yet in place")
    PARTLY = "partly", _("Partly in place")
    ESTABLISHED = "established", _("Established")


RATING_ORDER = {Rating.NOT_YET: 0, Rating.PARTLY: 1, Rating.ESTABLISHED: 2}


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent for review")
    CHANGES_REQUESTED = "changes-requested", _("Changes requested")
    REVIEWED = "reviewed", _("Reviewed")


class Assessment(models.Model):
    """A team's readiness self-assessment, one round of it: where the team stands in each area,
    its challenges and how it will plan around them, and actions with an owner and a date. The
    team's members fill it in, its team leads review it; each change is kept as a version."""

    EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.CHANGES_REQUESTED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        "ioi_planner.Team",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("team"),
    )
    round = models.PositiveIntegerField(_("round"))  # 1 for a team's first, then 2, 3 ...
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started from"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    # Optimistic locking and history (ioi_planner/versioning.py): AssessmentVersion.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The latest decision of a team lead, and their comment (required when asking for changes).
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team lead"),
    )
    reviewed_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    review_comment = LimitedTextField(_("comment"), max_length=TEXT_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["team__name", "-round"]
        verbose_name = _("readiness assessment")
        verbose_name_plural = _("readiness assessments")
        constraints = [
            models.UniqueConstraint(fields=["team", "round"], name="one_assessment_per_round")
        ]

    def __str__(self) -> str:
        return _("%(team)s, readiness round %(round)d") % {
            "team": self.team.name,
            "round": self.round,
        }

    def get_absolute_url(self) -> str:
        return reverse("readiness:assessment_detail", kwargs={"assessment_id": self.pk})

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE_STATUSES


class AreaAnswer(models.Model):
    """A team's answer for one area: where it stands, its challenges, how it will plan around
    them."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    rating = models.CharField(_("where the team stands"), max_length=20, choices=Rating.choices)
    challenges = LimitedTextField(_("challenges"), max_length=TEXT_MAX_LENGTH, blank=True)
    response = LimitedTextField(
        _("how the team will plan around them"), max_length=TEXT_MAX_LENGTH, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"], name="one_answer_per_area")
        ]

    def __str__(self) -> str:
        return self.get_area_display()


class Action(models.Model):
    """Something the team will do about an area, by whom and by when. Open actions are carried
    into the team's next round (`carried_from`) until they are done."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    text = models.CharField(_("action"), max_length=SHORT_MAX_LENGTH)
    # Someone in the team; null once they are gone with no successor (readiness/leavers.py).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="readiness_actions",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due by"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # A plan of the team the action is for, linked by a team lead.
    plan = models.ForeignKey(
        "theory_of_change.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("readiness action")
        verbose_name_plural = _("readiness actions")

    def __str__(self) -> str:
        return self.text


class AssessmentVersion(VersionRecord):
    """One saved change of an assessment and its content afterwards (readiness/areas.py)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="versions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="assessment_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} v{self.number}"
