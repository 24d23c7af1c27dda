"""The wizard's forms for the plan's own answers: details, problem and impact, domains, the
domain search and sharing. Forms validate and shape input and carry the GOV.UK layout; views pass
the cleaned values to services.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Fluid, Size
from django import forms
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from domains.forms import QUERY_MAX_LENGTH
from domains.languages import numbered_name, text_in_language
from domains.models import Domain, DomainType
from ioi_planner.text import UserTextFormMixin
from theory_of_change.forms import SAVE_AND_CONTINUE, form_helper, text_messages
from theory_of_change.models import (
    SHORT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    InterventionKind,
    Plan,
    PlanLanguage,
)
from theory_of_change.steps import REQUIRED_DOMAIN_TYPES
from theory_of_change.versioning import VersionedForm, VersionedModelForm

PLAN_DETAIL_MESSAGES = {
    "title": text_messages(_("a title for the plan"), SHORT_MAX_LENGTH),
    "place": text_messages(_("the place"), SHORT_MAX_LENGTH),
    "audience": text_messages(_("who the intervention is for"), TEXT_MAX_LENGTH),
    "intervention_kind": {"required": _("Select whether the intervention is new or existing")},
}


class _WrittenIn:
    """A form sent without the plan's language (not offered, or an old page) keeps what the
    plan had, or English for a new one."""

    def clean_language(self):
        return (
            self.cleaned_data.get("language")
            or self.instance.language  # type: ignore[attr-defined]
            or PlanLanguage.ENGLISH
        )


class PlanDetailsForm(_WrittenIn, VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["title", "place", "intervention_kind", "audience", "language"]
        labels = {
            "title": _("Title"),
            "place": _("Place"),
            "intervention_kind": _("Is this a new or an existing intervention?"),
            "audience": _("Who is it for?"),
            "language": _("Which language is the plan written in?"),
        }
        help_texts = {
            "title": _("A short name your team will recognise, like ‘Friendship club’"),
            "place": _("The neighbourhood, town or area where the work happens"),
            "audience": _(
                "Name both the newcomers and the people of the receiving community it involves: "
                "integration works in both directions"
            ),
            "language": _(
                "The plan’s text is marked as in this language on pages and in downloads, so "
                "screen readers read it correctly for people using the service in the other."
            ),
        }
        widgets = {
            "intervention_kind": forms.RadioSelect,
            "audience": forms.Textarea,
            "language": forms.RadioSelect,
        }
        error_messages = PLAN_DETAIL_MESSAGES

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, instance=plan, **kwargs)
        _plan_details_set_up(self, "version")


def _plan_details_set_up(form: forms.ModelForm, *extra) -> None:
    """Step 1's questions, for a new plan (with the team first) and for an existing one."""
    form.fields["intervention_kind"].choices = InterventionKind.choices
    language = form.fields["language"]
    language.choices = PlanLanguage.choices
    # Always answered on the page (one is chosen to start with); a form sent without it keeps
    # what the plan had.
    language.required = False
    if form.instance._state.adding and translation.get_language() in PlanLanguage.values:
        form.initial["language"] = translation.get_language()  # a new plan: its author's
    for name in ["intervention_kind", "place", "audience"]:
        form.fields[name].required = True
    first = [item for item in extra if item != "version"]
    last = [item for item in extra if item == "version"]
    form.helper = form_helper(
        *first,
        Field.text("title", label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS),
        Field.text("place", label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS),
        Field.radios("intervention_kind", legend_size=Size.MEDIUM),
        Field.textarea("audience", label_size=Size.MEDIUM, rows=4),
        Field.radios("language", legend_size=Size.MEDIUM),
        *last,
        Button("submit", SAVE_AND_CONTINUE),
    )


class PlanCreateForm(_WrittenIn, UserTextFormMixin, forms.ModelForm):
    """Step 1 for a new plan; the team is asked only when the user is in more than one."""

    team = forms.ModelChoiceField(
        queryset=None,
        label=_("Which team is this plan for?"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Select the team this plan is for"),
            "invalid_choice": _("Select one of your teams"),
        },
    )

    class Meta(PlanDetailsForm.Meta):
        fields = ["team", *PlanDetailsForm.Meta.fields]

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda team: team.name
        extra = []
        if teams.count() > 1:
            extra.append(Field.radios("team", legend_size=Size.MEDIUM))
        else:
            self.fields["team"].required = False
            self.fields["team"].widget = forms.HiddenInput()
            self._only_team = teams.first()
        _plan_details_set_up(self, *extra)

    def clean_team(self):
        return self.cleaned_data.get("team") or getattr(self, "_only_team", None)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ProblemImpactForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["problem", "impact"]
        labels = {
            "problem": _("What is the integration problem?"),
            "impact": _("What long-term change do you want to see?"),
        }
        help_texts = {
            "problem": _(
                "What is getting in the way of people living well together here, and for whom"
            ),
            "impact": _(
                "The lasting difference for newcomers and the receiving community, a few years "
                "from now. Everything else in the plan works back from this."
            ),
        }
        widgets = {"problem": forms.Textarea, "impact": forms.Textarea}
        error_messages = {
            "problem": text_messages(_("the integration problem"), TEXT_MAX_LENGTH),
            "impact": text_messages(_("the long-term impact"), TEXT_MAX_LENGTH),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, instance=plan, **kwargs)
        for name in self._meta.fields:
            self.fields[name].required = True
        self.helper = form_helper(
            Field.textarea("problem", label_size=Size.MEDIUM, rows=5),
            Field.textarea("impact", label_size=Size.MEDIUM, rows=5),
            "version",
            Button("submit", SAVE_AND_CONTINUE),
        )


