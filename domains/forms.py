from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from ioi_planner.text import UserTextFormMixin

from .languages import numbered_name, text_in_language
from .models import DataAvailability, Domain, DomainType, Provenance
from .selectors import LOCAL_FIGURES, NOT_YET_KNOWN, OWN_COLLECTION

QUERY_MAX_LENGTH = 200


class IndicatorFilterForm(UserTextFormMixin, forms.Form):
    """The bank's search and filters. Submitted by GET so results can be bookmarked and shared."""

    q = forms.CharField(
        label=_("Search indicators and the keyword index"),
        help_text=_("For example, ESOL, hate crime, overcrowding or library membership"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        error_messages={
            "max_length": _("Search terms must be %(limit_value)d characters or fewer"),
        },
    )
    type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=DomainType.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All types"),
        error_messages={"invalid_choice": _("Select a type from the list")},
    )
    domain = forms.ModelChoiceField(
        label=_("Domain"),
        queryset=Domain.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All domains"),
        error_messages={"invalid_choice": _("Select a domain from the list")},
    )
    availability = forms.ChoiceField(
        label=_("Data availability"),
        choices=[
            ("", _("Any")),
            (LOCAL_FIGURES, _("Figures for a local authority are published")),
            (OWN_COLLECTION, _("No local figures: needs the council’s own data")),
            *DataAvailability.choices,
            (NOT_YET_KNOWN, _("Not yet known")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Select a data availability from the list")},
    )
    provenance = forms.ChoiceField(
        label=_("Provenance"),
        choices=[("", _("Any")), *Provenance.choices],
        required=False,
        error_messages={"invalid_choice": _("Select a provenance from the list")},
    )

    retired = forms.BooleanField(
        label=_("Include retired indicators"),
        help_text=_("Indicators a toolkit import has retired. Plans that use them keep them."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].label_from_instance = lambda t: text_in_language(t, "name")
        self.fields["domain"].label_from_instance = numbered_name
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("q", label_size=Size.MEDIUM, label_tag="h2"),
            Fieldset(
                Field.select("type"),
                Field.select("domain"),
                Field.select("availability"),
                Field.select("provenance"),
                Field.checkbox("retired", small=True),
                legend=_("Filter"),
                legend_size=Size.SMALL,
            ),
            Button("search", _("Search"), css_class="govuk-button--secondary"),
        )
