"""What every form of the plans app shares: the GOV.UK form helper, error messages, a confirm form."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django.utils.translation import gettext_lazy as _

from ioi_planner.text import capitalised, lazy_format
from theory_of_change.versioning import VersionedForm

SAVE_AND_CONTINUE = _("Save and continue")


def form_helper(*layout, method: str = "post") -> FormHelper:
    helper = FormHelper()
    helper.form_method = method
    helper.attrs = {"novalidate": ""}
    if method == "get":
        helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def text_messages(what: str, limit: int) -> dict:
    return {
        "required": lazy_format(_("Enter %(what)s"), what=what),
        "max_length": lazy_format(
            _("%(What)s must be %(limit)d characters or fewer"),
            What=capitalised(what),
            limit=limit,
        ),
    }


class ConfirmForm(VersionedForm):
    """The version only: a remove confirmation, or a move up / move down button."""
