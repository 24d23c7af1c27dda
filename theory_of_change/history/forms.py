"""The form that picks two versions of a plan to compare."""

from crispy_forms_gds.layout import Button, Field
from django import forms
from django.utils.translation import gettext_lazy as _

from ioi_planner.text import UserTextFormMixin
from theory_of_change.forms import form_helper


class CompareForm(UserTextFormMixin, forms.Form):
    """Two versions of a plan (or of another versioned document) to compare: a GET form, so the
    comparison has an address. `unknown` is the error for a version the document does not have."""

    def __init__(
        self,
        *args,
        numbers: list[int],
        action: str,
        unknown=None,
        **kwargs,
    ):
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
                    "invalid_choice": unknown or _("Select a version this plan has"),
                },
            )
        self.helper = form_helper(
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
