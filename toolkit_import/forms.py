from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ioi_planner.text import UserTextFormMixin

from .reader import COLUMNS, column_letter

NOT_IN_FILE = ""


class UploadForm(UserTextFormMixin, forms.Form):
    workbook = forms.FileField(
        label=_("Toolkit workbook"),
        error_messages={
            "required": _("Select the toolkit workbook"),
            "empty": _("The selected file is empty. Select the toolkit workbook"),
            "invalid": _("Select the toolkit workbook"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_mb = f"{settings.TOOLKIT_IMPORT_MAX_FILE_BYTES / 2**20:g}"
        self.fields["workbook"].help_text = _(
            "An Excel workbook (.xlsx) of up to %(limit)s MB, with a sheet called "
            "“UK questions and data information”"
        ) % {"limit": limit_mb}
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": "", "enctype": "multipart/form-data"}
        self.helper.layout = Layout(
            Field("workbook", context={"label_size": Size.MEDIUM}),
            Submit("upload", _("Upload and check the columns")),
        )

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        if workbook.size > settings.TOOLKIT_IMPORT_MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The selected file must be smaller than %(limit)s MB")
                % {"limit": f"{settings.TOOLKIT_IMPORT_MAX_FILE_BYTES / 2**20:g}"}
            )
        return workbook


class MappingForm(UserTextFormMixin, forms.Form):
    """One select per field the importer reads: which column of the header row holds it."""

    WHOLE, PARTIAL = "whole", "partial"

    def __init__(self, *args, headers: list[str], mapping: dict, partial: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, _("Not in this file"))] + [
            (str(index), f"{column_letter(index)}: {header or _('(no header)')}")
            for index, header in enumerate(headers)
        ]
        for column in COLUMNS:
            current = mapping.get(column.name)
            self.fields[column.name] = forms.ChoiceField(
                label=column.label,
                choices=choices,
                required=column.required,
                initial=NOT_IN_FILE if current is None else str(current),
                error_messages={
                    "required": _("Select the column that holds the %(field)s")
                    % {"field": str(column.label).lower()},
                    "invalid_choice": _("Select a column from the list"),
                },
            )
        self.fields["scope"] = forms.ChoiceField(
            label=_("What does this file hold?"),
            choices=[
                (
                    self.WHOLE,
                    _("The whole toolkit: indicators the file no longer has are retired"),
                ),
                (
                    self.PARTIAL,
                    _("Part of the toolkit: add and change indicators, retire nothing"),
                ),
            ],
            widget=forms.RadioSelect,
            initial=self.PARTIAL if partial else self.WHOLE,
            # One is always chosen on the page; a form sent without it means the whole toolkit.
            required=False,
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *(Field.select(column.name) for column in COLUMNS),
            Field.radios("scope", legend_size=Size.MEDIUM),
            Submit("confirm", _("Confirm the columns and preview")),
        )

    def partial(self) -> bool:
        return self.cleaned_data.get("scope") == self.PARTIAL

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for column in COLUMNS:
            value = cleaned.get(column.name)
            if not value:
                continue
            if value in chosen:
                self.add_error(
                    column.name,
                    _("Select a different column: %(other)s already uses this one")
                    % {"other": chosen[value]},
                )
            else:
                chosen[value] = str(column.label)
        return cleaned

    def mapping(self) -> dict[str, int | None]:
        return {
            column.name: int(self.cleaned_data[column.name])
            if self.cleaned_data.get(column.name)
            else None
            for column in COLUMNS
        }
