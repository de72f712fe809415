"""Read-side queries of meetings and follow-ups. Every query starts from `for_access`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from dewan.core.queries import first_and_count
from dewan.council.access import Access
from dewan.council.scoping import Action

from .choices import (
    ATTENDED,
    LATE_FOLLOWUP_STATUSES,
    OPEN_FOLLOWUP_STATUSES,
    AttendanceStatus,
    DeliveryStatus,
    FollowUpEntryKind,
    FollowUpStatus,
    MeetingStatus,
    MinutesStatus,
)
from .models import (
    AgendaItem,
    Attendance,
    CalendarFeedKey,
    FollowUp,
    FollowUpUpdate,
    InvitationDelivery,
    Meeting,
    MeetingAttachment,
    Minutes,
    MinutesComment,
    attended_meeting_ids,
)


def overview_panel(*, access: Access) -> dict:
    """The meetings figures on the regency overview."""
    meetings = Meeting.objects.for_access(access)
    now = timezone.now()
    # Open and overdue follow-ups counted in one aggregate (overdue ones are open ones).
    counts = followups_for(access=access).filter(status__in=OPEN_FOLLOWUP_STATUSES).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=LATE_FOLLOWUP_STATUSES,
                                     due_date__lt=access.regency.local_today())),
    )
    return {
        "next_meeting": meetings.filter(start__gte=now).order_by("start").first(),
        "last_meeting": meetings.filter(start__lt=now).order_by("-start").first(),
        "open_followups": counts["open"],
        "overdue_followups": counts["overdue"],
    }


# Meetings -------------------------------------------------------------------------------


def meetings_for(*, access: Access, kind: str = "", year: int | None = None,
                 mode: str = "") -> QuerySet[Meeting]:
    """The regency's meetings, filtered, with what the list shows fetched in the same query."""
    meetings = (
        Meeting.objects.for_access(access)
        .select_related("chair", "minutes")
        .annotate(agenda_count=Count("agenda_items", distinct=True))
    )
    if kind:
        meetings = meetings.filter(kind=kind)
    if year:
        meetings = meetings.filter(start__year=year)
    if mode:
        meetings = meetings.filter(mode=mode)
    return meetings


def meeting_years(*, access: Access) -> list[int]:
    """The years that have meetings, newest first (choices of the list's year filter)."""
    years = (Meeting.objects.for_access(access).annotate(y=ExtractYear("start"))
             .values_list("y", flat=True).distinct().order_by("-y"))
    return list(years)


def split_upcoming(meetings: QuerySet[Meeting]) -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    now = timezone.now()
    return (meetings.filter(end__gte=now).order_by("start"),
            meetings.filter(end__lt=now).order_by("-start"))


def meeting_detail(*, access: Access, pk: int) -> Meeting:
    """One meeting with its chair, minutes, agenda and attachments (404 outside the regency).
    The minutes come in the same query: the page, its agenda block and `minutes_of` read
    them (None when there are none yet)."""
    return Meeting.objects.select_related("chair", "regency", "minutes").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk")),
        Prefetch("attachments", queryset=MeetingAttachment.objects.order_by("uploaded_at")),
    ).get_for(access, pk)


def agenda_item(*, meeting: Meeting, pk: int) -> AgendaItem:
    """An item of the meeting's agenda (the meeting was fetched through its getter)."""
    return _child(meeting.agenda_items.select_related("meeting"), pk)


def attendance_row(*, meeting: Meeting, pk: int) -> Attendance:
    return _child(meeting.attendances.select_related("meeting", "member"), pk)


def attachment(*, access: Access, meeting_pk: int, pk: int,
               action: str = Action.VIEW) -> MeetingAttachment:
    """An attachment of the meeting in the URL: 404 elsewhere, 403 without the right."""
    item = MeetingAttachment.objects.select_related("meeting").get_for(access, pk, action)
    if item.meeting_id != meeting_pk:
        raise Http404
    return item


def _child(queryset, pk: int):
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def feed_meetings(*, access: Access) -> QuerySet[Meeting]:
    """The meetings of the regency's calendar feed, oldest first."""
    return Meeting.objects.for_access(access).select_related("regency").order_by("start")


def attendances_of(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendances.select_related("member__agency").order_by("order", "pk"))


@dataclass(frozen=True)
class AttendanceSummary:
    """Counts of the attendance list and whether the council reached its quorum."""

    by_status: dict[str, int]
    members_total: int
    members_attended: int
    guests: int

    @property
    def quorum_needed(self) -> int:
        return self.members_total // 2 + 1 if self.members_total else 0

    @property
    def has_quorum(self) -> bool:
        """More than half of the listed council members attended (in person, online or
        represented); guests do not count towards the quorum."""
        return self.members_total > 0 and self.members_attended >= self.quorum_needed

    @property
    def attended(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in ATTENDED)


