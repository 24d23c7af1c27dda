"""The wizard's forms: they validate and shape input and carry the GOV.UK layout; views pass
the cleaned values to services.

Every form that changes a plan carries the plan's version in a hidden field, so a stale or
replayed form can be refused (services.StalePlan) with what was typed kept.
"""

from crispy_forms.layout import HTML
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from domains.forms import QUERY_MAX_LENGTH
from domains.models import Domain, DomainType, Indicator
from ioi_planner.text import UserTextFormMixin

from .models import (
    SHORT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Activity,
    Assumption,
    Barrier,
    Evidence,
    EvidenceKind,
    EvidenceStrength,
    InterventionKind,
    Outcome,
    Output,
    Plan,
    Stakeholder,
    StakeholderKind,
)
from .steps import REQUIRED_DOMAIN_TYPES

SAVE_AND_CONTINUE = _("Save and continue")

STALE_MESSAGE = _(
    "This plan was changed (in another tab, by a collaborator, or by sending this form twice) "
    "after you opened this page, so nothing was saved. Check what you typed below against the "
    "plan and save again if it is still needed."
)


def _helper(*layout, method: str = "post") -> FormHelper:
    helper = FormHelper()
    helper.form_method = method
    helper.attrs = {"novalidate": ""}
    if method == "get":
        helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def _text_messages(what: str, limit: int) -> dict:
    return {
        "required": _("Enter %(what)s") % {"what": what},
        "max_length": _("%(What)s must be %(limit)d characters or fewer")
        % {"What": what[:1].upper() + what[1:], "limit": limit},
    }


VERSION_MAX = 2**31 - 1


class VersionMixin(UserTextFormMixin):
    """A form that changes a plan: carries the version of the plan it was made from."""

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            min_value=0,
            # The largest number every database stores in Plan.version: a bigger one was never
            # a version of this plan, and would overflow the database's integer.
            max_value=VERSION_MAX,
            initial=plan.version,
            error_messages=dict.fromkeys(
                ["required", "invalid", "min_value", "max_value"], STALE_MESSAGE
            ),
        )

    # What others saved since this form was made, once it is refused (selectors.ChangesSince).
    changes_since = None

    def refuse_as_stale(self, *, current_version: int, changes_since=None) -> None:
        """Show why nothing was saved, keep what was typed, and carry the current version so the
        officer can save again knowingly; `changes_since` says who saved what meanwhile."""
        self.changes_since = changes_since
        self.add_error(None, STALE_MESSAGE)
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(current_version)


class VersionedForm(VersionMixin, forms.Form):
    pass


class VersionedModelForm(VersionMixin, forms.ModelForm):
    def values(self) -> dict:
        """What the service writes: the model's fields of this form, links included."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


# -- Step 1: the plan ---------------------------------------------------------------------------

PLAN_DETAIL_MESSAGES = {
    "title": _text_messages(_("a title for the plan"), SHORT_MAX_LENGTH),
    "place": _text_messages(_("the place"), SHORT_MAX_LENGTH),
    "audience": _text_messages(_("who the intervention is for"), TEXT_MAX_LENGTH),
    "intervention_kind": {"required": _("Select whether the intervention is new or existing")},
}


class PlanDetailsForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["title", "place", "intervention_kind", "audience"]
        labels = {
            "title": _("Title"),
            "place": _("Place"),
            "intervention_kind": _("Is this a new or an existing intervention?"),
            "audience": _("Who is it for?"),
        }
        help_texts = {
            "title": _("A short name your team will recognise, like ‘Friendship club’"),
            "place": _("The neighbourhood, town or area where the work happens"),
            "audience": _(
                "Name both the newcomers and the people of the receiving community it involves: "
                "integration works in both directions"
            ),
        }
        widgets = {"intervention_kind": forms.RadioSelect, "audience": forms.Textarea}
        error_messages = PLAN_DETAIL_MESSAGES

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, instance=plan, **kwargs)
        _plan_details_set_up(self, "version")


def _plan_details_set_up(form: forms.ModelForm, *extra) -> None:
    """Step 1's questions, for a new plan (with the team first) and for an existing one."""
    form.fields["intervention_kind"].choices = InterventionKind.choices
    for name in ["intervention_kind", "place", "audience"]:
        form.fields[name].required = True
    first = [item for item in extra if item != "version"]
    last = [item for item in extra if item == "version"]
    form.helper = _helper(
        *first,
        Field.text("title", label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS),
        Field.text("place", label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS),
        Field.radios("intervention_kind", legend_size=Size.MEDIUM),
        Field.textarea("audience", label_size=Size.MEDIUM, rows=4),
        *last,
        Button("submit", SAVE_AND_CONTINUE),
    )


