"""Meeting pages, one module per part of the secretariat's work."""

from .attachments import attachment_add, attachment_download, attachment_remove
from .calendar import feed, feed_by_token, meeting_ics
from .followups import followup_create, followup_detail, followup_list, followup_update
from .meetings import (
    agenda_add,
    agenda_move,
    agenda_remove,
    attendance,
    attendance_prefill,
    attendance_remove,
    guest_add,
    invitations_send,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_list,
)
from .minutes import minutes_approve, minutes_circulate, minutes_detail, minutes_edit, minutes_pdf

__all__ = [
    "agenda_add", "agenda_move", "agenda_remove", "attachment_add", "attachment_download",
    "attachment_remove", "attendance", "attendance_prefill", "attendance_remove", "feed",
    "feed_by_token", "followup_create", "followup_detail", "followup_list", "followup_update",
    "guest_add", "invitations_send", "meeting_create", "meeting_detail", "meeting_edit",
    "meeting_ics", "meeting_list", "minutes_approve", "minutes_circulate", "minutes_detail",
    "minutes_edit", "minutes_pdf",
]
