"""Meeting pages, one module per part of the secretariat's work."""

from .attachments import attachment_add, attachment_download, attachment_remove
from .calendar import feed, feed_by_token, feed_renew, meeting_ics
from .followups import (
    followup_attachment,
    followup_create,
    followup_detail,
    followup_list,
    followup_review,
    followup_update,
)
from .meetings import (
    agenda_add,
    agenda_move,
    agenda_remove,
    attendance,
    attendance_prefill,
    attendance_remove,
    guest_add,
    invitations_retry,
    invitations_send,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_list,
)
from .minutes import (
    minutes_approve,
    minutes_approve_confirm,
    minutes_circulate,
    minutes_comment,
    minutes_comment_resolve,
    minutes_detail,
    minutes_edit,
    minutes_pdf,
)

__all__ = [
    "agenda_add", "agenda_move", "agenda_remove", "attachment_add", "attachment_download",
    "attachment_remove", "attendance", "attendance_prefill", "attendance_remove", "feed",
    "feed_by_token", "feed_renew", "followup_attachment", "followup_create",
    "followup_detail", "followup_list", "followup_review", "followup_update",
    "guest_add", "invitations_retry", "invitations_send", "meeting_create", "meeting_detail",
    "meeting_edit", "meeting_ics", "meeting_list", "minutes_approve", "minutes_approve_confirm",
    "minutes_circulate", "minutes_comment", "minutes_comment_resolve", "minutes_detail",
    "minutes_edit", "minutes_pdf",
]
