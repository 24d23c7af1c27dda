"""The choices of the plan's models: what kind of intervention, its language and status,
kinds of evidence and stakeholder, and notification. Kept apart from the models (models.py
re-exports them) so that each file reads in one go."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterventionKind(models.TextChoices):
    NEW = "new", _("A new intervention")
    EXISTING = "existing", _("An existing intervention")


class PlanLanguage(models.TextChoices):
    """The language a plan is written in, by the people who write it (issue 21): pages and
    exports mark its text with it (`lang`) where it differs from theirs, so a screen reader
    reads an English plan on a Welsh page with English pronunciation. A plan written in both
    cannot say which text is in which: its text is left unmarked."""

    ENGLISH = "en-gb", _("English")
    WELSH = "cy", _("Welsh (Cymraeg)")
    BOTH = "both", _("Both English and Welsh")

    @classmethod
    def code(cls, value: str) -> str | None:
        """The language code to mark the plan's text with, or None for a plan in both."""
        return value if value in (cls.ENGLISH, cls.WELSH) else None


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    ARCHIVED = "archived", _("Archived")


class EvidenceKind(models.TextChoices):
    STATISTICS = "statistics", _("Statistics")
    SURVEY = "survey", _("Survey")
    CONSULTATION = "consultation", _("Consultation or focus group")
    RESEARCH = "research", _("Research")
    SERVICE_RECORDS = "service_records", _("Service records")
    PRACTITIONER = "practitioner", _("Practitioner knowledge")


class EvidenceStrength(models.TextChoices):
    STRONG = "strong", _("Strong")
    MODERATE = "moderate", _("Moderate")
    WEAK = "weak", _("Weak")


class StakeholderKind(models.TextChoices):
    NEWCOMERS = "newcomers", _("Newcomers")
    RECEIVING_COMMUNITY = "receiving_community", _("Receiving community")
    STATUTORY = "statutory", _("Statutory service")
    VOLUNTARY = "voluntary", _("Voluntary or community group")
    EMPLOYER = "employer", _("Employer")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    FAITH = "faith", _("Faith group")
    OTHER = "other", _("Other")


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Changes requested")
    APPROVED = "approved", _("Approved")
    INDICATORS = "indicators", _("Indicators changed by a toolkit update")
