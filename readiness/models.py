"""Team readiness (issue 19). So far: the practitioners' guide's Exercise 1 as a guided
exercise, `Exercise`: one intervention thought through one domain of each type of the
framework, each with why it matters to the problem, then started as a plan."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ioi_planner.fields import LimitedTextField
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
