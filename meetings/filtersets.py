"""Filters of the follow-up list: agency, status, meeting, text and "overdue only".

A bad value in the query string (an unknown agency, a meeting of another regency, a status
that does not exist) never breaks the page: the filter is ignored and the view says which.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dewan.council.access import Access
from dewan.council.models import Agency

from .choices import LATE_FOLLOWUP_STATUSES, OPEN_FOLLOWUP_STATUSES, FollowUpStatus
from .models import FollowUp, Meeting

OPEN = "open"


def _bootstrap(form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if hasattr(field, "choices") else "form-control"
        field.widget.attrs.setdefault("class", f"{css} {css}-sm")


class FollowUpFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="search", max_length=200)
    agency = django_filters.ModelChoiceFilter(label=_("Instansi"), queryset=Agency.objects.none(),
                                              empty_label=_("Semua instansi"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), method="in_status", empty_label=_("Semua status"),
        choices=[(OPEN, _("Belum selesai")), *FollowUpStatus.choices])
    meeting = django_filters.ModelChoiceFilter(label=_("Rapat"), queryset=Meeting.objects.none(),
                                               empty_label=_("Semua rapat"))
    lewat = django_filters.BooleanFilter(label=_("Hanya yang lewat batas waktu"),
                                         method="overdue_only",
                                         widget=forms.CheckboxInput)

    class Meta:
        model = FollowUp
        fields = ["q", "agency", "status", "meeting", "lewat"]

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = access.regency.local_today()
        self.filters["agency"].queryset = Agency.objects.for_access(access).order_by("name")
        self.filters["meeting"].queryset = (Meeting.objects.for_access(access)
                                            .order_by("-start"))
        _bootstrap(self.form)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = Q()
        for field in ("description", "agency__name", "agency__short_name", "meeting__title",
                      "program__code", "program__name"):
            words |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(words)

    def in_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == OPEN:
            return queryset.filter(status__in=OPEN_FOLLOWUP_STATUSES)
        return queryset.filter(status=value)

    def overdue_only(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(status__in=LATE_FOLLOWUP_STATUSES, due_date__lt=self.today)
