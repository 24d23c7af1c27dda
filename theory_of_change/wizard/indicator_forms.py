"""The forms that choose an outcome's indicators from the bank and add a council's own."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Button, Field, Size
from django import forms
from django.http import QueryDict
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from domains.languages import numbered_name, text_in_language
from domains.models import Domain, Indicator, Provenance
from theory_of_change.forms import form_helper, text_messages
from theory_of_change.models import (
    TEXT_MAX_LENGTH,
    Plan,
)
from theory_of_change.part_values import choice_label
from theory_of_change.versioning import VersionedForm
from theory_of_change.wizard.forms import int_values


def indicator_choice(indicator: Indicator, search=None) -> Choice:
    """A checkbox for `indicator`, its hint naming its domain, provenance, data and, for a
    search's result (`search`: the IndicatorSearch that found it), why it matched."""
    details = [
        text_in_language(indicator.domain, "name"),
        choice_label(Provenance, indicator.provenance),
    ]
    if indicator.organisation_id:
        details[-1] = _("Added by %(council)s") % {"council": indicator.organisation.name}
    if indicator.local_data:
        details.append(_("Local figures published"))
    known = indicator.data_availability
    if known:
        details.append(
            _("Data: %(kinds)s") % {"kinds": ", ".join(str(kind).lower() for kind in known)}
        )
    else:
        details.append(_("Data availability not yet known"))
    if indicator.is_retired:
        details.append(_("Retired"))
    hint = " · ".join(str(d) for d in details)
    match = search.explain(indicator) if search is not None else None
    if match is not None and match.reasons:
        hint = f"{hint}. {' '.join(match.reasons)}"
    return Choice(indicator.pk, text_in_language(indicator, "wording"), hint=hint)


SUGGESTED = "suggested_"  # + a domain's number: one group of suggestions per domain


class OutcomeIndicatorsForm(VersionedForm):
    """The outcome's indicators now, suggestions from the plan's domains (a group per domain),
    and search results, as groups of checkboxes; what is ticked in all of them is saved.

    The search is a button of this same form (the template writes the one <form> tag), so
    searching sends the boxes ticked but not saved yet. The view sends them on to the search's
    address (`search_query`), and the form made there from them (`ticked`) shows them ticked
    again, with the version the officer's form was made from; ticked indicators that the new
    search does not list are shown with the outcome's own."""

    def __init__(self, *args, plan: Plan, choices, query: str, ticked=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.indicators: dict[int, Indicator] = {}
        ticked_ids = None if ticked is None else self.ticked_ids(ticked)
        if ticked is not None and (version := int_values([ticked.get("version", "")])):
            self.fields["version"].initial = version.pop()
        groups: list[tuple[str, str, list[Indicator]]] = [
            ("current", _("Indicators measuring this outcome"), choices.current)
        ]
        by_domain: dict[Domain, list[Indicator]] = {}
        for indicator in choices.suggested:
            by_domain.setdefault(indicator.domain, []).append(indicator)
        suggested = [
            (
                f"{SUGGESTED}{domain.number}",
                numbered_name(domain),
                indicators,
            )
            for domain, indicators in by_domain.items()
        ]
        found = [
            ("found", _("From the whole bank, matching ‘%(q)s’") % {"q": query}, choices.found)
        ]
        layout: list = []
        for position, (name, label, indicators) in enumerate([*groups, *suggested, *found]):
            if not indicators:
                continue
            self.indicators.update({indicator.pk: indicator for indicator in indicators})
            if ticked_ids is not None:
                initial = [i.pk for i in indicators if i.pk in ticked_ids]
            else:
                initial = [i.pk for i in indicators] if name == "current" else []
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=label,
                choices=[
                    indicator_choice(indicator, choices.search if name == "found" else None)
                    for indicator in indicators
                ],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=initial,
                error_messages={"invalid_choice": _("Select indicators from the list")},
            )
            if name.startswith(SUGGESTED):
                if position == len(groups):  # the first domain's group: the heading above all
                    layout.append(
                        HTML(
                            '<h2 class="govuk-heading-m">'
                            + escape(_("Suggested from your plan’s domains"))
                            + "</h2>"
                        )
                    )
                layout.append(Field.checkboxes(name, legend_size=Size.SMALL, legend_tag="h3"))
            else:
                layout.append(Field.checkboxes(name, legend_size=Size.MEDIUM, legend_tag="h2"))
        self.helper = form_helper(*layout, "version", Button("submit", _("Save indicators")))
        self.helper.form_tag = False

    @staticmethod
    def ticked_ids(data) -> set[int]:
        names = [name for name in data if name in ("current", "found", "ticked")]
        names += [name for name in data if name.startswith(SUGGESTED)]
        return int_values(value for name in names for value in data.getlist(name))

    @classmethod
    def search_query(cls, data) -> str:
        """The search's address (its query string) from the posted form: the words searched
        for, the boxes ticked and the version the form was made from."""
        query = QueryDict(mutable=True)
        query["q"] = data.get("q", "")
        query.setlist("ticked", sorted(cls.ticked_ids(data)))
        query["version"] = data.get("version", "")
        return query.urlencode()

    def chosen(self) -> list[Indicator]:
        return [
            self.indicators[pk]
            for name in self.fields
            if name != "version"
            for pk in self.cleaned_data[name]
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
        self.fields["domain"].label_from_instance = lambda d: numbered_name(d)
        self.helper = form_helper(
            Field.select("domain", label_size=Size.MEDIUM),
            Field.textarea("wording", label_size=Size.MEDIUM, rows=3),
            "version",
            Button("submit", _("Add indicator")),
        )
