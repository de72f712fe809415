from django.contrib import admin

from .models import AuditEntry, Notification, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["task", "args", "created_at", "attempts", "last_error"]
    readonly_fields = ["task", "args", "created_at", "attempts", "last_error"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only: entries are evidence, so no one adds, edits or deletes one
    here."""

    list_display = ["at", "kind", "username", "ip_address", "status", "path", "detail"]
    list_filter = ["kind", "status"]
    search_fields = ["username", "ip_address", "path", "detail"]
    date_hierarchy = "at"
    list_select_related = False
    fields = ["at", "kind", "user", "username", "ip_address", "path", "status", "detail"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "title", "read_at", "email_status"]
    list_filter = ["kind", "email_status"]
    search_fields = ["title", "user__username"]
    readonly_fields = ["user", "regency", "kind", "title", "body", "link", "created_at",
                       "read_at", "email_status", "email_error", "emailed_at"]
