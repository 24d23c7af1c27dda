"""The record of one toolkit import: the uploaded file, how it was read, what it would change
and, once applied, what it did.

The file's bytes live on the record, so the mapping, preview and apply steps all read the same
file the admin uploaded (checked against its SHA-256), never anything sent back by a form.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    DRAFT = "draft", _("Columns to confirm")
    PREVIEWED = "previewed", _("Ready to apply")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class ImportRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.DRAFT
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )
    via_command = models.BooleanField(_("run by the import_toolkit command"), default=False)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("file"), editable=False)
    sheet_name = models.CharField(_("sheet"), max_length=100)
    header_row = models.PositiveIntegerField(_("header row"))
    # Every column of the header row, in order, as the file spells it.
    headers = models.JSONField(_("headers"), default=list)
    # Field name -> 0-based column index (or null when the file has no such column).
    column_mapping = models.JSONField(_("column mapping"), default=dict)
    # A partial update adds and changes indicators but retires nothing (and removes no question):
    # for a file that is not the whole toolkit.
    partial = models.BooleanField(_("partial update"), default=False)
    counts = models.JSONField(_("counts"), default=dict)
    # The preview: capped lists of what would change, for the preview page.
    preview = models.JSONField(_("preview"), default=dict)
    preview_digest = models.CharField(_("preview digest"), max_length=64, blank=True)
    rejected_rows = models.JSONField(_("rejected rows"), default=list)
    error = models.TextField(_("what went wrong"), blank=True)
    # The background job making the preview or applying the file, while it runs, and after
    # (its failure, if it failed, is shown on the import's page).
    job = models.ForeignKey(
        "ioi_planner.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("job"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("toolkit import")
        verbose_name_plural = _("toolkit imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("toolkit_import:import_detail", kwargs={"import_id": self.pk})

    @property
    def toolkit_version(self) -> str:
        """What imported indicators record as the toolkit version that last changed them."""
        return f"{self.file_name[:80]} {self.sha256[:12]}"
