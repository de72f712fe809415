"""Write side of the evaluation reports: request, claim, render, finish, fail; summaries; downloads.

How a report is made, and why it is made exactly once
------------------------------------------------------
`report_request` creates a QUEUED row (a new version of the period) and, after the transaction
commits, sends `reports.tasks.render_evaluation_report(report_id)` to the `reports` queue
(through the outbox of the task base, so a broker outage delays the render, never loses it).

The task first *claims* the row with a compare-and-set on `attempts`, the row's fencing token:
`UPDATE ... SET status=RENDERING, attempts=n+1 WHERE pk=id AND attempts=n AND <claimable>`.
Only one worker can win a given `n`. A row is claimable when it is

* QUEUED — the normal case;
* RENDERING and the message is a *redelivery* — its previous holder lost it: the worker died
  (Celery rejects the message with requeue when a pool process is killed, and the Redis
  transport marks it `redelivered`) or the visibility timeout passed;
* RENDERING for longer than settings.REPORTS_RENDER_LEASE_SECONDS — a dead render whose
  message is gone; the `requeue_stale_reports` beat task sends such rows again.

A second, ordinary delivery of the same task (sent twice, or arriving after the report is
ready) claims nothing and does nothing. A READY or FAILED row is never claimed.

The render writes the PDF only if it still holds the token: the finishing UPDATE is
conditional on `status=RENDERING AND attempts=token`. So if a presumed-dead worker was in fact
only slow, whichever render finishes second finds its token stale, deletes its file, and the
row keeps exactly one PDF. A READY row is never written again: making the report again
creates a new version (row), and the old versions stay downloadable.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dewan.core.calendar import Period, last_closed_quarter
from dewan.core.errors import DomainError
from dewan.council.models import Regency
from programs.periods import reporting_period

from . import notices, rendering
from .choices import MAX_RENDER_ATTEMPTS, RenderStatus, ReportKind
from .content import report_content
from .models import EvaluationReport, EvaluationSummary, ReportDownload

logger = logging.getLogger(__name__)

IN_FLIGHT = (RenderStatus.QUEUED, RenderStatus.RENDERING)


# --- requesting -----------------------------------------------------------------------------


def report_request(*, regency: Regency, period: Period, requested_by=None,
                   only_if_missing: bool = False, enqueue: bool = True) -> EvaluationReport | None:
    """Queue a new version of the regency's report for the period.

    A version still queued or rendering is returned instead of a second one. With
    `only_if_missing` (the schedule) nothing is made when any version exists.
    """
    if period.start > regency.local_today():
        raise DomainError(_("Periode %(period)s belum dimulai.") % {"period": period.label})
    with transaction.atomic():
        Regency.objects.select_for_update().filter(pk=regency.pk).first()  # serialise versions
        versions = EvaluationReport.objects.filter(regency=regency, kind=period.kind,
                                                   year=period.year, quarter=period.quarter)
        if only_if_missing and versions.exists():
            return None
        in_flight = versions.filter(status__in=IN_FLIGHT).order_by("-version").first()
        if in_flight:
            return in_flight
        latest = versions.aggregate(v=Max("version"))["v"] or 0
        report = EvaluationReport.objects.create(
            regency=regency, kind=period.kind, year=period.year, quarter=period.quarter,
            version=latest + 1, requested_by=requested_by,
        )
        if enqueue:
            _send_render(report.pk)
    return report


def _send_render(report_id: int) -> None:
    """Send the render task after the current transaction commits (through the outbox)."""
    from .tasks import render_evaluation_report  # the task module imports this one

    render_evaluation_report.enqueue(report_id)


def reports_request_due(*, now: datetime.datetime | None = None) -> list[EvaluationReport]:
    """What the schedule makes: for every regency, the report of the last closed quarter once
    its reporting deadline has passed, and in the first quarter the previous year's annual
    report. Only periods without any version are made, so running it daily is harmless."""
    now = now or timezone.now()
    made = []
    for regency in Regency.objects.order_by("pk"):
        for period in _due_periods(regency, timezone.localtime(now, regency.tzinfo).date()):
            report = report_request(regency=regency, period=period, only_if_missing=True)
            if report:
                made.append(report)
    return made


def _due_periods(regency: Regency, today: datetime.date) -> list[Period]:
    quarter = last_closed_quarter(today)
    if today <= _reporting_deadline(regency, quarter):
        return []
    due = [quarter]
    if quarter.quarter == 4:
        due.append(Period(ReportKind.ANNUAL, quarter.year))
    return due


def _reporting_deadline(regency: Regency, quarter: Period) -> datetime.date:
    """The OPDs' reporting deadline for the quarter: its ReportingPeriod, or the default."""
    return reporting_period(regency, quarter).deadline


# --- claiming and rendering (called by the task) ----------------------------------------------


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.REPORTS_RENDER_LEASE_SECONDS)


