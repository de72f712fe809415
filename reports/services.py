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
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dewan.core.calendar import Period, last_closed_quarter
from dewan.core.dates import local_date
from dewan.core.errors import DomainError
from dewan.core.versions import move_regency
from dewan.council.letterhead import document_number
from dewan.council.models import Regency
from dewan.council.selectors import approving_member, member_in_role
from dewan.documents.issuing import document_file_record, document_issue, issued_document_of
from dewan.documents.models import DocumentKind
from programs.models import Dimension
from programs.periods import reporting_period

from . import index, notices, rendering, selectors
from .choices import (
    FINDING_FIELDS,
    MAX_RENDER_ATTEMPTS,
    EvaluationAspect,
    RenderStatus,
    ReportKind,
    ReportStage,
)
from .content import report_content
from .models import (
    AssessmentScore,
    DimensionFinding,
    EvaluationReport,
    EvaluationSummary,
    EvaluationYear,
    IndexAssessment,
    ReportDownload,
)

logger = logging.getLogger(__name__)

IN_FLIGHT = (RenderStatus.QUEUED, RenderStatus.RENDERING)


# --- requesting -----------------------------------------------------------------------------


def report_request(*, regency: Regency, period: Period, requested_by=None,
                   only_if_missing: bool = False, enqueue: bool = True,
                   provisional: bool = False,
                   only_if_changed: bool = False) -> EvaluationReport | None:
    """Queue a new version of the regency's report for the period.

    A report covers a period that has ended; a `provisional` one covers a period still
    running, is watermarked SEMENTARA and can never be approved. A version still queued or
    rendering is returned instead of a second one. With `only_if_missing` (the schedule)
    nothing is made when any version exists; with `only_if_changed` (the page's button, the
    batch command) `Unchanged` is raised when the newest ready version of the same kind
    (provisional or not) was made from the same data (its content fingerprint).
    """
    today = regency.local_today()
    if period.start > today:
        raise DomainError(_("Periode %(period)s belum dimulai.") % {"period": period.label})
    if not provisional and not period.is_closed(today):
        raise DomainError(_("%(period)s belum berakhir (berakhir %(end)s). Laporan resmi dibuat "
                            "setelah periodenya berakhir; pilih “laporan sementara” untuk "
                            "gambaran sebelum itu.")
                          % {"period": period.label, "end": local_date(period.end)})
    if provisional and period.is_closed(today):
        raise DomainError(_("%(period)s sudah berakhir: buat laporan biasa, bukan laporan "
                            "sementara.") % {"period": period.label})
    if only_if_changed and not only_if_missing:
        _refuse_unchanged(regency, period, provisional)
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
            version=latest + 1, requested_by=requested_by, provisional=provisional,
        )
        if enqueue:
            _send_render(report.pk)
    return report


class Unchanged(DomainError):
    """Nothing to make: the newest ready version was made from the same data."""

    def __init__(self, report: EvaluationReport):
        self.report = report
        super().__init__(_("Data %(period)s tidak berubah sejak versi %(version)s dibuat; tidak "
                           "ada versi baru.") % {"period": Period.of(report).label,
                                                 "version": report.version})


def _refuse_unchanged(regency: Regency, period: Period, provisional: bool) -> None:
    latest = EvaluationReport.objects.filter(
        regency=regency, kind=period.kind, year=period.year, quarter=period.quarter,
        status=RenderStatus.READY, provisional=provisional).order_by("-version").first()
    if latest is None or not latest.inputs.get("fingerprint"):
        return
    current = report_content(regency=regency, period=period,
                             made_at=timezone.now()).fingerprint()
    if current == latest.inputs["fingerprint"]:
        raise Unchanged(latest)


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
    row = EvaluationReport.objects.filter(pk=report_id).values(
        "status", "attempts", "regency_id").first()
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
    if claimed:  # a conditional update sends no signal: the kept pages show the state
        move_regency(row["regency_id"])
    return token if claimed else None


def _report_moved(report_id: int) -> None:
    """A conditional update of the report's state sends no signal: the regency's kept pages
    (dewan/council/pages.py) show that state, so their version moves here."""
    move_regency(EvaluationReport.objects.filter(pk=report_id)
                 .values_list("regency_id", flat=True).first())