class PlanCreateForm(UserTextFormMixin, forms.ModelForm):
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


# -- Step 2: the problem and the impact ---------------------------------------------------------


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
            "problem": _text_messages(_("the integration problem"), TEXT_MAX_LENGTH),
            "impact": _text_messages(_("the long-term impact"), TEXT_MAX_LENGTH),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, instance=plan, **kwargs)
        for name in self._meta.fields:
            self.fields[name].required = True
        self.helper = _helper(
            Field.textarea("problem", label_size=Size.MEDIUM, rows=5),
            Field.textarea("impact", label_size=Size.MEDIUM, rows=5),
            "version",
            Button("submit", SAVE_AND_CONTINUE),
        )


# -- Step 3: domains ----------------------------------------------------------------------------

DOMAIN_FIELD_NAMES = {slug: slug.replace("-", "_") for slug in REQUIRED_DOMAIN_TYPES}
DOMAIN_FIELD_LABELS = {
    "markers-and-means": _("Markers and Means"),
    "social-connections": _("Social Connections"),
    "facilitators": _("Facilitators"),
    "foundation": _("Rights and Responsibilities (the Foundation)"),
}


def _ints(values) -> set[int]:
    return {int(value) for value in values if str(value).isdigit()}


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
            chosen = _ints(
                value for name in DOMAIN_FIELD_NAMES.values() for value in ticked.getlist(name)
            )
            if version := _ints([ticked.get("version", "")]):
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
                    Choice(domain.pk, f"{domain.number}. {domain.name}", hint=domain.summary)
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
        self.helper = _helper(*layout, "version", Button("submit", SAVE_AND_CONTINUE))
        self.helper.form_tag = False

    @staticmethod
    def search_query(data) -> str:
        """The search's address (its query string) from the posted form: the words searched
        for, the boxes ticked and the version the form was made from."""
        query = QueryDict(mutable=True)
        query["q"] = data.get("q", "")
        for name in DOMAIN_FIELD_NAMES.values():
            query.setlist(name, sorted(_ints(data.getlist(name))))
        query["version"] = data.get("version", "")
        return query.urlencode()

    @staticmethod
    def carries_ticks(data) -> bool:
        """Whether a search's address carries ticked boxes (it has the form's version)."""
        return "version" in data

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
        self.helper = _helper(
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


# -- Listed parts -------------------------------------------------------------------------------


class PlanItemForm(VersionedModelForm):
    """Links offered are the plan's own items only; an id from elsewhere is an invalid choice."""

    links: dict[str, str] = {}
    # Shown instead of the checkboxes when the plan has nothing to link to yet.
    no_links_message = ""

    def __init__(self, *args, plan: Plan, item=None, **kwargs):
        super().__init__(*args, plan=plan, instance=item or self._meta.model(plan=plan), **kwargs)
        empty = set()
        for name, related_name in self.links.items():
            field = self.fields[name]
            field.queryset = getattr(plan, related_name).all()
            field.widget = forms.CheckboxSelectMultiple()
            field.label_from_instance = str
            if not field.queryset.exists():
                empty.add(name)
        layout = []
        for part in self.layout():
            if empty & set(getattr(part, "fields", [])):
                layout.append(
                    HTML(
                        format_html('<div class="govuk-inset-text">{}</div>', self.no_links_message)
                    )
                )
            else:
                layout.append(part)
        for name in empty:
            del self.fields[name]
        self.helper = _helper(*layout, "version", Button("submit", _("Save")))

    def layout(self) -> list:
        return []

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class OutcomeForm(PlanItemForm):
    class Meta:
        model = Outcome
        fields = ["text", "baseline", "target"]
        labels = {
            "text": _("Describe the outcome"),
            "baseline": _("Baseline (optional)"),
            "target": _("Target (optional)"),
        }
        help_texts = {
            "text": _(
                "A short-term change in what people do, that leads towards the long-term impact. "
                "For example, ‘Isolated residents, old and new, meet each other every week’."
            ),
            "baseline": _("Where things stand now, if you know, like ‘12 people a month’"),
            "target": _("What you aim for, like ‘40 people a month by March’"),
        }
        widgets = {"text": forms.Textarea}
        error_messages = {
            "text": _text_messages(_("the outcome"), TEXT_MAX_LENGTH),
            "baseline": _text_messages(_("the baseline"), SHORT_MAX_LENGTH),
            "target": _text_messages(_("the target"), SHORT_MAX_LENGTH),
        }

    def layout(self):
        return [
            Field.textarea("text", label_size=Size.MEDIUM, rows=3),
            Field.text("baseline", field_width=Fluid.TWO_THIRDS),
            Field.text("target", field_width=Fluid.TWO_THIRDS),
        ]


class OutputForm(PlanItemForm):
    links = {"outcomes": "outcomes"}
    no_links_message = _(
        "The plan has no outcomes yet. Save the output, add outcomes, then come back to tie "
        "the output to them."
    )

    class Meta:
        model = Output
        fields = ["text", "outcomes"]
        labels = {
            "text": _("Describe the output"),
            "outcomes": _("Which outcomes does it serve?"),
        }
        help_texts = {
            "text": _("Something the activities produce that you can count, like ‘20 sessions’"),
            "outcomes": _("Select all that apply"),
        }
        widgets = {"text": forms.Textarea}
        error_messages = {
            "text": _text_messages(_("the output"), TEXT_MAX_LENGTH),
            "outcomes": {"invalid_choice": _("Select outcomes of this plan")},
        }

    def layout(self):
        return [
            Field.textarea("text", label_size=Size.MEDIUM, rows=3),
            Field.checkboxes("outcomes", legend_size=Size.MEDIUM),
        ]


class ActivityForm(PlanItemForm):
    links = {"outputs": "outputs"}
    no_links_message = _(
        "The plan has no outputs yet. Save the activity, add outputs, then come back to tie "
        "the activity to them."
    )

    class Meta:
        model = Activity
        fields = ["text", "inputs", "outputs"]
        labels = {
            "text": _("Describe the activity"),
            "inputs": _("Inputs (optional)"),
            "outputs": _("Which outputs does it lead to?"),
        }
        help_texts = {
            "text": _("What is done, by whom, like ‘Run a weekly conversation café’"),
            "inputs": _("The funds, staff, equipment and materials it takes"),
            "outputs": _("Select all that apply"),
        }
        widgets = {"text": forms.Textarea, "inputs": forms.Textarea}
        error_messages = {
            "text": _text_messages(_("the activity"), TEXT_MAX_LENGTH),
            "inputs": _text_messages(_("the inputs"), TEXT_MAX_LENGTH),
            "outputs": {"invalid_choice": _("Select outputs of this plan")},
        }

    def layout(self):
        return [
            Field.textarea("text", label_size=Size.MEDIUM, rows=3),
            Field.textarea("inputs", label_size=Size.MEDIUM, rows=3),
            Field.checkboxes("outputs", legend_size=Size.MEDIUM),
        ]


class BarrierForm(PlanItemForm):
    class Meta:
        model = Barrier
        fields = ["text"]
        labels = {"text": _("Describe the barrier")}
        help_texts = {"text": _("Something that could stop people taking part or the plan working")}
        widgets = {"text": forms.Textarea}
        error_messages = {"text": _text_messages(_("the barrier"), TEXT_MAX_LENGTH)}

    def layout(self):
        return [Field.textarea("text", label_size=Size.MEDIUM, rows=3)]


ASSUMPTION_TARGETS = ["barrier", "activity", "output", "outcome"]


def assumption_about_choices(plan: Plan) -> list[tuple[str, str]]:
    """What an assumption can be about: a barrier, or one link of the plan's chain."""
    choices = []
    for barrier in plan.barriers.all():
        choices.append((f"barrier-{barrier.pk}", _("Barrier: %(b)s") % {"b": barrier}))
    for activity in plan.activities.prefetch_related("outputs"):
        for output in activity.outputs.all():
            choices.append(
                (
                    f"activity-{activity.pk}-output-{output.pk}",
                    _("Activity ‘%(a)s’ leads to output ‘%(o)s’") % {"a": activity, "o": output},
                )
            )
    for output in plan.outputs.prefetch_related("outcomes"):
        for outcome in output.outcomes.all():
            choices.append(
                (
                    f"output-{output.pk}-outcome-{outcome.pk}",
                    _("Output ‘%(o)s’ serves outcome ‘%(c)s’") % {"o": output, "c": outcome},
                )
            )
    for outcome in plan.outcomes.all():
        choices.append(
            (
                f"outcome-{outcome.pk}",
                _("Outcome ‘%(c)s’ leads to the long-term impact") % {"c": outcome},
            )
        )
    return choices


class AssumptionForm(PlanItemForm):
    about = forms.ChoiceField(
        label=_("What is the assumption about?"),
        help_text=_("A barrier, or one link of the chain"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what the assumption is about"),
            "invalid_choice": _("Select what the assumption is about from the list"),
        },
    )

    class Meta:
        model = Assumption
        fields = ["text"]
        labels = {"text": _("Describe the assumption")}
        help_texts = {
            "text": _(
                "Something you take to be true for this to work, like ‘Women will come if "
                "childcare is offered’"
            )
        }
        widgets = {"text": forms.Textarea}
        error_messages = {"text": _text_messages(_("the assumption"), TEXT_MAX_LENGTH)}

    def __init__(self, *args, plan: Plan, item=None, **kwargs):
        super().__init__(*args, plan=plan, item=item, **kwargs)
        self.fields["about"].choices = assumption_about_choices(plan)
        if item is not None and item.pk:
            self.fields["about"].initial = self._about_value(item)

    @staticmethod
    def _about_value(item: Assumption) -> str:
        parts = []
        for name in ASSUMPTION_TARGETS:
            target_id = getattr(item, f"{name}_id")
            if target_id:
                parts += [name, str(target_id)]
        return "-".join(parts)

    def layout(self):
        return [
            Field.textarea("text", label_size=Size.MEDIUM, rows=3),
            Field.radios("about", legend_size=Size.MEDIUM),
        ]

    def values(self) -> dict:
        words = self.cleaned_data["about"].split("-")
        targets = dict.fromkeys(ASSUMPTION_TARGETS)
        models = {"barrier": Barrier, "activity": Activity, "output": Output, "outcome": Outcome}
        for name, pk in zip(words[::2], words[1::2], strict=True):
            targets[name] = models[name].objects.get(plan=self.plan, pk=int(pk))
        return {"text": self.cleaned_data["text"], **targets}


INVOLVEMENT = [
    ("in_design", _("Design")),
    ("in_delivery", _("Delivery")),
    ("in_evaluation", _("Evaluation")),
]


class StakeholderForm(PlanItemForm):
    involved = forms.MultipleChoiceField(
        label=_("When are they involved?"),
        help_text=_("Select all that apply"),
        choices=INVOLVEMENT,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select from design, delivery and evaluation")},
    )

    class Meta:
        model = Stakeholder
        fields = ["name", "kind", "responsibility"]
        labels = {
            "name": _("Who are they?"),
            "kind": _("What kind of stakeholder are they?"),
            "responsibility": _("Their responsibility (optional)"),
        }
        help_texts = {
            "name": _("A group, organisation or role, like ‘Residents of the Eastfield estate’"),
            "responsibility": _("What they will do or answer for"),
        }
        widgets = {"kind": forms.RadioSelect, "responsibility": forms.Textarea}
        error_messages = {
            "name": _text_messages(_("who the stakeholder is"), SHORT_MAX_LENGTH),
            "kind": {
                "required": _("Select what kind of stakeholder they are"),
                "invalid_choice": _("Select what kind of stakeholder they are"),
            },
            "responsibility": _text_messages(_("their responsibility"), TEXT_MAX_LENGTH),
        }

    def __init__(self, *args, plan: Plan, item=None, **kwargs):
        super().__init__(*args, plan=plan, item=item, **kwargs)
        self.fields["kind"].choices = StakeholderKind.choices
        if item is not None and item.pk:
            self.fields["involved"].initial = [
                name for name, _label in INVOLVEMENT if getattr(item, name)
            ]

    def layout(self):
        return [
            Field.text("name", label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.textarea("responsibility", label_size=Size.MEDIUM, rows=3),
            Field.checkboxes("involved", legend_size=Size.MEDIUM),
        ]

    def values(self) -> dict:
        involved = set(self.cleaned_data["involved"])
        return {
            **super().values(),
            **{name: name in involved for name, _label in INVOLVEMENT},
        }


class StakeholderAgreementForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["stakeholder_agreement"]
        labels = {"stakeholder_agreement": _("What have the stakeholders agreed?")}
        help_texts = {
            "stakeholder_agreement": _(
                "The outcomes, the actions, the logic that links them, and who is responsible "
                "for what. You can come back and add to this."
            )
        }
        widgets = {"stakeholder_agreement": forms.Textarea}
        error_messages = {
            "stakeholder_agreement": _text_messages(
                _("what the stakeholders have agreed"), TEXT_MAX_LENGTH
            )
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, instance=plan, **kwargs)
        self.helper = _helper(
            Field.textarea("stakeholder_agreement", label_size=Size.MEDIUM, label_tag="h2"),
            "version",
            Button("submit", SAVE_AND_CONTINUE),
        )


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
        self.helper = _helper(
            Field.radios("shared_with_team", legend_size=Size.MEDIUM, legend_tag="h2"),
            "version",
            Button("submit", _("Save and go to the plan")),
        )


class ConfirmForm(VersionedForm):
    """The version only: a remove confirmation, or a move up / move down button."""


class MoveForm(VersionedForm):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


# -- Indicators of an outcome -------------------------------------------------------------------


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
        self.helper = _helper(*layout, "version", Button("submit", _("Save indicators")))

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
        error_messages=_text_messages(_("the wording of the indicator"), TEXT_MAX_LENGTH),
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["domain"].label_from_instance = lambda d: f"{d.number}. {d.name}"
        self.helper = _helper(
            Field.select("domain", label_size=Size.MEDIUM),
            Field.textarea("wording", label_size=Size.MEDIUM, rows=3),
            "version",
            Button("submit", _("Add indicator")),
        )


# -- Evidence for an assumption -----------------------------------------------------------------


class EvidenceForm(VersionedModelForm):
    class Meta:
        model = Evidence
        fields = ["kind", "source", "strength"]
        labels = {
            "kind": _("What kind of evidence is it?"),
            "source": _("Where does it come from?"),
            "strength": _("How strong is it?"),
        }
        help_texts = {
            "source": _("The report, survey, records or people it comes from"),
        }
        widgets = {"kind": forms.RadioSelect, "strength": forms.RadioSelect}
        error_messages = {
            "kind": {
                "required": _("Select what kind of evidence it is"),
                "invalid_choice": _("Select what kind of evidence it is"),
            },
            "source": _text_messages(_("where the evidence comes from"), SHORT_MAX_LENGTH),
            "strength": {
                "required": _("Select how strong the evidence is"),
                "invalid_choice": _("Select how strong the evidence is"),
            },
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        # Given an instance, the form changes that evidence rather than adding some.
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["kind"].choices = EvidenceKind.choices
        self.fields["strength"].choices = EvidenceStrength.choices
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("source", label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS),
            Field.radios("strength", legend_size=Size.MEDIUM),
            "version",
            Button("submit", _("Save changes") if self.instance.pk else _("Add evidence")),
        )


# -- History ------------------------------------------------------------------------------------


class CompareForm(UserTextFormMixin, forms.Form):
    """Two versions of a plan to compare: a GET form, so the comparison has an address."""

    def __init__(self, *args, numbers: list[int], action: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, _("Version %(number)d") % {"number": number}) for number in numbers]
        for name, label, what in (
            ("from", _("Compare version"), _("Select the older version to compare")),
            ("to", _("with version"), _("Select the newer version to compare")),
        ):
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                error_messages={
                    "required": what,
                    "invalid_choice": _("Select a version this plan has"),
                },
            )
        self.helper = _helper(
            Field.select("from"),
            Field.select("to"),
            Button("compare", _("Compare")),
            method="get",
        )
        self.helper.form_action = action

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", _("Select a different version from the first"))
        return cleaned
