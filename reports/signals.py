"""What the national overview's cached figures are made of, and the writes that move their
version (dewan/core/versions.py): programs and their dimension tags, progress reports,
meetings, regencies and reporting periods (deadlines). Every write of these goes through a
model's save() or delete(), or through the program import, which moves the version itself
(programs/services.py)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from dewan.core import versions


def national_data_changed(**kwargs) -> None:
    versions.move(versions.NATIONAL)


def connect() -> None:
    from dewan.council.models import Regency
    from meetings.models import Meeting
    from programs.models import Program, ProgressReport, ReportingPeriod

    for model in (Program, ProgressReport, Meeting, Regency, ReportingPeriod):
        for signal in (post_save, post_delete):
            signal.connect(national_data_changed, sender=model,
                           dispatch_uid=f"national-version-{signal}-{model.__name__}")
    m2m_changed.connect(national_data_changed, sender=Program.dimensions.through,
                        dispatch_uid="national-version-program-dimensions")