def _give_up(report_id: int, token: int) -> None:
    report_fail(report_id=report_id, token=token,
                reason="Proses pembuatan terhenti berulang kali (worker mati); dihentikan.")


def report_render(*, report_id: int, token: int) -> bool:
    """Gather the content, render the PDF and store it, if the claim still holds.

    Returns False when another render took the row over meanwhile (our file is discarded).
    """
    report = EvaluationReport.objects.select_related("regency").get(pk=report_id)
    made_at = timezone.now()
    issued = (issued_document_of(kind=DocumentKind.EVALUATION_REPORT, object_id=report.pk)
              if report.is_final else None)
    # An official document: Indonesian figures and words even when made eagerly in a request
    # of a user who reads the portal in English.
    with translation.override("id"):
        content = report_content(regency=report.regency, period=Period.of(report),
                                 made_at=made_at)
        rendered = rendering.render_report_pdf(content=content, report=report, issued=issued)
    name = default_storage.save(_file_name(report, rendered.sha256),
                                ContentFile(rendered.content))
    with transaction.atomic():  # ready and announced together
        finished = EvaluationReport.objects.filter(
            pk=report_id, status=RenderStatus.RENDERING, attempts=token
        ).update(status=RenderStatus.READY, pdf=name, size=rendered.size,
                 page_count=rendered.page_count, sha256=rendered.sha256,
                 inputs=content.inputs(), finished_at=timezone.now(), failure_reason="")
        move_regency(report.regency_id)
        if finished:
            report.page_count = rendered.page_count
            if issued is not None:
                document_file_record(document=issued, sha256=rendered.sha256,
                                     supersedes=_earlier_issues(report))
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


def _earlier_issues(report: EvaluationReport) -> list:
    """The issued documents of the period's earlier final versions (now superseded)."""
    from dewan.documents.models import IssuedDocument

    earlier = EvaluationReport.objects.filter(
        regency_id=report.regency_id, kind=report.kind, year=report.year,
        quarter=report.quarter, stage=ReportStage.FINAL, version__lt=report.version
    ).values("pk")
    return list(IssuedDocument.objects.filter(kind=DocumentKind.EVALUATION_REPORT,
                                              object_id__in=earlier))


# --- approval: a draft becomes the period's final version ------------------------------------


def report_approve(*, report: EvaluationReport, by, enqueue: bool = True) -> EvaluationReport:
    """A ready draft becomes final: numbered in the regency's pattern, signed by the
    signatory in office on the approval date, issued with a verification code, and rendered
    again as the final document (by the worker). Only the council's chair or secretary
    approves; a provisional report never; a draft whose data has changed since it was made
    must be made again first, so the final says what the approver read."""
    with transaction.atomic():
        regency = Regency.objects.select_for_update().get(pk=report.regency_id)
        report = EvaluationReport.objects.select_for_update().get(pk=report.pk)
        today = regency.local_today()
        _check_approvable(report, regency, by, today)
        signatory = member_in_role(regency=regency, role=regency.report_signatory, on=today)
        if signatory is None:
            raise DomainError(_("SK dewan yang berlaku tidak menyebut %(role)s, penanda tangan "
                                "laporan evaluasi. Lengkapi SK atau ubah penanda tangan di "
                                "pengaturan dokumen resmi.")
                              % {"role": regency.get_report_signatory_display().lower()})
        sequence, number = _report_number(regency, today.year)
        approved_at = timezone.now()
        with translation.override("id"):  # the public page names it as the document does
            title = report.title
        issued = document_issue(kind=DocumentKind.EVALUATION_REPORT, object_id=report.pk,
                                regency=regency, number=number, title=title,
                                document_date=today, version=report.version)
        EvaluationReport.objects.filter(pk=report.pk, status=RenderStatus.READY,
                                        stage=ReportStage.DRAFT).update(
            stage=ReportStage.FINAL, status=RenderStatus.QUEUED, number=number,
            sequence=sequence, approved_at=approved_at, approved_by=by,
            signatory=_signatory_snapshot(signatory), draft_pdf=report.pdf.name,
            draft_sha256=report.sha256, pdf="", sha256="", size=None, page_count=None,
            started_at=None, finished_at=None, failure_reason="")
        move_regency(regency.pk)
        if enqueue:
            _send_render(report.pk)
    report.refresh_from_db()
    logger.info("report %s approved as %s (%s)", report.pk, number, issued.code)
    return report


