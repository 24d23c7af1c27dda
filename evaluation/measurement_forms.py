"""Forms of the measurement pages: the plan's groups, measurements and dated targets."""

from crispy_forms_gds.layout import Button, Field, Fluid, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from domains.languages import text_in_language
from ioi_planner.forms import GovDateField, decimal_field
from ioi_planner.text import lazy_format
from theory_of_change.models import SHORT_MAX_LENGTH, Plan
from theory_of_change.versioning import VersionedForm

from .forms import form_helper
from .groups import NAME_MAX_LENGTH, group_choices
from .models import Direction, IndicatorTarget, MeasurementKind


def group_field() -> forms.ChoiceField:
    """Radios of the plan's groups (their choices are set per plan: groups.group_choices)."""
    return forms.ChoiceField(
        label=_("For which group?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the group the value is for"),
            "invalid_choice": _("Select one of the plan’s groups"),
        },
    )


def number_field(what: str, **kwargs) -> forms.DecimalField:
    return decimal_field(
        error_messages={
            "required": lazy_format(_("Enter %(what)s"), what=what),
            "invalid": lazy_format(_("Enter %(what)s as a number, like 42 or 12.5"), what=what),
            "max_digits": lazy_format(
                _("Enter %(what)s with 10 digits or fewer before the decimal point"), what=what
            ),
            "max_decimal_places": lazy_format(
                _("Enter %(what)s with 2 decimal places or fewer"), what=what
            ),
            "max_whole_digits": lazy_format(
                _("Enter %(what)s with 10 digits or fewer before the decimal point"), what=what
            ),
        },
        **kwargs,
    )


class GroupForm(VersionedForm):
    name = forms.CharField(
        label=_("Name of the group"),
        help_text=_("For example, ‘young people’ or ‘Afghan families’"),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Enter the group’s name"),
            "max_length": lazy_format(
                _("The name must be %(limit)d characters or fewer"), limit=NAME_MAX_LENGTH
            ),
        },
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.helper = form_helper(
            Field.text("name", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            "version",
            Button("submit", _("Add the group")),
        )


class MeasurementForm(VersionedForm):
    indicator = forms.ModelChoiceField(
        queryset=None,
        label=_("Which indicator was measured?"),
        empty_label=_("Select an indicator"),
        error_messages={
            "required": _("Select the indicator that was measured"),
            "invalid_choice": _("Select an indicator that one of the plan’s outcomes uses"),
        },
    )
    group = group_field()
    kind = forms.ChoiceField(
        label=_("Is this a baseline or a later value?"),
        choices=MeasurementKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether this is a baseline or a later value"),
            "invalid_choice": _("Select whether this is a baseline or a later value"),
        },
    )
    measured_on = GovDateField(
        what=_("the date it was measured"),
        label=_("When was it measured?"),
        require_all_fields=False,
    )
    value = number_field(
        _("the value"),
        label=_("Value"),
        help_text=_("A number, like 42 or 12.5 (for a percentage, leave out the per cent sign)"),
    )
    source = forms.CharField(
        label=_("Where does the value come from?"),
        help_text=_("For example, ‘Residents survey 2026’ or ‘Club attendance records’"),
        max_length=SHORT_MAX_LENGTH,
        error_messages={
            "required": _("Enter where the value comes from"),
            "max_length": lazy_format(
                _("The source must be %(limit)d characters or fewer"), limit=SHORT_MAX_LENGTH
            ),
        },
    )

    def __init__(self, *args, plan: Plan, indicators, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        field = self.fields["indicator"]
        field.queryset = indicators
        field.label_from_instance = lambda indicator: text_in_language(indicator, "wording")
        self.fields["group"].choices = group_choices(plan)
        self.helper = form_helper(
            Field.select("indicator", label_size=Size.SMALL),
            Field.radios("group", legend_size=Size.SMALL),
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field("measured_on"),
            Field.text("value", label_size=Size.SMALL, field_width=10),
            Field.text("source", label_size=Size.SMALL, field_width=Fluid.TWO_THIRDS),
            "version",
            Button("submit", _("Save measurement")),
        )


class TargetForm(VersionedForm):
    group = group_field()
    direction = forms.ChoiceField(
        label=_("Which way should the value move?"),
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether the value should increase, decrease or stay the same"),
            "invalid_choice": _(
                "Select whether the value should increase, decrease or stay the same"
            ),
        },
    )
    value = number_field(_("the target"), label=_("Target value"), help_text=_("A number, like 60"))
    unit = forms.CharField(
        label=_("Unit (optional)"),
        help_text=_("For example, ‘%’, ‘people’ or ‘sessions a month’"),
        required=False,
        max_length=IndicatorTarget._meta.get_field("unit").max_length,
        error_messages={"max_length": _("The unit must be 40 characters or fewer")},
    )
    due_on = GovDateField(
        what=_("the date the target is due"),
        label=_("By when?"),
        require_all_fields=False,
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["group"].choices = group_choices(plan)
        self.fields["direction"].choices = [
            (Direction.INCREASE, _("Increase")),
            (Direction.DECREASE, _("Decrease")),
            (Direction.MAINTAIN, _("Maintain (keep it at the target)")),
        ]
        self.helper = form_helper(
            Field.radios("group", legend_size=Size.SMALL),
            Field.radios("direction", legend_size=Size.SMALL),
            Field.text("value", label_size=Size.SMALL, field_width=10),
            Field.text("unit", label_size=Size.SMALL, field_width=10),
            Field("due_on"),
            "version",
            Button("submit", _("Add the target")),
        )