def attendance_summary(rows: list[Attendance]) -> AttendanceSummary:
    by_status = dict.fromkeys(AttendanceStatus.values, 0)
    for row in rows:
        by_status[row.status] += 1
    members = [row for row in rows if row.member_id]
    return AttendanceSummary(
        by_status=by_status,
        members_total=len(members),
        members_attended=sum(1 for row in members if row.status in ATTENDED),
        guests=len(rows) - len(members),
    )


def minutes_of(meeting: Meeting) -> Minutes | None:
    try:
        return meeting.minutes
    except Minutes.DoesNotExist:
        return None


def minutes_visible(*, access: Access, minutes: Minutes | None) -> bool:
    """Whether the user may read these minutes (MinutesQuerySet.rule decides)."""
    return minutes is not None and Minutes.objects.permits(access, Action.VIEW, minutes)


def minutes_document_context(*, minutes: Minutes, meeting: Meeting) -> dict:
    """Everything the "Notulen Rapat" PDF shows, read once at approval time."""
    rows = attendances_of(meeting)
    return {
        "minutes": minutes,
        "meeting": meeting,
        "regency": meeting.regency,
        "agenda": list(meeting.agenda_items.order_by("order", "pk")),
        "attendances": rows,
        "summary": attendance_summary(rows),
        "follow_ups": list(meeting.follow_ups.select_related("agency").order_by("due_date")),
        "tz": meeting.regency.time_zone,
        "attended_statuses": list(ATTENDED),
    }


# Follow-ups -----------------------------------------------------------------------------


def followups_for(*, access: Access) -> QuerySet[FollowUp]:
    """Follow-ups the user may see (FollowUpQuerySet.rule decides)."""
    return FollowUp.objects.for_access(access)


def meeting_followups(*, access: Access, meeting: Meeting) -> QuerySet[FollowUp]:
    """The follow-ups decided at the meeting that the user may see."""
    return followups_for(access=access).filter(meeting=meeting).select_related("agency",
                                                                               "regency")


def overdue_followups(*, access: Access) -> list[FollowUp]:
    """Open follow-ups past their due date that the user may see, most overdue first."""
    today = access.regency.local_today()
    return list(followups_for(access=access)
                .filter(status__in=LATE_FOLLOWUP_STATUSES, due_date__lt=today)
                .select_related("agency", "regency").order_by("due_date", "pk"))


def followup_list(*, access: Access) -> QuerySet[FollowUp]:
    """The follow-ups the user may see, with what the list shows, soonest due first (the
    list's FollowUpFilterSet narrows it)."""
    return (followups_for(access=access)
            .select_related("agency", "meeting", "program", "regency")
            .order_by("due_date", "pk"))


def followups_for_review(*, access: Access, meeting: Meeting) -> QuerySet[FollowUp]:
    """Still-open follow-ups from earlier meetings: they come back on this meeting's agenda."""
    return (
        followups_for(access=access)
        .filter(status__in=OPEN_FOLLOWUP_STATUSES, meeting__start__lt=meeting.start)
        .exclude(meeting=meeting)
        .select_related("agency", "meeting", "regency")
        .order_by("due_date", "pk")
    )


def is_overdue(followup: FollowUp, today: datetime.date) -> bool:
    """Past its due date and still the agency's move (a proposed one waits for the
    secretariat)."""
    return followup.status in LATE_FOLLOWUP_STATUSES and followup.due_date < today


def followup_updates(followup: FollowUp) -> list[FollowUpUpdate]:
    """The follow-up's history of notes and decisions, oldest first (the follow-up was
    fetched through its getter)."""
    return list(followup.updates.select_related("author"))


def followup_update_entry(*, followup: FollowUp, pk: int) -> FollowUpUpdate:
    """A note of the follow-up that carries an attachment (404 otherwise)."""
    entry = followup.updates.filter(pk=pk).exclude(attachment="").first()
    if entry is None:
        raise Http404
    return entry


# Minutes comments ------------------------------------------------------------------------


def minutes_comments(*, access: Access, minutes: Minutes) -> list[MinutesComment]:
    """The comments on the minutes the user may read (the secretariat and the attendees)."""
    return list(MinutesComment.objects.for_access(access).filter(minutes=minutes)
                .select_related("author", "resolved_by"))


