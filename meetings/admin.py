"""Admin of meetings (the secretariat works in the portal's own pages)."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Attendance,
    FollowUp,
    InvitationDelivery,
    Meeting,
    MeetingAttachment,
    Minutes,
)


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "regency", "kind", "start", "mode", "status"]
    list_filter = ["regency", "kind", "mode", "status"]
    search_fields = ["title", "place"]
    date_hierarchy = "start"
    inlines = [AgendaInline, AttendanceInline]
    # A link typed without a scheme is read as https, as in the portal's own form.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "status", "approved_at"]
    list_filter = ["status", "regency"]
    search_fields = ["number", "meeting__title"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agency", "due_date", "status", "regency"]
    list_filter = ["status", "regency"]
    search_fields = ["description", "agency__name"]


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "meeting", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name", "title"]


@admin.register(InvitationDelivery)
class InvitationDeliveryAdmin(admin.ModelAdmin):
    """What the mail server answered for each invitation (read in the portal's meeting page)."""

    list_display = ["name", "address", "meeting", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["name", "address", "meeting__title"]
    readonly_fields = ["meeting", "member", "requested_at", "claimed_at", "sent_at", "attempts"]
