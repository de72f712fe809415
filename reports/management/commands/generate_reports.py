"""Make evaluation reports by hand: `generate_reports --period 2024-Q3 [--regency SLUG]`.

With a worker (REDIS_URL set) the reports are queued on the `reports` queue; on the embedded
defaults (Celery eager), or with --in-process, they are rendered here, one after the other.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from dewan.core.calendar import Period, PeriodError
from dewan.core.errors import DomainError
from dewan.council.models import Regency
from dewan.project.celery import app as celery_app
from reports import services
from reports.tasks import render_evaluation_report


class Command(BaseCommand):
    help = "Membuat laporan evaluasi untuk satu periode (2024-Q3 atau 2024)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True,
                            help="2024-Q3 untuk laporan triwulan, 2024 untuk laporan tahunan")
        parser.add_argument("--regency", help="slug satu daerah (bawaan: semua daerah)")
        parser.add_argument("--missing-only", action="store_true",
                            help="lewati daerah yang sudah punya laporan periode ini")
        parser.add_argument("--in-process", action="store_true",
                            help="render di proses ini walaupun ada worker")
        parser.add_argument("--force", action="store_true",
                            help="buat versi baru walaupun datanya tidak berubah")

    def handle(self, *args, period: str, regency: str | None, missing_only: bool,
               in_process: bool, force: bool = False, **options):
        try:
            chosen = Period.parse(period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        regencies = Regency.objects.order_by("name")
        if regency:
            regencies = regencies.filter(slug=regency)
            if not regencies.exists():
                raise CommandError(f"Daerah {regency!r} tidak ditemukan.")
        here = in_process or celery_app.conf.task_always_eager
        for item in regencies:
            self._make(item, chosen, here, missing_only, force)

    def _make(self, regency: Regency, period: Period, here: bool, missing_only: bool,
              force: bool) -> None:
        try:
            report = services.report_request(regency=regency, period=period,
                                             only_if_missing=missing_only, enqueue=not here,
                                             only_if_changed=not force)
        except services.Unchanged as unchanged:
            self.stdout.write(f"{regency.slug} {period.code}: tidak berubah sejak "
                              f"v{unchanged.report.version}, dilewati")
            return
        except DomainError as exc:
            self.stderr.write(f"{regency.slug}: {exc}")
            return
        if report is None:
            self.stdout.write(f"{regency.slug} {period.code}: sudah ada, dilewati")
            return
        if not here:
            self.stdout.write(f"{regency.slug} {period.code} v{report.version}: masuk antrean")
            return
        outcome = render_evaluation_report.apply(args=[report.pk], throw=False).result
        report.refresh_from_db()
        detail = (f"{report.page_count} halaman, {report.pdf.name}" if outcome == "ready"
                  else report.failure_reason or report.get_status_display())
        self.stdout.write(f"{regency.slug} {period.code} v{report.version}: {outcome} — {detail}")
