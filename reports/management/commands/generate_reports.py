"""Make evaluation reports by hand: `generate_reports --period 2024-Q3 [--regency SLUG]`.

With a worker (REDIS_URL set) the reports are queued on the `reports` queue; on the embedded
defaults (Celery eager), or with --in-process, they are rendered here, one after the other.

Queueing checks each regency's data against its newest ready version (unchanged data makes no
new version), which reads the whole report's content: on PostgreSQL, with a worker, the
regencies are checked by `--jobs` processes at once (by default 2), so a national batch over
unchanged data takes seconds, not minutes.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

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
        parser.add_argument("--jobs", type=int, default=None,
                            help="proses yang memeriksa daerah bersamaan (bawaan: 2 dengan "
                                 "worker di PostgreSQL, selain itu 1)")

    def handle(self, *args, period: str, regency: str | None, missing_only: bool,
               in_process: bool, force: bool = False, jobs: int | None = None, **options):
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
        if jobs is None:
            jobs = 2 if connection.vendor == "postgresql" and not here else 1
        make = partial(_make, period=chosen, here=here, missing_only=missing_only, force=force)
        chosen_regencies = list(regencies)
        if jobs > 1 and len(chosen_regencies) > 1 and not connection.in_atomic_block:
            connections.close_all()  # each process opens its own
            with ProcessPoolExecutor(max_workers=jobs,
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                outcomes = list(pool.map(make, chosen_regencies, chunksize=8))
        else:
            outcomes = map(make, chosen_regencies)
        for stream, line in outcomes:
            (self.stdout if stream == "out" else self.stderr).write(line)


def _make(regency: Regency, *, period: Period, here: bool, missing_only: bool,
          force: bool) -> tuple[str, str]:
    """Queue (or, `here`, render) one regency's report; the line to print and its stream."""
    try:
        report = services.report_request(regency=regency, period=period,
                                         only_if_missing=missing_only, enqueue=not here,
                                         only_if_changed=not force)
    except services.Unchanged as unchanged:
        return "out", (f"{regency.slug} {period.code}: tidak berubah sejak "
                       f"v{unchanged.report.version}, dilewati")
    except DomainError as exc:
        return "err", f"{regency.slug}: {exc}"
    if report is None:
        return "out", f"{regency.slug} {period.code}: sudah ada, dilewati"
    if not here:
        return "out", f"{regency.slug} {period.code} v{report.version}: masuk antrean"
    outcome = render_evaluation_report.apply(args=[report.pk], throw=False).result
    report.refresh_from_db()
    detail = (f"{report.page_count} halaman, {report.pdf.name}" if outcome == "ready"
              else report.failure_reason or report.get_status_display())
    return "out", f"{regency.slug} {period.code} v{report.version}: {outcome} — {detail}"
