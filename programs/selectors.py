"""Read-side queries of programs and progress reports."""

from __future__ import annotations

from django.db.models import Avg, Count

from dewan.access import Access

from .models import Dimension, Program


def overview_panel(*, access: Access) -> dict:
    """The programs figures on the regency overview: count and programs per dimension."""
    programs = Program.objects.for_access(access)
    per_dimension = (
        Dimension.objects.filter(programs__regency=access.regency)
        .annotate(count=Count("programs", distinct=True))
        .order_by("order")
    )
    return {
        "program_count": programs.count(),
        "programs_per_dimension": list(per_dimension),
        "average_progress": programs.aggregate(avg=Avg("reports__physical_progress"))["avg"],
    }
