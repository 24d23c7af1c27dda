"""Forms of the evaluation pages: they validate and shape input and carry the GOV.UK layout;
views pass the cleaned values to services. Every form carries the plan's version."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from domains.languages import numbered_name, text_in_language
from domains.models import Domain
from ioi_planner.forms import WHOLE_NUMBER_INPUT, GovDateField
from ioi_planner.text import UserTextFormMixin, lazy_format
from theory_of_change.models import SHORT_MAX_LENGTH, Plan
from theory_of_change.versioning import VersionedForm, VersionedModelForm

from .models import CollectionMethod, OutcomeEvaluation, SampleGroup


def form_helper(*layout, form_tag: bool = True) -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.form_tag = form_tag
    helper.attrs = {"novalidate": ""}
    if not form_tag:
        helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def _too_long(what: str, limit: int) -> dict:
    return {
        "max_length": lazy_format(
            _("%(what)s must be %(limit)d characters or fewer"), what=what, limit=limit
        )
    }


class OutcomeEvaluationForm(VersionedModelForm):
    framework_domain = forms.TypedChoiceField(
        label=_("Which framework outcome does it match?"),
        help_text=_(
            "The domains of the outcome’s indicators. Choose one, or describe the framework "
            "outcome in your own words below."
        ),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select a framework outcome from the list")},
    )
    methods = forms.MultipleChoiceField(
        label=_("Which data collection methods will you use?"),
        help_text=_("Select all that apply"),
        choices=CollectionMethod.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select methods from the list")},
    )
    start_date = GovDateField(
        what=_("the start date"),
        label=_("Start date (optional)"),
        required=False,
        require_all_fields=False,
    )
    end_date = GovDateField(
        what=_("the end date"),
        label=_("End date (optional)"),
        required=False,
        require_all_fields=False,
    )

    class Meta:
        model = OutcomeEvaluation
        fields = [
            "framework_outcome",
            "data_sources",
            "questions",
            "council_sources",
            "related_activities",
            "responsibility",
            "analysis_process",
            "milestones",
        ]
        labels = {
            "framework_outcome": _("The framework outcome in your words (optional)"),
            "data_sources": _("Data sources and how often they are collected"),
            "questions": _("Questions to ask"),
            "council_sources": _("Your council’s own sources"),
            "related_activities": _("Which activities will gather the information?"),
            "responsibility": _("Who will collect this data?"),
            "analysis_process": _("How will the data be collected and analysed?"),
            "milestones": _("Milestones"),
        }
        help_texts = {
            "data_sources": _(
                "One a line, with how often each is collected. Filled in from the toolkit "
                "where it knows the sources of the outcome’s indicators."
            ),
            "questions": _("Survey or interview questions, one a line"),
            "council_sources": _(
                "What you already have that the toolkit does not list, like programme "
                "management information or attendance records"
            ),
            "related_activities": _("For example, ‘a short survey at the end of each session’"),
            "responsibility": _("A person, a team or a partner"),
            "analysis_process": _(
                "Which of the programme’s activities help achieve this outcome, and how the "
                "data will be brought together and looked at"
            ),
            "milestones": _("For example, ‘baseline survey in April, follow-up in October’"),
        }
        widgets = dict.fromkeys(fields, forms.Textarea)

    def __init__(self, *args, plan: Plan, domains: list[Domain], **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.domains = {domain.pk: domain for domain in domains}
        field = self.fields["framework_domain"]
        field.choices = [
            Choice(
                domain.pk,
                numbered_name(domain),
                hint=text_in_language(domain, "summary"),
            )
            for domain in domains
        ]
        if self.instance.framework_domain_id in self.domains:
            field.initial = self.instance.framework_domain_id
        self.fields["methods"].initial = self.instance.methods
        self.fields["start_date"].initial = self.instance.start_date
        self.fields["end_date"].initial = self.instance.end_date
        for name in self._meta.fields:
            limit = self.fields[name].max_length
            self.fields[name].error_messages.update(_too_long(str(self._meta.labels[name]), limit))
        layout = []
        if domains:
            layout.append(
                Field.radios("framework_domain", legend_size=Size.MEDIUM, legend_tag="h2")
            )
        else:
            del self.fields["framework_domain"]
        layout += [
            Field.textarea("framework_outcome", label_size=Size.SMALL, rows=2),
            Field.textarea("data_sources", label_size=Size.MEDIUM, label_tag="h2", rows=4),
            Field.textarea("questions", label_size=Size.SMALL, rows=4),
            Field.textarea("council_sources", label_size=Size.SMALL, rows=3),
            Field.checkboxes("methods", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Field.textarea("related_activities", label_size=Size.SMALL, rows=2),
            Field.textarea("responsibility", label_size=Size.MEDIUM, label_tag="h2", rows=2),
            Field.textarea("analysis_process", label_size=Size.MEDIUM, label_tag="h2", rows=3),
            Fieldset(
                Field("start_date"),
                Field("end_date"),
                Field.textarea("milestones", label_size=Size.SMALL, rows=2),
                legend=_("Timeline"),
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            "version",
        ]
        self.helper = form_helper(*layout, form_tag=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The end date must be the same as or after the start date")
            )
        return cleaned

    def values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        values["methods"] = self.cleaned_data["methods"]
        values["start_date"] = self.cleaned_data["start_date"]
        values["end_date"] = self.cleaned_data["end_date"]
        if "framework_domain" in self.fields:
            values["framework_domain"] = self.domains.get(self.cleaned_data["framework_domain"])
        return values


class SampleForm(UserTextFormMixin, forms.Form):
    """One sample row; a row left blank is ignored, and ticking remove drops it."""

    group = forms.ChoiceField(
        label=_("Group"),
        choices=[("", _("Select a group")), *SampleGroup.choices],
        required=False,
        error_messages={"invalid_choice": _("Select a group from the list")},
    )
    description = forms.CharField(
        label=_("Who exactly (optional)"),
        max_length=SHORT_MAX_LENGTH,
        required=False,
        error_messages=_too_long(_("Who exactly"), SHORT_MAX_LENGTH),
    )
    size = forms.IntegerField(
        label=_("How many people"),
        required=False,
        widget=WHOLE_NUMBER_INPUT,
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "invalid": _("Enter the number of people as a whole number, like 25"),
            "min_value": _("The number of people must be 0 or more"),
            "max_value": _("The number of people must be 10,000,000 or fewer"),
        },
    )
    remove = forms.BooleanField(label=_("Remove this sample"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        legend = _("Sample %(number)s") % {"number": self._number()}
        self.helper = form_helper(
            Fieldset(
                Field.select("group"),
                Field.text("description", field_width=Fluid.TWO_THIRDS),
                Field.text("size", field_width=5),
                Field.checkbox("remove", small=True),
                legend=legend,
                legend_size=Size.SMALL,
            ),
            form_tag=False,
        )

    def _number(self) -> int:
        index = int(self.prefix.rsplit("-", 1)[-1]) if self.prefix else 0
        return index + 1

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("group") and not data.get("description") and data.get("size") is None

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("remove"):
            return cleaned
        if self.is_blank:
            return cleaned
        if not cleaned.get("group"):
            self.add_error("group", _("Select who the sample is"))
        if cleaned.get("size") is None:
            self.add_error("size", _("Enter how many people are in the sample"))
        return cleaned


class BaseSampleFormSet(forms.BaseFormSet):
    def kept(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("remove") and not form.is_blank
        ]


SampleFormSet = forms.formset_factory(
    SampleForm, formset=BaseSampleFormSet, extra=2, max_num=20, validate_max=True, absolute_max=40
)


class RemoveForm(VersionedForm):
    """The version only: a remove button."""
