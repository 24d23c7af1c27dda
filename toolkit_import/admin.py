from django.contrib import admin

from .models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Read-only: imports are made and applied on the toolkit import pages, never edited."""

    list_display = ["file_name", "status", "created_at", "uploaded_by", "applied_at"]
    list_filter = ["status", "via_command"]
    exclude = ["content"]
    list_select_related = ["uploaded_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
