from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from theory_of_change.models import Notification


class EmailFailedFilter(admin.SimpleListFilter):
    title = _("email")
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [("failed", _("Could not be sent")), ("sent", _("Sent"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.exclude(email_error="")
        if self.value() == "sent":
            return queryset.filter(emailed_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: for site staff to see which notification emails the mail server refused,
    and why (the in-app notifications themselves are the people's own)."""

    list_display = ["created_at", "user", "kind", "emailed_at", "email_error"]
    list_filter = [EmailFailedFilter, "kind"]
    search_fields = ["user__email", "email_error"]
    readonly_fields = [
        "user",
        "plan",
        "kind",
        "message",
        "created_at",
        "read_at",
        "emailed_at",
        "email_error",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
