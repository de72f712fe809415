"""Read-side queries of meetings and follow-ups. Every query starts from `for_access`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dewan.access import Access
from dewan.choices import Perm, Role

from .choices import ATTENDED, OPEN_FOLLOWUP_STATUSES, AttendanceStatus, MinutesStatus
from .models import AgendaItem, Attendance, FollowUp, Meeting, MeetingAttachment, Minutes


def overview_panel(*, access: Access) -> dict:
    """The meetings figures on the regency overview."""
    meetings = Meeting.objects.for_access(access)
    now = timezone.now()
    follow_ups = followups_for(access=access).filter(status__in=OPEN_FOLLOWUP_STATUSES)
    return {
        "next_meeting": meetings.filter(start__gte=now).order_by("start").first(),
        "last_meeting": meetings.filter(start__lt=now).order_by("-start").first(),
        "open_followups": follow_ups.count(),
        "overdue_followups": follow_ups.filter(due_date__lt=access.regency.local_today()).count(),
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
    """One meeting with its chair, agenda and attachments (404 outside the regency)."""
    queryset = Meeting.objects.for_access(access).select_related(
        "chair", "regency").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk")),
        Prefetch("attachments", queryset=MeetingAttachment.objects.order_by("uploaded_at")),
    )
    return get_object_or_404(queryset, pk=pk)


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
    """Drafts are the secretariat's; attendees (members, OPD) read circulated or approved
    minutes; ministry reviewers read approved ones only."""
    if minutes is None:
        return False
    if access.can(Perm.MANAGE_MEETINGS):
        return True
    if minutes.status == MinutesStatus.APPROVED:
        return True
    attendee_roles = {Role.MEMBER, Role.OPD}
    return minutes.status == MinutesStatus.CIRCULATED and bool(access.roles & attendee_roles)


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
    }


# Follow-ups -----------------------------------------------------------------------------


def followups_for(*, access: Access) -> QuerySet[FollowUp]:
    """Follow-ups the user may see: an OPD only its own agency's, everyone else all of them."""
    followups = FollowUp.objects.for_access(access)
    if access.roles == {Role.OPD}:
        followups = followups.filter(agency_id__in=access.agency_ids)
    return followups


def followup_list(*, access: Access, status: str = "", agency_id: int | None = None,
                  overdue_only: bool = False) -> QuerySet[FollowUp]:
    today = access.regency.local_today()
    followups = followups_for(access=access).select_related("agency", "meeting", "program",
                                                             "regency")
    if status == "open":
        followups = followups.filter(status__in=OPEN_FOLLOWUP_STATUSES)
    elif status:
        followups = followups.filter(status=status)
    if agency_id:
        followups = followups.filter(agency_id=agency_id)
    if overdue_only:
        followups = followups.filter(status__in=OPEN_FOLLOWUP_STATUSES, due_date__lt=today)
    return followups.order_by("due_date", "pk")


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
    return followup.status in OPEN_FOLLOWUP_STATUSES and followup.due_date < today


def can_update_followup(*, access: Access, followup: FollowUp) -> bool:
    """The secretariat, or an OPD user of the assigned agency."""
    if access.can(Perm.MANAGE_MEETINGS):
        return True
    return access.can(Perm.UPDATE_FOLLOWUPS) and access.owns_agency(followup.agency_id)