def approval_summary(*, access: Access, meeting: Meeting, minutes: Minutes) -> dict:
    """What the approval's confirmation page names: what it locks and the open comments."""
    return {
        "unresolved": [comment for comment in minutes_comments(access=access, minutes=minutes)
                       if not comment.is_resolved],
        "started": meeting.start <= timezone.now(),
        "agenda_count": meeting.agenda_items.count(),
        "attendance_count": meeting.attendances.count(),
    }


def is_attendee(*, meeting: Meeting, user) -> bool:
    """Whether the user attended the meeting as a council member (and so reviews its
    minutes)."""
    return Attendance.objects.filter(meeting=meeting, member__user=user,
                                     status__in=ATTENDED).exists()


# Invitations ----------------------------------------------------------------------------


def invitation_deliveries(meeting: Meeting) -> list[InvitationDelivery]:
    """Each recipient's invitation and what the mail server answered (secretariat only)."""
    return list(InvitationDelivery.objects.filter(meeting=meeting))


@dataclass(frozen=True)
class InvitationSummary:
    total: int = 0
    sent: int = 0
    failed: int = 0

    @property
    def in_progress(self) -> int:
        return self.total - self.sent - self.failed


def invitation_summary(deliveries: list[InvitationDelivery]) -> InvitationSummary:
    """How many invitations the server accepted, refused, or are still underway."""
    statuses = [row.status for row in deliveries]
    return InvitationSummary(total=len(statuses), sent=statuses.count(DeliveryStatus.SENT),
                             failed=statuses.count(DeliveryStatus.FAILED))

def calendar_feed_key(user) -> str:
    """The user's calendar-feed key; empty until the user first makes their links anew."""
    return CalendarFeedKey.objects.filter(user=user).values_list("key", flat=True).first() or ""


# "Tugas saya" -------------------------------------------------------------------------------


def agency_followup_tasks(*, access: Access, limit: int = 8) -> dict:
    """The follow-ups waiting for the user's agencies (their move: not proposed, not closed),
    soonest due first, each marked overdue and, when the secretariat reopened it, with the
    secretariat's comment."""
    today = access.regency.local_today()
    last = FollowUpUpdate.objects.filter(followup=OuterRef("pk")).order_by("-created_at",
                                                                         "-pk")
    waiting = (FollowUp.objects.for_access(access, Action.UPDATE)
               .filter(status__in=LATE_FOLLOWUP_STATUSES)
               .annotate(last_kind=Subquery(last.values("kind")[:1]),
                         last_text=Subquery(last.values("text")[:1]))
               .select_related("agency", "meeting", "regency").order_by("due_date", "pk"))
    first, count = first_and_count(waiting, limit)
    for followup in first:
        followup.overdue = is_overdue(followup, today)
        followup.reopened_comment = (followup.last_text if followup.last_kind
                                     == FollowUpEntryKind.REOPENED else "")
    return {"count": count, "first": first}


def secretariat_meeting_tasks(*, access: Access, limit: int = 5) -> dict:
    """The secretariat's meeting work: held meetings (of the last 90 days) without minutes,
    draft minutes to circulate, circulated ones to approve (with their open comments),
    overdue follow-ups, and follow-ups proposed done that wait for confirmation."""
    now = timezone.now()
    meetings = Meeting.objects.for_access(access, Action.CHANGE)
    minutes = Minutes.objects.for_access(access, Action.CHANGE).select_related("meeting")
    proposed = (followups_for(access=access).filter(status=FollowUpStatus.PROPOSED)
                .select_related("agency", "regency").order_by("updated_at", "pk"))
    overdue = overdue_followups(access=access)
    proposed_first, proposed_count = first_and_count(proposed, limit)
    return {
        "to_write": list(meetings.filter(start__lte=now,
                                         start__gte=now - datetime.timedelta(days=90),
                                         minutes__isnull=True)
                         .exclude(status=MeetingStatus.CANCELLED)
                         .select_related("regency").order_by("start")[:limit]),
        "to_circulate": list(minutes.filter(status=MinutesStatus.DRAFT)
                             .order_by("meeting__start")[:limit]),
        "to_approve": list(minutes.filter(status=MinutesStatus.CIRCULATED)
                           .annotate(open_comments=Count(
                               "comments", filter=Q(comments__resolved_at__isnull=True)))
                           .order_by("meeting__start")[:limit]),
        "overdue": overdue[:limit], "overdue_count": len(overdue),
        "proposed": proposed_first, "proposed_count": proposed_count,
    }


def minutes_to_review(*, access: Access) -> list[Minutes]:
    """Circulated minutes of the meetings the user attended: read them, comment if need be."""
    return list(Minutes.objects.for_access(access)
                .filter(status=MinutesStatus.CIRCULATED,
                        meeting_id__in=attended_meeting_ids(access.user))
                .select_related("meeting", "regency").order_by("circulated_at"))
