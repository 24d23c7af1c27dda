"""The forms of the plan's listed parts (outcomes, outputs, activities, barriers, assumptions,
stakeholders) and of evidence. Each carries the plan's version (versioning.VersionedForm).
"""

from crispy_forms.layout import HTML
from crispy_forms_gds.layout import Button, Field, Fluid, Size
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from theory_of_change.forms import SAVE_AND_CONTINUE, form_helper, text_messages
from theory_of_change.models import (
    SHORT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Activity,
    Assumption,
    Barrier,
    Evidence,
    EvidenceKind,
    EvidenceStrength,
    Outcome,
    Output,
    Plan,
    Stakeholder,
    StakeholderKind,
)
from theory_of_change.versioning import VersionedForm, VersionedModelForm


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
        self.helper = form_helper(*layout, "version", Button("submit", _("Save")))

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
            "text": text_messages(_("the outcome"), TEXT_MAX_LENGTH),
            "baseline": text_messages(_("the baseline"), SHORT_MAX_LENGTH),
            "target": text_messages(_("the target"), SHORT_MAX_LENGTH),
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
            "text": text_messages(_("the output"), TEXT_MAX_LENGTH),
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
            "text": text_messages(_("the activity"), TEXT_MAX_LENGTH),
            "inputs": text_messages(_("the inputs"), TEXT_MAX_LENGTH),
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
        error_messages = {"text": text_messages(_("the barrier"), TEXT_MAX_LENGTH)}

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
        error_messages = {"text": text_messages(_("the assumption"), TEXT_MAX_LENGTH)}

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
            "name": text_messages(_("who the stakeholder is"), SHORT_MAX_LENGTH),
            "kind": {
                "required": _("Select what kind of stakeholder they are"),
                "invalid_choice": _("Select what kind of stakeholder they are"),
            },
            "responsibility": text_messages(_("their responsibility"), TEXT_MAX_LENGTH),
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
            "stakeholder_agreement": text_messages(
                _("what the stakeholders have agreed"), TEXT_MAX_LENGTH
            )
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, instance=plan, **kwargs)
        self.helper = form_helper(
            Field.textarea("stakeholder_agreement", label_size=Size.MEDIUM, label_tag="h2"),
            "version",
            Button("submit", SAVE_AND_CONTINUE),
        )


class MoveForm(VersionedForm):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


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
            "source": text_messages(_("where the evidence comes from"), SHORT_MAX_LENGTH),
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
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("source", label_size=Size.MEDIUM, field_width=Fluid.TWO_THIRDS),
            Field.radios("strength", legend_size=Size.MEDIUM),
            "version",
            Button("submit", _("Save changes") if self.instance.pk else _("Add evidence")),
        )