def report_claim(*, report_id: int, takeover: bool = False) -> int | None:
    """Claim the report for rendering; return the fencing token, or None when not ours.

    `takeover` is set for a redelivered message: its previous holder lost it, so a RENDERING
    row may be taken over. See the module docstring.
    """
    row = EvaluationReport.objects.filter(pk=report_id).values("status", "attempts").first()
    if row is None:
        return None
    now = timezone.now()
    claimable = Q(status=RenderStatus.QUEUED) | Q(status=RenderStatus.RENDERING,
                                                  started_at__lt=now - _lease())
    if takeover:
        claimable |= Q(status=RenderStatus.RENDERING)
    if row["status"] == RenderStatus.RENDERING and row["attempts"] >= MAX_RENDER_ATTEMPTS:
        _give_up(report_id, row["attempts"])
        return None
    token = row["attempts"] + 1
    claimed = EvaluationReport.objects.filter(claimable, pk=report_id,
                                              attempts=row["attempts"]).update(
        status=RenderStatus.RENDERING, attempts=token, started_at=now, failure_reason="")
    return token if claimed else None


def _give_up(report_id: int, token: int) -> None:
    report_fail(report_id=report_id, token=token,
                reason="Proses pembuatan terhenti berulang kali (worker mati); dihentikan.")


def report_render(*, report_id: int, token: int) -> bool:
    """Gather the content, render the PDF and store it, if the claim still holds.

    Returns False when another render took the row over meanwhile (our file is discarded).
    """
    report = EvaluationReport.objects.select_related("regency").get(pk=report_id)
    made_at = timezone.now()
    # An official document: Indonesian figures and words even when made eagerly in a request
    # of a user who reads the portal in English.
    with translation.override("id"):
        content = report_content(regency=report.regency, period=Period.of(report),
                                 made_at=made_at)
        rendered = rendering.render_report_pdf(content=content, report=report)
    name = default_storage.save(_file_name(report, rendered.sha256),
                                ContentFile(rendered.content))
    with transaction.atomic():  # ready and announced together
        finished = EvaluationReport.objects.filter(
            pk=report_id, status=RenderStatus.RENDERING, attempts=token
        ).update(status=RenderStatus.READY, pdf=name, size=rendered.size,
                 page_count=rendered.page_count, sha256=rendered.sha256,
                 inputs=content.inputs(), finished_at=timezone.now(), failure_reason="")
        if finished:
            report.page_count = rendered.page_count
            notices.report_ready(report=report)
    if not finished:
        default_storage.delete(name)
        logger.warning("report %s: claim %s lost to another render; result discarded",
                       report_id, token)
    return bool(finished)


def _file_name(report: EvaluationReport, sha256: str) -> str:
    period = Period.of(report).code
    return (f"reports/{report.year}/{report.regency.slug}-{period}-v{report.version}"
            f"-{sha256[:16]}.pdf")


def report_release(*, report_id: int, token: int, reason: str) -> None:
    """Put a claimed report back in the queue before a retry (a transient failure)."""
    EvaluationReport.objects.filter(pk=report_id, status=RenderStatus.RENDERING,
                                    attempts=token).update(
        status=RenderStatus.QUEUED, failure_reason=reason[:1000])


def report_fail(*, report_id: int, token: int, reason: str) -> None:
    """Mark a claimed report failed, with the reason shown on its page."""
    EvaluationReport.objects.filter(pk=report_id, attempts=token).exclude(
        status=RenderStatus.READY
    ).update(status=RenderStatus.FAILED, failure_reason=reason[:1000],
             finished_at=timezone.now())


def reports_requeue_stale() -> list[int]:
    """Send again the reports whose message was lost: queued or rendering past the lease."""
    cutoff = timezone.now() - _lease()
    stale = EvaluationReport.objects.filter(
        Q(status=RenderStatus.QUEUED, requested_at__lt=cutoff)
        | Q(status=RenderStatus.RENDERING, started_at__lt=cutoff)
    ).values_list("pk", flat=True)
    ids = list(stale)
    for report_id in ids:
        _send_render(report_id)
    return ids


# --- the secretariat's summary and the download log -------------------------------------------


def summary_save(*, regency: Regency, period: Period, strengths: str, weaknesses: str,
                 recommendations: str, user) -> EvaluationSummary:
    """Write the secretariat's findings for the period (read when the report is made)."""
    summary, _created = EvaluationSummary.objects.update_or_create(
        regency=regency, kind=period.kind, year=period.year, quarter=period.quarter,
        defaults={"strengths": strengths, "weaknesses": weaknesses,
                  "recommendations": recommendations, "updated_by": user},
    )
    return summary


def report_download_record(*, report: EvaluationReport, user) -> ReportDownload:
    """Log a download: who, which report, when."""
    return ReportDownload.objects.create(report=report, user=user)


def reports_download_record(*, reports, user) -> None:
    """Log the download of several reports at once (a ZIP), in one insert."""
    ReportDownload.objects.bulk_create([ReportDownload(report=report, user=user)
                                        for report in reports])
