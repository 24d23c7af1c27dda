"""Forms of the review: comments and replies, status changes, collaborators."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from ioi_planner.text import UserTextFormMixin, lazy_format
from theory_of_change.forms import form_helper
from theory_of_change.models import TEXT_MAX_LENGTH, Plan
from theory_of_change.review.workflow import Transition
from theory_of_change.versioning import VersionedForm

COMMENT_MESSAGES = {
    "required": _("Enter a comment"),
    "max_length": lazy_format(
        _("The comment must be %(limit)d characters or fewer"), limit=TEXT_MAX_LENGTH
    ),
}


class CommentForm(UserTextFormMixin, forms.Form):
    """A new comment on one section (the section is in the address the form posts to), on a
    page of its own: the review page links to it rather than rendering a form per section."""

    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX_LENGTH,
        error_messages=COMMENT_MESSAGES,
    )

    def __init__(self, *args, section: str, action: str, **kwargs):
        super().__init__(*args, prefix=f"comment-{section}", **kwargs)
        self.helper = form_helper(
            Field.textarea("text", label_size=Size.MEDIUM),
            Button("submit", _("Add comment")),
        )
        self.helper.form_action = action


class ReplyForm(UserTextFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={**COMMENT_MESSAGES, "required": _("Enter a reply")},
    )

    def __init__(self, *args, comment, action: str, **kwargs):
        super().__init__(*args, prefix=f"reply-{comment.pk}", **kwargs)
        self.helper = form_helper(
            Field.textarea("text", label_size=Size.MEDIUM),
            Button("submit", _("Reply")),
        )
        self.helper.form_action = action


class TransitionForm(VersionedForm):
    """A change of status: the version of the plan it was decided on, and the reason where the
    workflow asks for one. Other changes are one button: comments go on the sections."""

    def __init__(self, *args, plan: Plan, transition: Transition, action: str = "", **kwargs):
        super().__init__(*args, plan=plan, prefix=transition.slug, **kwargs)
        self.transition = transition
        layout = ["version", Button("submit", transition.label)]
        if transition.confirmed and not transition.reason_required:
            self.fields["comment"] = forms.CharField(
                label=_("Comment (optional)"),
                help_text=_(
                    "Kept with the decision in the plan’s history, and shown to its authors"
                ),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=TEXT_MAX_LENGTH,
                required=False,
                error_messages={"max_length": COMMENT_MESSAGES["max_length"]},
            )
            layout.insert(0, Field.textarea("comment", label_size=Size.SMALL))
        if transition.reason_required:
            self.fields["comment"] = forms.CharField(
                label=_("What needs to change, and why?"),
                help_text=_("The plan’s authors see this with your comments on its sections"),
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=TEXT_MAX_LENGTH,
                error_messages={
                    "required": _("Enter what needs to change, and why"),
                    "max_length": COMMENT_MESSAGES["max_length"],
                },
            )
            layout.insert(0, Field.textarea("comment", label_size=Size.SMALL))
        self.helper = form_helper(*layout)
        if action:
            self.helper.form_action = action

    def comment(self) -> str:
        return self.cleaned_data.get("comment", "")


class CollaboratorAddForm(VersionedForm):
    user = forms.TypedChoiceField(
        label=_("Add a collaborator"),
        help_text=_("People in the plan’s team who do not work on it yet"),
        coerce=int,
        error_messages={
            "required": _("Select who to add"),
            "invalid_choice": _("Select someone in the plan’s team"),
        },
    )

    def __init__(self, *args, plan: Plan, candidates, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["user"].choices = [("", _("Choose someone"))] + [
            (person.pk, f"{person} ({person.email})") for person in candidates
        ]
        self.helper = form_helper(
            Field.select("user", label_size=Size.MEDIUM, label_tag="h2"),
            "version",
            Button("submit", _("Add collaborator")),
        )


class CollaboratorRemoveForm(VersionedForm):
    """The version only: a remove button for one collaborator."""
