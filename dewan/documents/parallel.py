"""Large PDFs rendered in parts, in parallel, then merged and given their running heads.

WeasyPrint lays out and draws in Python on one core. A long document that can be cut at
forced page breaks (the evaluation report: cover, sections, annex pages) is rendered as
several HTML documents at once by persistent render processes (worker.py), merged with pypdf
and only then stamped with the running heads (stamp.py): the title and the regency at the
top, "Halaman X dari Y" at the bottom of every page, since the total Y is known only after
merging. See docs/performance.md for the measurements.

The render processes:

* are plain subprocesses (`python -m dewan.documents.worker`), not multiprocessing children: a
  Celery prefork pool process is daemonic and may not start those;
* are started lazily, once per process, on the first parallel render, and reused;
* exit when their stdin closes, so they end with the process that started them, even when
  it is SIGKILLed (a Celery pool child killed mid-render leaves nothing running for long);
* are forgotten (not inherited) by a forked child, which starts its own if it needs them;
* are a speed-up only: if they cannot be started, fail, or take longer than
  RENDER_TIMEOUT_SECONDS, they are stopped and the parts are rendered in-process.

Safety is unchanged: every part is rendered with the same StaticOnlyFetcher, and the URLs it
refused come back with the part (RenderedPdf.refused of the merged document lists them all).
"""

from __future__ import annotations

import contextlib
import logging
import os
import selectors
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import render as pdf
from .stamp import RunningHeads, merge_and_stamp
from .worker import HEADER, write_message

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
RENDER_TIMEOUT_SECONDS = 120
START_TIMEOUT_SECONDS = 60


def default_size() -> int:
    """One render process per CPU this process may use, at most 4."""
    cpus = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1)
    return max(1, min(cpus, 4))


class WorkerError(Exception):
    pass


class _Worker:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        env.setdefault("DJANGO_SETTINGS_MODULE", "dewan.project.settings")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dewan.documents.worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, cwd=ROOT, env=env, close_fds=True, bufsize=0)
        self.out_fd = self.process.stdin.fileno()
        self.in_fd = self.process.stdout.fileno()
        self.ready = False
        self.buffer = b""

    def send(self, html: str) -> None:
        write_message(self.out_fd, {"html": html})

    def feed(self) -> dict | None:
        """Read what is available; return the message once complete (non-blocking use)."""
        chunk = os.read(self.in_fd, 1 << 20)
        if not chunk:
            raise WorkerError(f"render process {self.process.pid} ended")
        self.buffer += chunk
        if len(self.buffer) < HEADER.size:
            return None
        (length,) = HEADER.unpack(self.buffer[:HEADER.size])
        if len(self.buffer) < HEADER.size + length:
            return None
        import pickle

        message = pickle.loads(self.buffer[HEADER.size:HEADER.size + length])
        self.buffer = self.buffer[HEADER.size + length:]
        return message

    def close(self) -> None:
        """Close our ends of the pipes: the process reads end of file and exits."""
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def kill(self) -> None:
        self.close()
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)

    def forget(self) -> None:
        """In a forked child: drop the inherited pipe ends (so the process still sees end of
        file when its parent goes), and leave the process to the parent. The descriptors
        are pointed at /dev/null rather than closed: their file objects still own them."""
        null = os.open(os.devnull, os.O_RDWR)
        try:
            for fd in (self.out_fd, self.in_fd):
                with contextlib.suppress(OSError):
                    os.dup2(null, fd)
        finally:
            os.close(null)
        self.process.returncode = 0  # not ours to wait for


