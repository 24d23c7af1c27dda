"""The form that picks two versions of a plan to compare."""

from crispy_forms_gds.layout import Button, Field
from django import forms
from django.utils.translation import gettext_lazy as _

from ioi_planner.forms import WHOLE_NUMBER_INPUT
from ioi_planner.text import UserTextFormMixin, lazy_format
from theory_of_change.forms import form_helper


class CompareForm(UserTextFormMixin, forms.Form):
    """Two versions of a plan (or of another versioned document) to compare: a GET form, so the
    comparison has an address. `unknown` is the error for a version the document does not have.

    The versions are typed as numbers, not picked from lists: a long-lived plan has hundreds of
    versions, which made two lists too long to use (the GOV.UK Design System keeps select
    boxes for a last resort) and two-thirds of the history page's time (issue 20). The hint
    gives the range, and the table below lists every version with its number."""

    def __init__(
        self,
        *args,
        numbers: list[int],
        action: str,
        unknown=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.numbers = set(numbers)
        self.unknown = unknown or _("Enter the number of a version this plan has")
        hint = (
            lazy_format(
                _("A version number from %(first)s to %(last)s"),
                first=min(numbers),
                last=max(numbers),
            )
            if numbers
            else ""
        )
        for name, label, what in (
            ("from", _("Compare version"), _("Enter the number of the older version to compare")),
            ("to", _("with version"), _("Enter the number of the newer version to compare")),
        ):
            self.fields[name] = forms.IntegerField(
                label=label,
                help_text=hint,
                widget=WHOLE_NUMBER_INPUT,
                error_messages={
                    "required": what,
                    "invalid": _("Enter a version number in figures, like 12"),
                },
            )
        self.helper = form_helper(
            Field.text("from", field_width=4),
            Field.text("to", field_width=4),
            Button("compare", _("Compare")),
            method="get",
        )
        self.helper.form_action = action

    def _known(self, name: str) -> int:
        number = self.cleaned_data[name]
        if number not in self.numbers:
            raise forms.ValidationError(self.unknown, code="unknown")
        return number

    def clean_from(self) -> int:
        return self._known("from")

    def clean_to(self) -> int:
        return self._known("to")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") is not None and cleaned.get("from") == cleaned.get("to"):
            self.add_error("to", _("Enter a different version from the first"))
        return cleaned
