"""The forms of the readiness self-assessment. Each carries the version of the assessment it was
made from (ioi_planner/versioning.py), so a form made before someone else's save is refused
with what was typed kept."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Fluid, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from ioi_planner.forms import GovDateField
from ioi_planner.models import User
from ioi_planner.versioning import VersionFieldMixin
from theory_of_change.forms import SAVE_AND_CONTINUE, form_helper, text_messages
from theory_of_change.models import SHORT_MAX_LENGTH, TEXT_MAX_LENGTH

from .areas import RATING_HELP, AreaGuide
from .models import Action, Area, AreaAnswer, Assessment, Rating


class AssessmentForm(VersionFieldMixin, forms.Form):
    """Carries the assessment's version; on its own, a form that only confirms a change."""

    stale_message = _(
        "This assessment was changed (in another tab, by someone else in your team, or by "
        "sending this form twice) after you opened this page, so nothing was saved. What you "
        "typed is kept below: check it and save again if it is still needed."
    )

    def __init__(self, *args, assessment: Assessment, **kwargs):
        self.assessment = assessment
        super().__init__(*args, versioned=assessment, **kwargs)


class AreaForm(AssessmentForm):
    rating = forms.ChoiceField(
        label=_("Where does the team stand?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select where the team stands"),
            "invalid_choice": _("Select where the team stands"),
        },
    )
    challenges = forms.CharField(
        label=_("What challenges does the team face here?"),
        help_text=_("In your own words. Leave it empty if there are none worth noting."),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=text_messages(_("the challenges"), TEXT_MAX_LENGTH),
    )
    response = forms.CharField(
        label=_("How will the team plan around them?"),
        help_text=_("Add the steps someone will take, with a date, as actions afterwards"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=text_messages(_("how the team will plan around them"), TEXT_MAX_LENGTH),
    )

    def __init__(self, *args, guide: AreaGuide, answer: AreaAnswer | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.guide = guide
        self.fields["rating"].choices = [
            Choice(value, label, hint=RATING_HELP[Rating(value)]) for value, label in Rating.choices
        ]
        if answer is not None and not self.is_bound:
            self.initial.update(
                rating=answer.rating, challenges=answer.challenges, response=answer.response
            )
        self.helper = form_helper(
            Field.radios("rating", legend_size=Size.MEDIUM),
            Field.textarea("challenges", label_size=Size.SMALL),
            Field.textarea("response", label_size=Size.SMALL),
            "version",
            Button("submit", SAVE_AND_CONTINUE),
        )


class ActionForm(AssessmentForm):
    text = forms.CharField(
        label=_("What will be done?"),
        help_text=_("One step, for example ‘Brief the housing team on the framework’"),
        max_length=SHORT_MAX_LENGTH,
        error_messages=text_messages(_("what will be done"), SHORT_MAX_LENGTH),
    )
    area = forms.ChoiceField(
        label=_("Which area is it about?"),
        choices=Area.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the area the action is about"),
            "invalid_choice": _("Select the area the action is about"),
        },
    )
    owner = forms.ModelChoiceField(
        queryset=None,
        label=_("Who will do it?"),
        help_text=_("Someone in the team"),
        empty_label=_("Choose someone"),
        error_messages={
            "required": _("Choose who will do it"),
            "invalid_choice": _("Choose someone in the team"),
        },
    )
    due = GovDateField(
        what=_("the date it is due"),
        label=_("When is it due?"),
        help_text=_("For example, 31 3 2027"),
        require_all_fields=False,
    )

    def __init__(self, *args, action: Action | None = None, area: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = User.objects.filter(
            memberships__team=self.assessment.team_id, is_active=True
        ).order_by("full_name", "email")
        owner.label_from_instance = lambda user: user.full_name or user.email
        if action is not None and not self.is_bound:
            self.initial.update(
                text=action.text, area=action.area, owner=action.owner_id, due=action.due
            )
        elif area and not self.is_bound:
            self.initial["area"] = area
        self.helper = form_helper(
            Field.text("text", label_size=Size.SMALL, field_width=Fluid.FULL),
            Field.radios("area", legend_size=Size.SMALL),
            Field.select("owner", label_size=Size.SMALL),
            Field("due"),
            "version",
            Button("submit", _("Save the action")),
        )


class DecisionForm(AssessmentForm):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[
            ("reviewed", _("Mark it as reviewed")),
            ("changes", _("Ask the team to change it")),
        ],
        error_messages={
            "required": _("Select your decision"),
            "invalid_choice": _("Select your decision"),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("Needed when you ask for changes: say what the team should change"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=text_messages(_("the comment"), TEXT_MAX_LENGTH),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("comment", label_size=Size.SMALL),
            "version",
            Button("submit", _("Save the decision")),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "changes" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say what the team should change"))
        return cleaned


class PlanLinkForm(AssessmentForm):
    plan = forms.ModelChoiceField(
        queryset=None,
        label=_("Which plan is it for?"),
        required=False,
        empty_label=_("No plan"),
        error_messages={"invalid_choice": _("Choose one of the team’s plans")},
    )

    def __init__(self, *args, action: Action, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        if not self.is_bound:
            self.initial["plan"] = action.plan_id
        self.helper = form_helper(
            Field.select("plan", label_size=Size.SMALL), "version", Button("submit", _("Save"))
        )
