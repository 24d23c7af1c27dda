"""The forms that choose an outcome's indicators from the bank and add a council's own."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from domains.models import Domain, Indicator
from theory_of_change.forms import form_helper, text_messages
from theory_of_change.models import (
    TEXT_MAX_LENGTH,
    Plan,
)
from theory_of_change.versioning import VersionedForm


def indicator_choice(indicator: Indicator) -> Choice:
    details = [indicator.domain.name, indicator.get_provenance_display()]
    if indicator.organisation_id:
        details[-1] = _("Added by %(council)s") % {"council": indicator.organisation.name}
    if indicator.is_retired:
        details.append(_("Retired"))
    return Choice(indicator.pk, indicator.wording, hint=" · ".join(str(d) for d in details))


class OutcomeIndicatorsForm(VersionedForm):
    """The outcome's indicators now, suggestions from the plan's domains, and search results,
    as three groups of checkboxes; what is ticked in all three is saved."""

    GROUPS = ["current", "suggested", "found"]

    def __init__(self, *args, plan: Plan, choices, query: str, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.indicators: dict[int, Indicator] = {}
        labels = {
            "current": _("Indicators measuring this outcome"),
            "suggested": _("Suggested from your plan’s domains"),
            "found": _("From the whole bank, matching ‘%(q)s’") % {"q": query},
        }
        layout = []
        for group in self.GROUPS:
            indicators = getattr(choices, group)
            if not indicators:
                continue
            self.indicators.update({indicator.pk: indicator for indicator in indicators})
            self.fields[group] = forms.TypedMultipleChoiceField(
                label=labels[group],
                choices=[indicator_choice(indicator) for indicator in indicators],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[i.pk for i in indicators] if group == "current" else [],
                error_messages={"invalid_choice": _("Select indicators from the list")},
            )
            layout.append(Field.checkboxes(group, legend_size=Size.MEDIUM, legend_tag="h2"))
        self.helper = form_helper(*layout, "version", Button("submit", _("Save indicators")))

    def chosen(self) -> list[Indicator]:
        return [
            self.indicators[pk]
            for group in self.GROUPS
            if group in self.fields
            for pk in self.cleaned_data[group]
        ]


class CouncilIndicatorForm(VersionedForm):
    domain = forms.ModelChoiceField(
        queryset=Domain.objects.order_by("number"),
        label=_("Which domain does it belong to?"),
        empty_label=_("Select a domain"),
        error_messages={
            "required": _("Select the domain the indicator belongs to"),
            "invalid_choice": _("Select a domain from the list"),
        },
    )
    wording = forms.CharField(
        label=_("Wording of the indicator"),
        help_text=_(
            "Say what is measured, like ‘% of café members who ask a neighbour for help’. "
            "Only your council sees it, marked as added by your council."
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages=text_messages(_("the wording of the indicator"), TEXT_MAX_LENGTH),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["domain"].label_from_instance = lambda d: f"{d.number}. {d.name}"
        self.helper = form_helper(
            Field.select("domain", label_size=Size.MEDIUM),
            Field.textarea("wording", label_size=Size.MEDIUM, rows=3),
            "version",
            Button("submit", _("Add indicator")),
        )