def _check_approvable(report: EvaluationReport, regency: Regency, by, today) -> None:
    if approving_member(regency=regency, user=by, on=today) is None:
        raise DomainError(_("Hanya ketua atau sekretaris dewan menurut SK yang berlaku yang "
                            "dapat menyetujui laporan evaluasi."))
    if report.provisional:
        raise DomainError(_("Laporan sementara tidak dapat disetujui. Buat laporan biasa "
                            "setelah periodenya berakhir."))
    if report.stage == ReportStage.FINAL:
        raise DomainError(_("Versi %(version)s sudah disetujui dengan nomor %(number)s.")
                          % {"version": report.version, "number": report.number})
    if report.status != RenderStatus.READY:
        raise DomainError(_("Versi %(version)s belum selesai dibuat.")
                          % {"version": report.version})
    current = report_content(regency=regency, period=Period.of(report),
                             made_at=timezone.now()).fingerprint()
    if report.inputs.get("fingerprint") != current:
        raise DomainError(_("Data daerah telah berubah sejak versi %(version)s dibuat, jadi "
                            "draf ini tidak lagi menggambarkan data terkini. Buat versi baru, "
                            "periksa, lalu setujui versi itu.")
                          % {"version": report.version})


def _report_number(regency: Regency, year: int) -> tuple[int, str]:
    """The next sequence of the year and the number in the regency's pattern (the caller
    holds the regency's row lock)."""
    start, end = Period(ReportKind.ANNUAL, year).bounds(regency.tzinfo)
    last = EvaluationReport.objects.filter(
        regency=regency, approved_at__gte=start, approved_at__lt=end
    ).aggregate(last=Max("sequence"))["last"]
    sequence = (last or 0) + 1
    try:
        number = document_number(regency.report_number_pattern, seq=sequence, year=year,
                                 slug=regency.slug)
    except ValueError:
        raise DomainError(_("Pola nomor laporan evaluasi daerah ini tidak valid (%(pattern)s). "
                            "Perbaiki di pengaturan dokumen resmi.")
                          % {"pattern": regency.report_number_pattern}) from None
    if EvaluationReport.objects.filter(regency=regency, number=number).exists():
        raise DomainError(_("Nomor %(number)s sudah dipakai laporan lain. Periksa pola nomor "
                            "laporan evaluasi di pengaturan dokumen resmi.")
                          % {"number": number})
    return sequence, number


def _signatory_snapshot(member) -> dict:
    return {"name": member.name, "position": member.position, "nip": member.nip,
            "role": member.council_role, "role_label": str(member.get_council_role_display())}


def report_release(*, report_id: int, token: int, reason: str) -> None:
    """Put a claimed report back in the queue before a retry (a transient failure)."""
    EvaluationReport.objects.filter(pk=report_id, status=RenderStatus.RENDERING,
                                    attempts=token).update(
        status=RenderStatus.QUEUED, failure_reason=reason[:1000])
    _report_moved(report_id)


def report_fail(*, report_id: int, token: int, reason: str) -> None:
    """Mark a claimed report failed, with the reason shown on its page."""
    EvaluationReport.objects.filter(pk=report_id, attempts=token).exclude(
        status=RenderStatus.READY
    ).update(status=RenderStatus.FAILED, failure_reason=reason[:1000],
             finished_at=timezone.now())
    _report_moved(report_id)


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


@transaction.atomic
def summary_save(*, regency: Regency, period: Period, strengths: str, weaknesses: str,
                 recommendations: str, user, dimension_findings: dict | None = None
                 ) -> EvaluationSummary:
    """Write the secretariat's findings for the period, overall and per smart-city dimension
    ({dimension: (strengths, weaknesses, recommendations)}; a dimension left empty has no
    row). Read when the report is made."""
    summary, _created = EvaluationSummary.objects.update_or_create(
        regency=regency, kind=period.kind, year=period.year, quarter=period.quarter,
        defaults={"strengths": strengths, "weaknesses": weaknesses,
                  "recommendations": recommendations, "updated_by": user},
    )
    for dimension, texts in (dimension_findings or {}).items():
        if any(texts):
            DimensionFinding.objects.update_or_create(
                summary=summary, dimension=dimension,
                defaults=dict(zip(FINDING_FIELDS, texts, strict=True)))
        else:
            DimensionFinding.objects.filter(summary=summary, dimension=dimension).delete()
    return summary


