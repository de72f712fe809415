"""`make bench-national`: the national data set, every main page in-process at two sizes,
then gunicorn under wrk beside the two floors, printed as Markdown for docs/performance.md.

    python -m bench.national.run [--scales 0.1 1] [--seconds 15] [--skip-generate] [--no-batch]

Each scale gets its own PostgreSQL database `dewan_bench_<scale>` (dropped and made again
unless --skip-generate). The load runs use the largest scale: gunicorn with 2 sync workers,
wrk with 2 threads and 8 connections, on the same machine (the load tool shares the cores;
the load average is printed with the figures). Each regency page is loaded twice: drawn on
every request (`DJANGO_KEEP_PAGES=false`), then kept (dewan/council/pages.py: the same page
asked again with nothing changed). Last, every regency's quarterly report made by
a real Celery worker, then the same batch again over unchanged data (bench/national/batch.py).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PORT = 8091
# The shared cache and broker of a deployment: the bench's own Redis database.
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/7")
PAGES = [  # (name, user, path with {slug}, {meeting})
    ("regency dashboard", "bench.secretariat", "/r/{slug}/program/dasbor/"),
    ("program list", "bench.secretariat", "/r/{slug}/program/"),
    ("meeting detail", "bench.secretariat", "/r/{slug}/rapat/{meeting}/"),
    ("regency overview", "bench.secretariat", "/r/{slug}/"),
    ("verification queue", "bench.secretariat", "/r/{slug}/program/verifikasi/"),
    ("national regency page", "bench.reviewer", "/nasional/{slug}/"),
    ("national overview", "bench.reviewer", "/nasional/"),
]
# The regency pages kept whole per user (dewan/council/pages.py); the national overview is not.
KEPT = {name for name, _user, _path in PAGES} - {"national overview"}
FLOORS = [("bare view, same middleware (floor)", None, "/bench/floor/"),
          ("behind login_required (floor)", "bench.reviewer", "/bench/floor-login/")]


def database_url(scale: float) -> str:
    return f"{SERVER}/dewan_bench_{str(scale).replace('.', '_')}"


def run(*args, env=None, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def environment(scale: float) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url(scale), DJANGO_SETTINGS_MODULE="bench.national.settings",
               DJANGO_DEBUG="false", DJANGO_SECRET_KEY="bench-" + "x" * 50,
               DJANGO_MANIFEST_STATIC="false", DJANGO_SECURE_SSL_REDIRECT="false",
               DJANGO_SECURE_COOKIES="false", DJANGO_REVERSE_PROXIES="0",
               DJANGO_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT), REDIS_URL=REDIS)
    return env


def generate(scale: float) -> None:
    name = database_url(scale).rsplit("/", 1)[1]
    run("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", name)
    env = environment(scale)
    run(sys.executable, "manage.py", "migrate", "-v0", env=env)
    run(sys.executable, "-m", "bench.national.generate", "--scale", str(scale), env=env)


IN_PROCESS = r'''
import json, statistics, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from dewan.council.models import Regency
from meetings.models import Meeting
pages = json.loads(sys.argv[1])
regency = Regency.objects.get(slug="bench-000")
meeting = Meeting.objects.filter(regency=regency).order_by("-start").first()
out = []
for name, user, path in pages:
    client = Client()
    client.force_login(get_user_model().objects.get(username=user))
    url = path.format(slug=regency.slug, meeting=meeting.pk)
    client.get(url, HTTP_HOST="127.0.0.1")
    times = []
    for _ in range(7):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    out.append([name, len(queries), statistics.median(times)])
print(json.dumps(out))
'''


def in_process(scale: float, *, keep: bool = False) -> list:
    import json

    env = {**environment(scale), "DJANGO_KEEP_PAGES": str(keep).lower()}
    done = subprocess.run([sys.executable, "-c", IN_PROCESS, json.dumps(PAGES)], cwd=ROOT,
                          env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def session_cookie(user: str) -> str:
    import requests

    session = requests.Session()
    page = session.get(f"http://127.0.0.1:{PORT}/akun/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(f"http://127.0.0.1:{PORT}/akun/masuk/",
                 data={"username": user, "password": "bench-password-2024",
                       "csrfmiddlewaretoken": token},
                 headers={"Referer": f"http://127.0.0.1:{PORT}/akun/masuk/"})
    return "; ".join(f"{k}={v}" for k, v in session.cookies.items())


def load(scale: float, seconds: int, *, keep: bool, pages: list) -> list:
    """wrk on each of `pages` against gunicorn, the regency pages kept or drawn each time."""
    env = {**environment(scale), "DJANGO_KEEP_PAGES": str(keep).lower()}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "dewan.project.wsgi", "-b",
         f"127.0.0.1:{PORT}", "-w", "2", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                import requests

                requests.get(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        cookies = {user: session_cookie(user) for user in ("bench.secretariat",
                                                          "bench.reviewer")}
        meeting = _first_meeting(scale)
        results = []
        for name, user, path in pages:
            url = f"http://127.0.0.1:{PORT}" + path.format(slug="bench-000", meeting=meeting)
            headers = ["-H", f"Cookie: {cookies[user]}"] if user else []
            done = subprocess.run(
                ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-s",
                 str(ROOT / "bench/national/latency.lua"), *headers, url],
                capture_output=True, text=True, check=True)
            found = re.search(r"RESULT p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) rps=([\d.]+) "
                              r"errors=(\d+)", done.stdout)
            results.append([name, keep, *map(float, found.groups())])
            print(f"  {name}: {found.group(0)}", flush=True)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def _first_meeting(scale: float) -> int:
    import psycopg

    with psycopg.connect(database_url(scale)) as connection:
        return connection.execute(
            "SELECT m.id FROM meetings_meeting m JOIN dewan_regency r ON r.id = m.regency_id "
            "WHERE r.slug = 'bench-000' ORDER BY m.start DESC LIMIT 1").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--no-batch", action="store_true",
                        help="leave out the quarterly report batch (about 8 minutes)")
    args = parser.parse_args()
    sizes = {}
    for scale in args.scales:
        if not args.skip_generate:
            started = time.monotonic()
            generate(scale)
            print(f"scale {scale}: generated in {time.monotonic() - started:.0f} s", flush=True)
        sizes[scale] = in_process(scale)
    largest = max(args.scales)
    kept = in_process(largest, keep=True)
    print("\n### In-process (median of 7, one client), queries per page\n")
    print("Drawn: every request draws the page (`DJANGO_KEEP_PAGES=false`). Kept: the same "
          "request again, nothing changed, served from the kept page (dewan/council/pages.py).\n")
    print("| page | " + " | ".join(f"queries ×{s} | ms ×{s}" for s in args.scales)
          + f" | kept: queries ×{largest} | kept: ms ×{largest} |")
    print("|---|" + "---|---|" * (len(args.scales) + 1))
    for index, (name, _user, _path) in enumerate(PAGES):
        cells = " | ".join(f"{sizes[s][index][1]} | {sizes[s][index][2]:.1f}"
                           for s in args.scales)
        print(f"| {name} | {cells} | {kept[index][1]} | {kept[index][2]:.1f} |")
    before = os.getloadavg()
    results = load(largest, args.seconds, keep=False, pages=FLOORS + PAGES)
    results += load(largest, args.seconds, keep=True,
                    pages=[page for page in PAGES if page[0] in KEPT])
    after = os.getloadavg()
    floor_rps = results[1][5]
    print(f"\n### gunicorn (2 sync workers) under wrk (2 threads, 8 connections, "
          f"{args.seconds} s each), scale {largest}\n")
    print(f"Load average before {before[0]:.2f}, after {after[0]:.2f} (2 cores; wrk runs on "
          "the same cores).\n")
    print("| page | served | p50 ms | p95 ms | p99 ms | req/s | share of the login_required "
          "floor |")
    print("|---|---|---|---|---|---|---|")
    for name, keep, p50, p95, p99, rps, errors in results:
        note = f" ({int(errors)} errors)" if errors else ""
        served = "kept" if keep else ("drawn" if name in KEPT else "")
        print(f"| {name} | {served} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {rps:.0f}{note} | "
              f"{100 * rps / floor_rps:.0f} % |")
    if not args.no_batch:
        from bench.national import batch

        print(batch.markdown(batch.batch(largest)), flush=True)


if __name__ == "__main__":
    main()
