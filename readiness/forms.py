"""The forms of Exercise 1: the problem, a domain of each type (with the keyword search in the
same form, so a search keeps the choices not saved yet), and why each domain matters."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Fluid, Size
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from domains.languages import numbered_name, text_in_language
from domains.models import Domain, DomainType, Indicator
from ioi_planner.versioning import VersionFieldMixin
from theory_of_change.forms import SAVE_AND_CONTINUE, form_helper, text_messages
from theory_of_change.models import SHORT_MAX_LENGTH, TEXT_MAX_LENGTH

from .models import Exercise


class ExerciseVersionForm(VersionFieldMixin, forms.Form):
    """Carries the version of the worksheet the form was made from (ioi_planner/versioning.py)."""

    stale_message = _(
        "This worksheet was changed in another tab or window after you opened this page. What "
        "you typed is kept below: check it and save again."
    )

    def __init__(self, *args, exercise: Exercise | None, **kwargs):
        self.exercise = exercise
        super().__init__(*args, versioned=exercise, **kwargs)


class ExerciseDetailsForm(ExerciseVersionForm):
    title = forms.CharField(
        label=_("A working title"),
        help_text=_("It becomes the plan's title if you start a plan from the exercise"),
        max_length=SHORT_MAX_LENGTH,
        error_messages=text_messages(_("a working title"), SHORT_MAX_LENGTH),
    )
    team = forms.ModelChoiceField(
        queryset=None,
        label=_("Which team is this for?"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Select the team this is for"),
            "invalid_choice": _("Select one of your teams"),
        },
    )
    problem = forms.CharField(
        label=_("What is the integration problem?"),
        help_text=_(
            "Describe one intervention's problem in a few sentences: who it affects, newcomers "
            "and long-standing residents alike, and what you see happening"
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages=text_messages(_("the integration problem"), TEXT_MAX_LENGTH),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        if self.exercise is not None and not self.is_bound:
            self.initial.update(
                title=self.exercise.title, team=self.exercise.team_id, problem=self.exercise.problem
            )
        team = self.fields["team"]
        team.queryset = teams
        team.label_from_instance = lambda t: t.name
        layout = [Field.text("title", label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS)]
        if teams.count() > 1:
            layout.append(Field.radios("team", legend_size=Size.MEDIUM))
        else:
            team.required = False
            team.widget = forms.HiddenInput()
            self._only_team = teams.first()
        layout += [
            Field.textarea("problem", label_size=Size.MEDIUM, rows=5),
            "version",
            Button("submit", SAVE_AND_CONTINUE),
        ]
        self.helper = form_helper(*layout)

    def clean_team(self):
        return self.cleaned_data.get("team") or getattr(self, "_only_team", None)


def type_field_name(domain_type: DomainType) -> str:
    return domain_type.slug.replace("-", "_")


class ExerciseDomainsForm(ExerciseVersionForm):
    """One radio group per type with more than one domain (a type of one domain, the
    Foundation's Rights and Responsibilities, is always in). The template writes the <form>
    tag: its keyword search is a button of this same form."""

    def __init__(self, *args, types: list[DomainType], chosen=None, **kwargs):
        super().__init__(*args, **kwargs)
        picked = {c.domain_id for c in self.exercise.choices.all()} if self.exercise else set()
        if chosen is not None:  # carried over a search: the choices not saved yet
            picked = {
                int(v) for t in types for v in chosen.getlist(type_field_name(t)) if v.isdigit()
            }
            version = chosen.get("version", "")
            if version.isdigit():
                self.fields["version"].initial = int(version)
        self.types = types
        self.fixed: list[Domain] = []
        layout = []
        for domain_type in types:
            domains = list(domain_type.domains.all())
            if len(domains) == 1:
                self.fixed.append(domains[0])
                continue
            name = type_field_name(domain_type)
            self.fields[name] = forms.TypedChoiceField(
                label=_("Which %(type)s domain?") % {"type": text_in_language(domain_type, "name")},
                choices=[
                    Choice(
                        d.pk,
                        numbered_name(d),
                        hint=text_in_language(d, "summary"),
                    )
                    for d in domains
                ],
                coerce=int,
                widget=forms.RadioSelect,
                initial=next((d.pk for d in domains if d.pk in picked), None),
                error_messages={
                    "required": _("Select a %(type)s domain")
                    % {"type": text_in_language(domain_type, "name")},
                    "invalid_choice": _("Select a domain from the list"),
                },
            )
            layout.append(Field.radios(name, legend_size=Size.MEDIUM, legend_tag="h2"))
        self.helper = form_helper(*layout, "version", Button("submit", SAVE_AND_CONTINUE))
        self.helper.form_tag = False

    @staticmethod
    def search_query(data, types: list[DomainType]) -> str:
        """The search's address: the words, the choices made and the form's version."""
        query = QueryDict(mutable=True)
        query["q"] = data.get("q", "")
        for domain_type in types:
            name = type_field_name(domain_type)
            query.setlist(name, [v for v in data.getlist(name) if v.isdigit()][:1])
        query["version"] = data.get("version", "")
        return query.urlencode()

    def chosen_domains(self) -> list[Domain]:
        by_pk = {d.pk: d for t in self.types for d in t.domains.all()}
        chosen = [
            by_pk[self.cleaned_data[type_field_name(t)]]
            for t in self.types
            if type_field_name(t) in self.fields
        ]
        return chosen + self.fixed


class ExerciseReasonsForm(ExerciseVersionForm):
    """Why each chosen domain matters to the problem, under the domain's indicators. The
    template lays it out (`sections`): each domain, its indicators, then its question."""

    def __init__(self, *args, indicators: dict[int, list[Indicator]], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = []
        for choice in self.exercise.choices.all():
            domain = choice.domain
            name = f"why_{domain.pk}"
            self.fields[name] = forms.CharField(
                label=_("Why does %(domain)s matter to the problem?")
                % {"domain": text_in_language(domain, "name")},
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea,
                initial=choice.why,
                error_messages=text_messages(
                    _("why %(domain)s matters") % {"domain": text_in_language(domain, "name")},
                    TEXT_MAX_LENGTH,
                ),
            )
            self.sections.append((domain, indicators.get(domain.pk, []), self[name]))

    def reasons(self) -> dict[int, str]:
        return {
            int(name.removeprefix("why_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("why_")
        }
