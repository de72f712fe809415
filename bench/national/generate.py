"""A national data set for the benchmarks: `python -m bench.national.generate --scale 1`.

Scale 1 is the country (514 regencies, ~15k agencies, ~25.7k programs, ~198k progress
reports, ~10k meetings, ~20k follow-ups); scale 0.1 is ten times smaller. Rows go in with
bulk inserts into the database DATABASE_URL names (which must be empty and migrated), in a
minute or two, not hours. Every regency gets the same shape with some variety: agencies,
programs tagged with one or two dimensions, eight quarters of reports (mostly verified, some
submitted, returned or missing), meetings and follow-ups. A national reviewer account
`bench.reviewer` and, for the first regency, `bench.secretariat` and `bench.opd` (password
`bench-password-2024`) are made for the load runs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal

PASSWORD = "bench-password-2024"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dewan.project.settings")
    import django

    django.setup()
    started = time.monotonic()
    counts = generate(args.scale)
    from django.db import connection

    with connection.cursor() as cursor:  # planner statistics of the bulk-inserted tables
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"generated in {time.monotonic() - started:.1f} s: "
          + ", ".join(f"{v} {k}" for k, v in counts.items()))


def generate(scale: float) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from dewan.core import calendar
    from dewan.council.choices import Role
    from dewan.council.models import Agency, Regency, RoleAssignment
    from meetings.models import FollowUp, Meeting
    from programs.choices import ReportStatus
    from programs.models import Dimension, Program, ProgressReport

    rng = random.Random(2024)
    regencies_n = max(2, round(514 * scale))
    today = timezone.localdate()
    quarters = calendar.recent_quarters(today, 8)
    dimensions = list(Dimension.objects.order_by("order"))
    with transaction.atomic():
        regencies = Regency.objects.bulk_create([
            Regency(slug=f"bench-{n:03d}", name=f"Bench {n:03d}", kind="kabupaten",
                    province=f"Provinsi {n % 34:02d}", kemendagri_code=f"99.{n:04d}",
                    short_name=f"bch{n}")
            for n in range(regencies_n)], batch_size=1000)
        agencies = Agency.objects.bulk_create([
            Agency(regency=regency, name=f"Dinas {a:02d} {regency.name}", short_name=f"D{a:02d}")
            for regency in regencies for a in range(29 + regency.pk % 2)], batch_size=2000)
        by_regency: dict[int, list] = {}
        for agency in agencies:
            by_regency.setdefault(agency.regency_id, []).append(agency)
        programs = Program.objects.bulk_create([
            Program(regency_id=agency.regency_id, agency=agency, code=f"P-{agency.pk}-{p}",
                    name=f"Program {p} {agency.short_name}", kind="aplikasi",
                    horizon="pendek", start_year=today.year - 3, end_year=today.year + 2,
                    planned_budget=rng.randrange(50, 5000) * 1_000_000)
            for agency in agencies for p in range(1 + (agency.pk % 10 < 7))
        ], batch_size=2000)
        through = Program.dimensions.through
        through.objects.bulk_create([
            through(program_id=program.pk, dimension_id=dimension.pk)
            for program in programs
            for dimension in rng.sample(dimensions, 1 + (program.pk % 3 == 0))], batch_size=5000)
        reports = []
        for program in programs:
            progress = rng.randrange(0, 20)
            for index, period in enumerate(quarters):
                roll = rng.random()
                if roll < 0.04:
                    continue
                progress = min(100, progress + rng.randrange(0, 12))
                status = (ReportStatus.VERIFIED if index < 7 and roll < 0.9 else
                          ReportStatus.SUBMITTED if roll < 0.95 else ReportStatus.RETURNED)
                reports.append(ProgressReport(
                    regency_id=program.regency_id, program=program, year=period.year,
                    quarter=period.quarter, physical_progress=Decimal(progress),
                    budget_realised=program.planned_budget * progress // 120, status=status))
        ProgressReport.objects.bulk_create(reports, batch_size=5000)
        meetings = []
        zone = datetime.UTC
        for regency in regencies:
            for m in range(20):
                start = datetime.datetime.combine(today - datetime.timedelta(days=30 * m + 3),
                                                  datetime.time(2), tzinfo=zone)
                meetings.append(Meeting(regency=regency, title=f"Rapat {m}", start=start,
                                        end=start + datetime.timedelta(hours=2),
                                        status="terlaksana" if m else "terjadwal"))
        meetings = Meeting.objects.bulk_create(meetings, batch_size=5000)
        FollowUp.objects.bulk_create([
            FollowUp(regency_id=meeting.regency_id, meeting=meeting,
                     description=f"Tindak lanjut {f} {meeting.title}",
                     agency=by_regency[meeting.regency_id][f % 29],
                     due_date=meeting.start.date() + datetime.timedelta(days=30))
            for meeting in meetings for f in range(2)], batch_size=5000)
        user_model = get_user_model()
        first = regencies[0]
        for username, role, regency, agency in (
                ("bench.reviewer", Role.REVIEWER, None, None),
                ("bench.secretariat", Role.SECRETARIAT, first, None),
                ("bench.opd", Role.OPD, first, by_regency[first.pk][0])):
            user = user_model.objects.create_user(username, f"{username}@example.go.id",
                                                  PASSWORD)
            RoleAssignment.objects.create(user=user, role=role, regency=regency, agency=agency)
    return {"regencies": len(regencies), "agencies": len(agencies), "programs": len(programs),
            "reports": len(reports), "meetings": len(meetings),
            "follow-ups": 2 * len(meetings)}


if __name__ == "__main__":
    main()
