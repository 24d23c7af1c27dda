"""The framework's data: types, domains, the indicator bank, the keyword index and data sources.

Framework wording is Crown copyright under the Open Government Licence v3.0 and is carried here
as data; where it came from is recorded on every indicator (its provenance).
"""

from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from domains.languages import text_in_language


class DomainType(models.Model):
    """One of the framework's four groupings of domains. There is no hierarchy among them."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    description = models.TextField(_("description"))
    # Welsh beside English (issue 21; domains/languages.py shows the one the reader needs):
    # empty where there is no Welsh yet, and English is shown marked as English.
    name_cy = models.CharField(_("name in Welsh"), max_length=100, blank=True, default="")
    description_cy = models.TextField(_("description in Welsh"), blank=True, default="")

    class Meta:
        ordering = ["order"]
        verbose_name = _("domain type")
        verbose_name_plural = _("domain types")

    def __str__(self) -> str:
        return self.name


class Domain(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    type = models.ForeignKey(
        DomainType, on_delete=models.PROTECT, related_name="domains", verbose_name=_("type")
    )
    section = models.CharField(_("section in the framework"), max_length=10)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"))
    name_cy = models.CharField(_("name in Welsh"), max_length=100, blank=True, default="")
    summary_cy = models.CharField(_("summary in Welsh"), max_length=300, blank=True, default="")
    description_cy = models.TextField(_("description in Welsh"), blank=True, default="")

    class Meta:
        ordering = ["number"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("domains:domain_detail", kwargs={"slug": self.slug})


class Provenance(models.TextChoices):
    FRAMEWORK = "framework", _("Framework wording")
    STARTER = "starter", _("Starter wording")
    COUNCIL = "council", _("Added by a council")


class DataAvailability(models.TextChoices):
    OFFICIAL_STATISTICS = "official_statistics", _("Official statistics")
    NATIONAL_SURVEY = "national_survey", _("National survey")
    OTHER_DATA = "other_data", _("Other data")
    NO_DATA_LOCATED = "no_data_located", _("No data located")


class IndicatorStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Indicator(models.Model):
    """An outcome indicator in a domain's bank.

    Data availability is four flags rather than a list so the bank can be filtered with a plain
    WHERE clause on every database; all four false means "not yet known".
    """

    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("domain")
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    wording = models.TextField(_("wording"))
    wording_cy = models.TextField(_("wording in Welsh"), blank=True, default="")
    group = models.CharField(_("group"), max_length=120, blank=True)
    group_cy = models.CharField(_("group in Welsh"), max_length=120, blank=True, default="")
    provenance = models.CharField(_("provenance"), max_length=20, choices=Provenance.choices)
    provenance_note = models.CharField(
        _("where the wording comes from"), max_length=300, blank=True
    )
    organisation = models.ForeignKey(
        "ioi_planner.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("council"),
        help_text=_("Set only for indicators a council added; only that council sees them."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IndicatorStatus.choices, default=IndicatorStatus.ACTIVE
    )
    # Derived from its data sources (domains.services.indicators_from_sources_refresh): some
    # source publishes figures for a local authority, so it can be measured locally without
    # the council collecting its own data.
    local_data = models.BooleanField(_("figures for a local authority"), default=False)
    official_statistics = models.BooleanField(_("official statistics"), default=False)
    national_survey = models.BooleanField(_("national survey"), default=False)
    other_data = models.BooleanField(_("other data"), default=False)
    no_data_located = models.BooleanField(_("no data located"), default=False)
    toolkit_version = models.CharField(
        _("toolkit version that last changed it"), max_length=100, blank=True
    )
    # Set by a toolkit import that changes the wording: what it was, and when.
    previous_wording = models.TextField(_("wording before the last toolkit update"), blank=True)
    reworded_at = models.DateTimeField(_("reworded by a toolkit update on"), null=True, blank=True)
    # Set by a toolkit import that retires this indicator and adds one worded much like it:
    # plans that use this one are offered to switch to it in one step.
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("replaced by"),
    )
    # What search reads besides the wording: the names and publishers of the data sources and
    # the survey questions that measure it. Kept by domains.services.indicators_from_sources_refresh
    # whenever questions change (domains/search.py indexes it).
    search_text = models.TextField(
        _("text searched besides the wording"), blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain__number", "group", "code"]
        indexes = [models.Index(fields=["provenance", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(provenance="council", organisation__isnull=False)
                | (~models.Q(provenance="council") & models.Q(organisation__isnull=True)),
                name="indicator_council_provenance_has_organisation",
            )
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.wording

    def get_absolute_url(self) -> str:
        return reverse("domains:indicator_detail", kwargs={"pk": self.pk})

    @property
    def data_availability(self) -> list[str]:
        """Labels of the kinds of data known to exist; empty when not yet known."""
        return [label for value, label in DataAvailability.choices if getattr(self, value)]

    @property
    def is_retired(self) -> bool:
        return self.status == IndicatorStatus.RETIRED

    @property
    def recently_reworded(self) -> bool:
        """A toolkit update changed its wording in the last REWORDED_MARK_DAYS days."""
        if not self.previous_wording or self.reworded_at is None:
            return False
        return timezone.now() - self.reworded_at <= timedelta(days=REWORDED_MARK_DAYS)

    @property
    def wording_marked(self) -> str:
        """The wording, marked in words (not by colour alone) when a toolkit update has retired
        the indicator or recently reworded it: what plans, their evaluation page and exports
        show."""
        wording = text_in_language(self, "wording")  # Welsh for a Welsh reader, where it has it
        if self.is_retired:
            return f"{wording} {RETIRED_MARK}"
        if self.recently_reworded:
            mark = _("(reworded by a toolkit update on %(date)s; it was: “%(old)s”)") % {
                "date": date_format(timezone.localtime(self.reworded_at), "j F Y"),
                "old": self.previous_wording,
            }
            return f"{wording} {mark}"
        return wording


RETIRED_MARK = _("(retired: no longer in the Home Office toolkit; choose another)")
# How long a reworded indicator is marked as such wherever plans show it: long enough for a plan's
# next review to see what changed (councils review plans at least twice a year).
REWORDED_MARK_DAYS = 183


# A data source's level of data that means figures for a local authority ("local authority",
# "Local Authority and ward"): matched in lower case.
LOCAL_LEVEL = "local authority"


class IndexTerm(models.Model):
    """An entry of the practitioners' keyword index: an everyday word and the domains it maps to.

    The same term can appear more than once with different domains, so the natural key is the
    term together with its domain numbers.
    """

    key = models.CharField(_("key"), max_length=300, unique=True)
    term = models.CharField(_("term"), max_length=200, db_index=True)
    domains = models.ManyToManyField(Domain, related_name="index_terms", verbose_name=_("domains"))

    class Meta:
        ordering = ["term", "key"]
        verbose_name = _("index term")
        verbose_name_plural = _("index terms")

    def __str__(self) -> str:
        return self.term

    @staticmethod
    def make_key(term: str, domain_numbers: list[int]) -> str:
        return f"{term}|{','.join(str(n) for n in sorted(domain_numbers))}"


class DataSource(models.Model):
    """A UK data source from the Home Office toolkit (filled by toolkit imports)."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    geography_level = models.CharField(_("level of data"), max_length=300, blank=True)
    frequency = models.CharField(_("collection frequency"), max_length=300, blank=True)
    disaggregation = models.TextField(_("how the data can be disaggregated"), blank=True)
    # In Welsh, where known (the starter sources': fixtures/framework/starter-sources.json); a
    # toolkit import that rewrites a source drops them (domains/languages.py shows the English,
    # marked, where there is no Welsh). The name is the publication's own and stays as it is.
    publisher_cy = models.CharField(_("publisher in Welsh"), max_length=300, blank=True)
    frequency_cy = models.CharField(_("collection frequency in Welsh"), max_length=300, blank=True)
    disaggregation_cy = models.TextField(
        _("how the data can be disaggregated, in Welsh"), blank=True
    )
    url = models.URLField(_("link to the data"), max_length=1000, blank=True)
    technical_url = models.URLField(_("link to technical information"), max_length=1000, blank=True)
    is_starter = models.BooleanField(
        _("starter source"),
        default=False,
        help_text=_(
            "Written for this service to show what could measure a starter indicator; to be "
            "checked against the publisher. A toolkit import that names it makes it the toolkit's."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")

    def __str__(self) -> str:
        return self.name

    @property
    def is_local(self) -> bool:
        """Whether it publishes figures for a local authority (its level of data says so)."""
        return LOCAL_LEVEL in self.geography_level.lower()


class IndicatorQuestion(models.Model):
    """A survey question or variable from a data source that measures an indicator."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="questions", verbose_name=_("indicator")
    )
    data_source = models.ForeignKey(
        DataSource,
        on_delete=models.PROTECT,
        related_name="questions",
        null=True,
        blank=True,
        verbose_name=_("data source"),
    )
    text = models.TextField(_("question or variable"))
    text_cy = models.TextField(_("question or variable in Welsh"), blank=True)

    class Meta:
        ordering = ["indicator", "data_source__name", "pk"]
        verbose_name = _("indicator question")
        verbose_name_plural = _("indicator questions")

    def __str__(self) -> str:
        return self.text


class SearchSynonym(models.Model):
    """An everyday word or phrase and the words the bank uses for the same idea, so that a
    search for "loneliness" also finds indicators about isolation and friendships.

    Written for this service (fixtures/framework/synonyms.json says by whom and on what basis);
    not part of the Home Office framework.
    """

    phrase = models.CharField(_("word or phrase searched for"), max_length=100, unique=True)
    related = models.JSONField(_("words and phrases also searched"), default=list)
    provenance_note = models.CharField(_("where this comes from"), max_length=300, blank=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return self.phrase
