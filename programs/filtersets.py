"""Filters of the program list and the verification queue.

A bad value in the query string (an unknown dimension, a year that is not a number) never
breaks the page: the filter is ignored and the view tells the user which one.
"""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dewan.core.calendar import Period, PeriodError
from dewan.council.access import Access
from dewan.council.models import Agency

from .choices import Horizon, ProgramKind, ProgramStatus, ReportStatus
from .models import Dimension, Element, Program, ProgressReport


def _bootstrap(form) -> None:
    """Small Bootstrap controls for a filter form."""
    for field in form.fields.values():
        css = "form-select" if hasattr(field, "choices") else "form-control"
        field.widget.attrs.setdefault("class", f"{css} {css}-sm")


class ProgramFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="search")
    dimension = django_filters.ModelChoiceFilter(
        label=_("Dimensi"), field_name="dimensions", to_field_name="code",
        queryset=Dimension.objects.order_by("order"), empty_label=_("Semua dimensi"))
    element = django_filters.ModelChoiceFilter(
        label=_("Elemen"), field_name="elements", to_field_name="code",
        queryset=Element.objects.select_related("dimension"), empty_label=_("Semua elemen"))
    agency = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=Agency.objects.none(),
                                              empty_label=_("Semua OPD"))
    horizon = django_filters.ChoiceFilter(label=_("Jangka waktu"), choices=Horizon.choices,
                                          empty_label=_("Semua jangka"))
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=ProgramKind.choices,
                                       empty_label=_("Semua jenis"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProgramStatus.choices,
                                         empty_label=_("Semua status"))
    year = django_filters.NumberFilter(label=_("Tahun berjalan"), method="running_in")

    class Meta:
        model = Program
        fields = ["q", "dimension", "element", "agency", "horizon", "kind", "status", "year"]

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = Agency.objects.for_access(access).order_by("name")
        _bootstrap(self.form)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = Q()
        for field in ("code", "name", "description", "partners", "legal_basis",
                      "agency__name", "agency__short_name"):
            words |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(words)

    def running_in(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(start_year__lte=value, end_year__gte=value)

    @property
    def qs(self) -> QuerySet:
        # Filtering by an m2m relation can repeat a program; each appears once.
        return super().qs.distinct()


class ReportFilterSet(django_filters.FilterSet):
    """The verification queue: by status (submitted by default), period and agency."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("Semua status"),
        choices=[c for c in ReportStatus.choices if c[0] != ReportStatus.DRAFT])
    periode = django_filters.CharFilter(
        label=_("Periode (TTTT-QT)"), method="in_period",
        validators=[RegexValidator(r"^\d{4}-Q[1-4]$",
                                   _("Tulis periode sebagai TTTT-QT, misalnya 2025-Q2."))])
    agency = django_filters.ModelChoiceFilter(label=_("OPD"), field_name="program__agency",
                                              queryset=Agency.objects.none(),
                                              empty_label=_("Semua OPD"))

    class Meta:
        model = ProgressReport
        fields = ["status", "periode", "agency"]

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = Agency.objects.for_access(access).order_by("name")
        _bootstrap(self.form)

    def in_period(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        try:
            period = Period.parse(value)
        except PeriodError:
            return queryset
        return queryset.filter(year=period.year, quarter__in=period.quarters)
