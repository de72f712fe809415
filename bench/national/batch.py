"""The quarterly report batch at national scale, with a real Celery worker.

    python -m bench.national.batch [--scale 1] [--concurrency 2]

What the schedule does for a whole country: one report per regency for the last closed
quarter. `generate_reports` queues them (one `reports` task each, through the outbox) and a
real `celery worker -Q reports -c 2` renders them; the batch is timed from the command's start
until every row is ready (or failed). Then the same command again over unchanged data: each
ready version records the fingerprint of its content, so nothing should be queued, and the
second batch is timed until the command returns. Both figures, the number of reports made in
the second batch (expected 0) and the load average are printed as Markdown.

The bench's own Redis database (BENCH_REDIS, default db 7) and a throwaway MEDIA_ROOT keep the
run apart from anything else on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.national.run import REDIS, ROOT, database_url, environment

BIN = Path(sys.executable).parent


def _sql(scale: float, statement: str):
    import psycopg

    with psycopg.connect(database_url(scale), autocommit=True) as connection:
        cursor = connection.execute(statement)
        return cursor.fetchall() if cursor.description else None


def _last_closed_quarter(env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c",
         "import django; django.setup()\n"
         "from django.utils import timezone\n"
         "from dewan.core.calendar import last_closed_quarter\n"
         "print(last_closed_quarter(timezone.localdate()).code)"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def _wait_for_worker(env: dict, name: str, worker: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit(f"the worker stopped:\n{log.read_text()[-3000:]}")
        ping = subprocess.run([str(BIN / "celery"), "-A", "dewan", "inspect", "ping", "-d", name,
                               "--timeout", "1"], cwd=ROOT, env=env, capture_output=True)
        if ping.returncode == 0:
            return
    raise SystemExit(f"the worker did not answer:\n{log.read_text()[-3000:]}")


def _counts(scale: float, code: str) -> dict:
    year, quarter = code.split("-Q")
    rows = _sql(scale, "SELECT status, count(*) FROM reports_evaluationreport "
                       f"WHERE kind = 'triwulan' AND year = {int(year)} "
                       f"AND quarter = {int(quarter)} GROUP BY status")
    return dict(rows)


def batch(scale: float = 1.0, concurrency: int = 2) -> dict:
    media = Path(tempfile.mkdtemp(prefix="bench-media-"))
    env = environment(scale)
    env.update(REDIS_URL=REDIS, CELERY_TASK_ALWAYS_EAGER="false", DJANGO_MEDIA_ROOT=str(media),
               DJANGO_LOG_LEVEL="WARNING")
    env.pop("STORAGE_S3_BUCKET", None)
    subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, capture_output=True)
    # A batch run before left ready versions, which the table's trigger keeps for good; the
    # bench starts again from none (as the database owner, with triggers off for the delete).
    _sql(scale, "SET session_replication_role = replica; "
                "DELETE FROM reports_evaluationreport; SET session_replication_role = DEFAULT")
    regencies = _sql(scale, "SELECT count(*) FROM dewan_regency")[0][0]
    code = _last_closed_quarter(env)
    name = f"bench-batch@{os.uname().nodename}"
    log = media / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [str(BIN / "celery"), "-A", "dewan", "worker", "-Q", "reports", "-c",
             str(concurrency), "-n", name, "-l", "warning", "--without-gossip",
             "--without-mingle"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        _wait_for_worker(env, name, worker, log)
        before = os.getloadavg()[0]
        started = time.monotonic()
        subprocess.run([sys.executable, "manage.py", "generate_reports", "--period", code],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        queued = time.monotonic() - started
        while True:
            counts = _counts(scale, code)
            if counts.get("siap", 0) + counts.get("gagal", 0) >= regencies:
                break
            if worker.poll() is not None:
                raise SystemExit(f"the worker stopped:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        first = time.monotonic() - started
        after_first = os.getloadavg()[0]
        pages = _sql(scale, "SELECT coalesce(sum(page_count), 0) FROM reports_evaluationreport")
        started = time.monotonic()
        second_run = subprocess.run(
            [sys.executable, "manage.py", "generate_reports", "--period", code],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        second = time.monotonic() - started
        made_again = _sql(scale, "SELECT count(*) FROM reports_evaluationreport "
                                 "WHERE version > 1")[0][0]
        skipped = second_run.stdout.count("dilewati")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        shutil.rmtree(media, ignore_errors=True)
    return {"regencies": regencies, "period": code, "queued": queued, "first": first,
            "counts": counts, "pages": pages[0][0], "second": second, "made_again": made_again,
            "skipped": skipped, "load_before": before, "load_after": after_first,
            "concurrency": concurrency}


def markdown(figures: dict) -> str:
    counts = ", ".join(f"{count} {status}" for status, count in sorted(figures["counts"].items()))
    return (
        f"\n### Quarterly reports of every regency ({figures['period']}), real worker "
        f"`-c {figures['concurrency']}`\n\n"
        f"Load average before {figures['load_before']:.2f}, after the first batch "
        f"{figures['load_after']:.2f}.\n\n"
        "| batch | reports | time | per report |\n|---|---|---|---|\n"
        f"| first ({counts}; {figures['pages']} pages; queued in {figures['queued']:.1f} s) | "
        f"{figures['regencies']} | {figures['first']:.0f} s | "
        f"{1000 * figures['first'] / figures['regencies']:.0f} ms |\n"
        f"| second, data unchanged ({figures['skipped']} skipped, {figures['made_again']} new "
        f"versions) | {figures['regencies']} | {figures['second']:.1f} s | "
        f"{1000 * figures['second'] / figures['regencies']:.0f} ms |\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    print(markdown(batch(args.scale, args.concurrency)))


if __name__ == "__main__":
    main()