def report_download_record(*, report: EvaluationReport, user) -> ReportDownload:
    """Log a download: who, which report, when."""
    return ReportDownload.objects.create(report=report, user=user)


def reports_download_record(*, reports, user) -> None:
    """Log the download of several reports at once (a ZIP), in one insert."""
    reports = list(reports)
    ReportDownload.objects.bulk_create([ReportDownload(report=report, user=user)
                                        for report in reports])
    for regency_id in {report.regency_id for report in reports}:
        move_regency(regency_id)


# --- the ministry's evaluation index ------------------------------------------------------------


@transaction.atomic
def assessment_save(*, access, evaluation_year: EvaluationYear, source: str, user,
                    scores: dict[str, tuple], findings: str = "", reference: str = ""
                    ) -> IndexAssessment:
    """Write one side's scores for the year (`scores`: {row key: (score, justification,
    {kind: [pk, ...]})}, see AssessmentForm) and keep its index current. A row left empty has
    no score row; evidence is kept only where the user may see it (the choices already are)."""
    if not selectors.may_score(access, source):
        raise PermissionDenied
    assessment, _created = IndexAssessment.objects.get_or_create(
        regency=access.regency, evaluation_year=evaluation_year, source=source,
        defaults={"updated_by": user})
    dimensions = {index.dimension_key(d): d for d in Dimension.objects.all()}
    aspects = {index.aspect_key(a): a for a in EvaluationAspect.values}
    citable = _citable(access, evaluation_year.year,
                       [evidence for _score, _text, evidence in scores.values()])
    for key, (score, justification, evidence) in scores.items():
        target = ({"aspect": aspects[key]} if key in aspects
                  else {"aspect": "", "dimension": dimensions[key]})
        if score is None and not justification and not any(evidence.values()):
            AssessmentScore.objects.filter(assessment=assessment, **target).delete()
            continue
        row, _created = AssessmentScore.objects.update_or_create(
            assessment=assessment, **target,
            defaults={"score": score, "justification": justification})
        for kind, relation in index.EVIDENCE_RELATIONS.items():
            getattr(row, relation).set([pk for pk in evidence.get(kind, [])
                                        if pk in citable[kind]])
    assessment.findings = findings
    assessment.reference = reference
    assessment.updated_by = user
    _index_update(assessment)
    return assessment


def _citable(access, year: int, chosen: list[dict[str, list[int]]]) -> dict[str, set[int]]:
    """Of the evidence chosen on every row, what the user may cite
    (selectors.citable_evidence; a query per kind chosen)."""
    wanted = {kind: {pk for evidence in chosen for pk in evidence.get(kind, [])}
              for kind in index.EVIDENCE_RELATIONS}
    allowed = selectors.citable_evidence(access=access, year=year)
    return {kind: set(allowed[kind].filter(pk__in=pks).values_list("pk", flat=True))
            if pks else set() for kind, pks in wanted.items()}


def _index_update(assessment: IndexAssessment) -> None:
    """Store the assessment's index from its aspects' scores and its year's weights."""
    assessment.index = _index_of(assessment.evaluation_year,
                                 assessment.scores.exclude(aspect=""))
    assessment.save()


def _index_of(evaluation_year: EvaluationYear, aspect_scores) -> Decimal | None:
    return index.weighted_index(evaluation_year.weights,
                                {score.aspect: score.score for score in aspect_scores})


@transaction.atomic
def evaluation_year_weights_changed(evaluation_year: EvaluationYear) -> int:
    """The administrator changed the year's weights: every regency's stored index of that
    year is computed again (the national overview sorts by it), in two queries whatever the
    number of regencies. Only the index changes: who scored and when stay as they were.
    Returns how many."""
    assessments = list(evaluation_year.assessments.prefetch_related(Prefetch(
        "scores", queryset=AssessmentScore.objects.exclude(aspect=""), to_attr="aspect_scores")))
    for assessment in assessments:
        assessment.index = _index_of(evaluation_year, assessment.aspect_scores)
    IndexAssessment.objects.bulk_update(assessments, ["index"], batch_size=500)
    move_regency(None)  # every regency's: the global version
    return len(assessments)