DOMAIN_FIELD_NAMES = {slug: slug.replace("-", "_") for slug in REQUIRED_DOMAIN_TYPES}


DOMAIN_FIELD_LABELS = {
    "markers-and-means": _("Markers and Means"),
    "social-connections": _("Social Connections"),
    "facilitators": _("Facilitators"),
    "foundation": _("Rights and Responsibilities (the Foundation)"),
}


def int_values(values) -> set[int]:
    """The whole numbers among posted values (ids of ticked boxes, a form's version)."""
    return {int(value) for value in values if str(value).isdigit()}


def carries_ticks(data) -> bool:
    """Whether a search's address carries the boxes ticked on a form (it has the form's
    version): the domains step and the outcome's indicators both search this way."""
    return "version" in data


class DomainsForm(VersionedForm):
    """One field per type, so a missing type is named and its error links to its checkboxes.

    The keyword search is a button of this same form (the page has one <form>, and the template
    writes its tag), so searching sends the boxes ticked but not saved yet. The view sends them
    on to the search's address (`search_query`), and the form made there from them (`ticked`)
    shows them ticked again, with the version the officer's form was made from."""

    def __init__(self, *args, plan: Plan, ticked=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        chosen = {domain.pk for domain in plan.domains.all()}
        if ticked is not None:
            chosen = int_values(
                value for name in DOMAIN_FIELD_NAMES.values() for value in ticked.getlist(name)
            )
            if version := int_values([ticked.get("version", "")]):
                self.fields["version"].initial = version.pop()
        types = {t.slug: t for t in DomainType.objects.prefetch_related("domains")}
        self.domains: dict[int, Domain] = {}
        layout = []
        for slug in REQUIRED_DOMAIN_TYPES:
            domains = sorted(types[slug].domains.all(), key=lambda d: d.number)
            self.domains.update({domain.pk: domain for domain in domains})
            name = DOMAIN_FIELD_NAMES[slug]
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=DOMAIN_FIELD_LABELS[slug],
                choices=[
                    Choice(
                        domain.pk,
                        numbered_name(domain),
                        hint=text_in_language(domain, "summary"),
                    )
                    for domain in domains
                ],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                initial=[domain.pk for domain in domains if domain.pk in chosen],
                error_messages={
                    "required": _("Select at least one %(type)s domain")
                    % {"type": DOMAIN_FIELD_LABELS[slug]},
                    "invalid_choice": _("Select domains from the list"),
                },
            )
            layout.append(Field.checkboxes(name, legend_size=Size.MEDIUM, legend_tag="h2"))
        self.helper = form_helper(*layout, "version", Button("submit", SAVE_AND_CONTINUE))
        self.helper.form_tag = False

    @staticmethod
    def search_query(data) -> str:
        """The search's address (its query string) from the posted form: the words searched
        for, the boxes ticked and the version the form was made from."""
        query = QueryDict(mutable=True)
        query["q"] = data.get("q", "")
        for name in DOMAIN_FIELD_NAMES.values():
            query.setlist(name, sorted(int_values(data.getlist(name))))
        query["version"] = data.get("version", "")
        return query.urlencode()

    def chosen_domains(self) -> list[Domain]:
        return [
            self.domains[pk]
            for slug in REQUIRED_DOMAIN_TYPES
            for pk in self.cleaned_data[DOMAIN_FIELD_NAMES[slug]]
        ]


class SearchForm(UserTextFormMixin, forms.Form):
    """A keyword search, sent by GET so it works without JavaScript and can be bookmarked."""

    q = forms.CharField(
        required=False,
        max_length=QUERY_MAX_LENGTH,
        error_messages={
            "max_length": _("Search terms must be %(limit_value)d characters or fewer"),
        },
    )

    def __init__(self, *args, label, hint="", form_tag=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = label
        self.fields["q"].help_text = hint
        self.helper = form_helper(
            Field.text("q", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            Button("search", _("Search"), css_class="govuk-button--secondary"),
            method="get",
        )
        # Without its own tag, the search is a button of the page's other form.
        self.helper.form_tag = form_tag

    @property
    def query(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["q"].strip()
        return ""


class ShareForm(VersionedForm):
    shared_with_team = forms.TypedChoiceField(
        label=_("Share this plan with your team?"),
        help_text=_(
            "Everyone in the team, including its team leads, can then see the plan. Only you "
            "and the plan's collaborators can change it."
        ),
        choices=[("yes", _("Yes, share it with the team")), ("no", _("No, keep it to myself"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether to share the plan with your team"),
            "invalid_choice": _("Select whether to share the plan with your team"),
        },
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["shared_with_team"].initial = "yes" if plan.shared_with_team else None
        self.helper = form_helper(
            Field.radios("shared_with_team", legend_size=Size.MEDIUM, legend_tag="h2"),
            "version",
            Button("submit", _("Save and go to the plan")),
        )