class RenderPool:
    """A few persistent render processes, and the in-process fallback."""

    def __init__(self, size: int | None = None) -> None:
        self.size = size or default_size()
        self.workers: list[_Worker] = []
        self.lock = threading.Lock()
        self.broken_until = 0.0

    # -- life cycle ----------------------------------------------------------------------

    def start(self, *, wait: bool = True) -> bool:
        """Start the processes (no-op when running); with `wait`, until they are ready."""
        with self.lock:
            return self._start(wait=wait)

    def _start(self, *, wait: bool) -> bool:
        if time.monotonic() < self.broken_until:
            return False
        try:
            self.workers = [w for w in self.workers if w.process.poll() is None]
            while len(self.workers) < self.size:
                self.workers.append(_Worker())
            if wait:
                self._wait_ready(time.monotonic() + START_TIMEOUT_SECONDS)
        except (OSError, WorkerError) as exc:
            logger.warning("PDF render processes unavailable (%s); rendering in-process", exc)
            self._stop()
            self.broken_until = time.monotonic() + 60
            return False
        return True

    def _wait_ready(self, deadline: float) -> None:
        waiting = [w for w in self.workers if not w.ready]
        with selectors.DefaultSelector() as selector:
            for worker in waiting:
                selector.register(worker.in_fd, selectors.EVENT_READ, worker)
            while waiting:
                timeout = deadline - time.monotonic()
                if timeout <= 0:
                    raise WorkerError("render processes did not start in time")
                for key, _events in selector.select(timeout):
                    worker = key.data
                    message = worker.feed()
                    if message is not None:
                        if not message.get("ready"):
                            raise WorkerError("unexpected first message")
                        worker.ready = True
                        waiting.remove(worker)
                        selector.unregister(worker.in_fd)

    def stop(self) -> None:
        with self.lock:
            self._stop()

    def _stop(self) -> None:
        workers, self.workers = self.workers, []
        for worker in workers:
            worker.kill()

    def _forget(self) -> None:
        for worker in self.workers:
            worker.forget()
        self.workers = []
        self.lock = threading.Lock()

    # -- rendering -----------------------------------------------------------------------

    def render(self, htmls: list[str], order: list[int] | None = None) -> list[pdf.RenderedPdf]:
        """Render the documents, in parallel when the processes are available. They are
        handed out in `order` (indexes; the slowest first is best: each process takes the
        next document when it is free); results come back in the documents' order."""
        if len(htmls) > 1 and self.lock.acquire(blocking=False):
            try:
                if self._start(wait=True):
                    return self._render_parallel(htmls, order or list(range(len(htmls))))
            except (OSError, WorkerError, EOFError) as exc:
                logger.warning("PDF render processes failed (%s); rendering in-process", exc)
                self._stop()
            finally:
                self.lock.release()
        return [pdf.render_html(html) for html in htmls]

    def _render_parallel(self, htmls: list[str], order: list[int]) -> list[pdf.RenderedPdf]:
        results: list[pdf.RenderedPdf | None] = [None] * len(htmls)
        assert sorted(order) == list(range(len(htmls))), order
        pending = [(index, htmls[index]) for index in order]
        busy: dict[_Worker, int] = {}
        deadline = time.monotonic() + RENDER_TIMEOUT_SECONDS
        with selectors.DefaultSelector() as selector:
            for worker in self.workers:
                selector.register(worker.in_fd, selectors.EVENT_READ, worker)
            idle = list(self.workers)
            while pending or busy:
                while pending and idle:
                    worker = idle.pop(0)
                    index, html = pending.pop(0)
                    worker.send(html)
                    busy[worker] = index
                timeout = deadline - time.monotonic()
                if timeout <= 0:
                    raise WorkerError("render processes took too long")
                for key, _events in selector.select(timeout):
                    worker = key.data
                    message = worker.feed()
                    if message is None:
                        continue
                    index = busy.pop(worker)
                    idle.append(worker)
                    if message.get("ok"):
                        results[index] = pdf.RenderedPdf(
                            content=message["content"], page_count=message["page_count"],
                            refused=tuple(message["refused"]))
                    else:  # a document the process could not render: try it here
                        logger.warning("render process failed a part: %s", message["error"])
                        results[index] = pdf.render_html(htmls[index])
        return results


_pool: RenderPool | None = None
_pool_lock = threading.Lock()


def pool() -> RenderPool:
    """This process's render pool (created on first use; processes start on first render)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = RenderPool()
        return _pool


def _after_fork_in_child() -> None:
    global _pool, _pool_lock
    _pool_lock = threading.Lock()
    if _pool is not None:
        _pool._forget()
        _pool = None


os.register_at_fork(after_in_child=_after_fork_in_child)


# --- rendering in parts -----------------------------------------------------------------


def render_parts(htmls: list[str], *, heads: RunningHeads, order: list[int] | None = None,
                 render_pool: RenderPool | None = None) -> pdf.RenderedPdf:
    """Render the parts (in parallel when possible, handed out in `order`), merge them in
    their order, stamp the heads."""
    parts = (render_pool or pool()).render(htmls, order)
    refused = tuple(url for part in parts for url in part.refused)
    pdf.log_refused(refused)
    content, page_count = merge_and_stamp([part.content for part in parts], heads)
    return pdf.RenderedPdf(content=content, page_count=page_count, refused=refused)
