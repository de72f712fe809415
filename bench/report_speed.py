"""How fast is our evaluation PDF? WeasyPrint against headless Chromium on the same HTML.

    .venv/bin/python bench/report_speed.py [--programs 300] [--runs 3] [--naive]

Builds, in a throwaway SQLite database, a regency with PROGRAMS programs and a year of data
(four quarters of progress reports, meetings, attendance, follow-ups), renders its annual
report's HTML once, then times

* ours: what the worker does for a report this large — the same document cut into parts at
  its forced page breaks (`reports.rendering.report_parts`), rendered in parallel by the
  persistent render processes of dewan/documents/parallel.py (started and warmed up before timing,
  as Chromium is), merged, running heads stamped (`dewan.documents.parallel.render_parts`);
* WeasyPrint in one piece: `dewan.documents.render.render_pdf_from_html(html)` on the whole
  document, in
  this process (the path of small reports), for reference;
* Chromium: Playwright with the browser already started, `set_content(html)` + `page.pdf()`
  of the whole document (running heads in its @page rules), with the document's static files
  served by a route exactly as our fetcher serves them;

and prints the best and median of RUNS for each, the page counts and the ratio (ours against
Chromium). `--naive` also times a
plain single 300-row table (auto layout, striped with :nth-child), the shape the issue's
"4.3 s against 0.44 s" figure came from. Results are written up in docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def setup_django(workdir: Path) -> None:
    """A private SQLite database and media root; Celery eager; nothing shared is touched."""
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dewan.project.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_report_html(programs: int) -> tuple[str, list[str], object, int]:
    """The whole document's HTML, its parts, the running heads, and the program count."""
    from django.utils import timezone

    from dewan.core.calendar import Period
    from dewan.documents.parallel import RunningHeads
    from reports.content import report_content
    from reports.rendering import report_html, report_parts
    from reports.services import report_request
    from tests.factories import RegencyFactory
    from tests.reports.factories import build_year_of_work, summary_for

    regency = RegencyFactory(name="Bench Raya", slug="bench-raya")
    build_year_of_work(regency, programs=programs, quarters=4, meetings=8)
    summary_for(regency, year=2024, quarter=None, strengths="Rapat rutin.\n" * 5,
                weaknesses="Data dukung kurang.\n" * 5, recommendations="Perbup.\n" * 5)
    period = Period.parse("2024")
    report = report_request(regency=regency, period=period, enqueue=False)
    content = report_content(regency=regency, period=period, made_at=timezone.now())
    heads = RunningHeads(title="Laporan Evaluasi Dewan Smart City",
                         regency=content.regency.display_name)
    return (report_html(content=content, report=report),
            report_parts(content=content, report=report), heads, len(content.programs))


def naive_table_html(rows: int) -> str:
    """One big auto-layout table with striping: the slow shape we avoid."""
    body = "".join(
        f"<tr><td>SC-{i:03d}</td><td>Program layanan digital nomor {i} untuk masyarakat</td>"
        f"<td>Dinas Komunikasi dan Informatika</td><td>Smart Governance</td><td>{i % 100}%</td>"
        f"<td>Rp {i * 1000000:,}</td><td>Rp {i * 500000:,}</td><td>TW4 terverifikasi</td></tr>"
        for i in range(rows))
    return ("<html><head><style>@page{size:A4;margin:15mm} body{font-family:sans-serif;"
            "font-size:9pt} table{border-collapse:collapse;width:100%} td{border:1px solid #999;"
            "padding:3px} tr:nth-child(even) td{background:#eef}</style></head><body>"
            f"<table>{body}</table></body></html>")


def time_weasyprint(html: str, runs: int) -> tuple[float, int, list[float]]:
    from dewan.documents.render import render_pdf_from_html

    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rendered = render_pdf_from_html(html)
        times.append(time.perf_counter() - start)
        pages = rendered.page_count
    return min(times), pages, times


def time_parts(parts: list[str], heads, runs: int) -> tuple[float, int, list[float]]:
    from dewan.documents.parallel import render_parts
    from reports.rendering import part_order

    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rendered = render_parts(parts, heads=heads, order=part_order(len(parts)))
        times.append(time.perf_counter() - start)
        pages = rendered.page_count
    return min(times), pages, times


def start_pool() -> None:
    from dewan.documents.parallel import pool

    if not pool().start():
        print("WARNING: render processes unavailable, parts rendered in-process")


def start_chromium():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    page = browser.new_page()
    page.route("https://portal.invalid/**", _serve_static)
    return playwright, browser, page


def _serve_static(route) -> None:
    from dewan.documents.render import StaticOnlyFetcher

    path = StaticOnlyFetcher._static_path(route.request.url)
    if path is None:
        route.abort()
    else:
        route.fulfill(path=str(path))


def time_chromium(page, html: str, runs: int) -> tuple[float, int, list[float]]:
    from pypdf import PdfReader

    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        page.set_content(html, wait_until="load")
        data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        times.append(time.perf_counter() - start)
        pages = len(PdfReader(io.BytesIO(data)).pages)
    return min(times), pages, times


def report(label: str, weasy, chromium, whole=None) -> None:
    ratio = weasy[0] / chromium[0]
    print(f"{label}")
    name = "ours (parts)" if whole else "WeasyPrint"
    print(f"  {name + ':':<21} {weasy[0]:.3f} s best of {len(weasy[2])} "
          f"(median {statistics.median(weasy[2]):.3f} s), {weasy[1]} pages")
    if whole:
        print(f"  {'WeasyPrint, whole:':<21} {whole[0]:.3f} s best of {len(whole[2])} "
              f"(median {statistics.median(whole[2]):.3f} s), {whole[1]} pages")
    print(f"  {'Chromium:':<21} {chromium[0]:.3f} s best of {len(chromium[2])} "
          f"(median {statistics.median(chromium[2]):.3f} s), {chromium[1]} pages")
    print(f"  ratio {name}/Chromium: {ratio:.2f}× best, "
          f"{statistics.median(weasy[2]) / statistics.median(chromium[2]):.2f}× median")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive", action="store_true", help="also time a naive big table")
    parser.add_argument("--max-ratio", type=float, default=None,
                        help="exit 1 when our ratio is above this (for CI)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        start = time.perf_counter()
        html, parts, heads, programs = build_report_html(args.programs)
        print(f"data: {programs} programs, a year of reports (built in "
              f"{time.perf_counter() - start:.1f} s); HTML {len(html) // 1024} KiB, "
              f"{len(parts)} parts")
        start_pool()
        playwright, browser, page = start_chromium()
        try:
            time_chromium(page, html, 1)  # warm the browser up, as a running service would be
            time_parts(parts, heads, 1)  # and our render processes
            whole = time_weasyprint(html, args.runs)
            ours = (time_parts(parts, heads, args.runs), time_chromium(page, html, args.runs))
            report(f"our evaluation report ({programs} programs)", *ours, whole=whole)
            if args.naive:
                naive = naive_table_html(args.programs)
                report(f"naive single table ({args.programs} rows)",
                       time_weasyprint(naive, args.runs), time_chromium(page, naive, args.runs))
        finally:
            browser.close()
            playwright.stop()
    ratio = ours[0][0] / ours[1][0]
    return 1 if args.max_ratio is not None and ratio > args.max_ratio else 0


if __name__ == "__main__":
    sys.exit(main())
