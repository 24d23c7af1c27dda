"""The form that starts a plan from a worked example."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from ioi_planner.text import UserTextFormMixin


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team) -> str:
        return f"{team.name} ({team.organisation.name})"


class ExampleStartForm(UserTextFormMixin, forms.Form):
    """Which of the user's teams the copied plan is for; asked only when there is a choice.
    Built only for users in at least one team."""

    team = TeamChoiceField(
        queryset=None,
        empty_label=None,
        label=_("Which team is the plan for?"),
        error_messages={
            "required": _("Select the team the plan is for"),
            "invalid_choice": _("Select the team the plan is for"),
        },
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams = list(teams)
        self.helper = FormHelper()
        self.helper.form_tag = False
        submit = Submit("start", _("Start from this example"))
        if len(self.teams) > 1:
            self.fields["team"].queryset = teams
            self.fields["team"].widget = forms.RadioSelect()
            self.helper.layout = Layout(Field.radios("team", legend_size=Size.MEDIUM), submit)
        else:
            # One team: the plan is for it, and a team posted anyway is not looked at.
            del self.fields["team"]
            self.helper.layout = Layout(submit)

    def chosen_team(self):
        return self.cleaned_data["team"] if "team" in self.fields else self.teams[0]
