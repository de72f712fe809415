"""Large reports rendered in parts by persistent render processes, merged, heads stamped."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time

import pytest
from pypdf import PdfReader

from dewan.documents import parallel as pdf_parallel
from dewan.documents import render as pdf
from tests.factories import RegencyFactory
from tests.reports.factories import build_year_of_work

HEADS = pdf_parallel.RunningHeads(title="Laporan Evaluasi Dewan Smart City",
                                  regency="Kabupaten Tapanuli Tengah")


def page(text: str, pages: int = 1, *, landscape: bool = False) -> str:
    size = "A4 landscape" if landscape else "A4"
    body = '<p style="break-before: page">'.join(f"{text} {i + 1}</p>" for i in range(pages))
    return f"<style>@page {{ size: {size}; margin: 22mm 16mm 20mm 18mm }}</style><p>{body}"


def texts(content: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has ended, only not reaped yet
        return stat.read().split(") ")[-1][0] != "Z"


@pytest.fixture
def render_pool():
    render_pool = pdf_parallel.RenderPool(size=2)
    yield render_pool
    render_pool.stop()


def test_parts_are_merged_in_order_with_every_page_numbered_and_headed(render_pool):
    parts = [page("Sampul"), page("Bagian", 3), page("Lampiran", 2, landscape=True)]
    rendered = pdf_parallel.render_parts(parts, heads=HEADS, order=[1, 2, 0],
                                         render_pool=render_pool)
    assert len(render_pool.workers) == 2  # really rendered by the processes
    pages = texts(rendered.content)
    assert rendered.page_count == len(pages) == 6
    expected = ["Sampul 1", "Bagian 1", "Bagian 2", "Bagian 3", "Lampiran 1", "Lampiran 2"]
    for number, (text, body) in enumerate(zip(pages, expected, strict=True), start=1):
        assert body in text
        assert f"Halaman {number} dari 6" in text
        assert "Kabupaten Tapanuli Tengah" in text and "Laporan Evaluasi Dewan Smart City" in text
    reader = PdfReader(io.BytesIO(rendered.content))
    assert reader.pages[5].mediabox.width > reader.pages[5].mediabox.height  # landscape kept
    assert rendered.sha256 == pdf.RenderedPdf(content=rendered.content, page_count=6).sha256


def test_heads_survive_names_outside_the_pdf_core_fonts(render_pool):
    heads = pdf_parallel.RunningHeads(title="Laporan", regency="Kota Bau-Bau (Sulawesi) \\ Ñ ő")
    rendered = pdf_parallel.render_parts([page("isi"), page("isi")], heads=heads,
                                         render_pool=render_pool)
    text = texts(rendered.content)[1]
    assert "Kota Bau-Bau (Sulawesi) \\ Ñ o" in text and "Halaman 2 dari 2" in text


def test_refused_urls_come_back_from_the_render_processes(render_pool):
    parts = [page("satu"),
             '<link rel="stylesheet" href="http://example.com/x.css"><img src="file:///etc/passwd">'
             '<p>dua</p>']
    rendered = pdf_parallel.render_parts(parts, heads=HEADS, render_pool=render_pool)
    assert len(render_pool.workers) == 2
    assert set(rendered.refused) == {"http://example.com/x.css", "file:///etc/passwd"}
    assert "root:" not in "".join(texts(rendered.content))


def test_without_render_processes_the_parts_are_rendered_in_process(render_pool, monkeypatch):
    class Broken(pdf_parallel._Worker):
        def __init__(self):
            self.process = subprocess.Popen([sys.executable, "-c", "pass"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            self.out_fd = self.process.stdin.fileno()
            self.in_fd = self.process.stdout.fileno()
            self.ready, self.buffer = False, b""

    monkeypatch.setattr(pdf_parallel, "_Worker", Broken)
    rendered = pdf_parallel.render_parts([page("a"), page("b", 2)], heads=HEADS,
                                         render_pool=render_pool)
    assert rendered.page_count == 3 and "Halaman 3 dari 3" in texts(rendered.content)[2]
    assert render_pool.workers == []  # given up, and not retried for a while
    assert render_pool.start() is False


def test_a_render_process_dying_mid_render_falls_back_in_process(render_pool):
    assert render_pool.start()
    for worker in render_pool.workers:
        worker.process.kill()
        worker.process.wait()
    rendered = pdf_parallel.render_parts([page("a"), page("b")], heads=HEADS,
                                         render_pool=render_pool)
    assert rendered.page_count == 2 and "b 1" in texts(rendered.content)[1]


def test_render_processes_end_with_their_parent_even_when_it_is_killed(tmp_path):
    """What a Celery pool child SIGKILLed mid-render leaves behind: nothing, shortly."""
    script = ("import os, sys\n"
              "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dewan.project.settings')\n"
              "import django; django.setup()\n"
              "from dewan.documents import parallel as pdf_parallel\n"
              "p = pdf_parallel.pool(); assert p.start()\n"
              "print(' '.join(str(w.process.pid) for w in p.workers), flush=True)\n"
              "import time; time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                              cwd=pdf_parallel.ROOT, text=True)
    try:
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(pids) >= 1 and all(alive(pid) for pid in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in pids)
    finally:
        parent.kill()


@pytest.fixture
def process_pool():
    yield pdf_parallel.pool()
    pdf_parallel.pool().stop()


@pytest.mark.django_db
def test_a_large_report_is_rendered_in_parts_with_heads_on_every_page(settings, process_pool,
                                                                     make_ready_report):
    settings.REPORTS_PARALLEL_MIN_PROGRAMS = 40
    regency = RegencyFactory(name="Toba", slug="toba")
    build_year_of_work(regency, programs=45, quarters=4, meetings=4)
    report = make_ready_report(regency, "2024")
    with report.pdf.open("rb") as handle:
        pages = [p.extract_text() for p in PdfReader(handle).pages]
    assert report.page_count == len(pages) > 4
    for number, text in enumerate(pages, start=1):
        assert "Kabupaten Toba" in text, number
        assert f"Halaman {number} dari {len(pages)}" in text
    whole = "\n".join(pages)
    assert "Tahun 2024" in pages[0] and "Jumlah program" in pages[0]
    assert "Jumlah: 45 program" in whole and "SC-001" in whole and "SC-045" in whole
    assert "Rapat Dewan Smart City 3" in whole and "Program yang terlambat" in whole
    assert len(process_pool.workers) >= 1  # it went through the render processes
