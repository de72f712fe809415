"""Forms of the reports pages: ask for a report, write the summary, filter the overview."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dewan.core.calendar import Period, PeriodError
from dewan.core.forms import PortalForm

from .choices import FINDING_FIELDS


class ReportRequestForm(PortalForm):
    """Which period to make a (new version of the) report for."""

    # Any period that has started may be asked for (the select offers the recent ones; a
    # "new version" button posts an older period's code).
    period = forms.CharField(label=_("Periode"), max_length=10,
                             widget=forms.Select(attrs={"class": "form-select js-period"}))
    provisional = forms.BooleanField(
        label=_("Laporan sementara"), required=False,
        help_text=_("Untuk periode yang belum berakhir: bertanda SEMENTARA dan tidak dapat "
                    "disetujui."))

    def __init__(self, *args, periods: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.choices = [(p.code, p.label) for p in periods]

    def clean_period(self) -> Period:
        try:
            return Period.parse(self.cleaned_data["period"])
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None


class SummaryForm(PortalForm):
    """The secretariat's findings; plain text, shown escaped in the page and the PDF."""

    strengths = forms.CharField(label=_("Kekuatan"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 5}))
    weaknesses = forms.CharField(label=_("Kelemahan"), required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 5}))
    recommendations = forms.CharField(label=_("Rekomendasi"), required=False, max_length=5000,
                                      widget=forms.Textarea(attrs={"rows": 5}))


class DimensionFindingsForm(PortalForm):
    """Strengths, weaknesses and recommendations for each smart-city dimension (optional):
    fields named `<dimension code>-<finding>`, grouped per dimension in the page."""

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        labels = dict(zip(FINDING_FIELDS, (_("Kekuatan"), _("Kelemahan"), _("Rekomendasi")),
                          strict=True))
        for dimension in self.dimensions:
            for name in FINDING_FIELDS:
                self.fields[f"{dimension.code}-{name}"] = forms.CharField(
                    label=labels[name], required=False, max_length=3000,
                    widget=forms.Textarea(attrs={"rows": 3}))

    def groups(self):
        """(dimension, its three bound fields) for the template."""
        return [(d, [self[f"{d.code}-{name}"] for name in FINDING_FIELDS])
                for d in self.dimensions]

    def findings(self) -> dict:
        """{dimension: (strengths, weaknesses, recommendations)} of the cleaned data."""
        return {d: tuple(self.cleaned_data[f"{d.code}-{name}"].strip()
                         for name in FINDING_FIELDS) for d in self.dimensions}


SORT_CHOICES = [
    ("nama", _("Nama daerah")),
    ("progres", _("Progres rata-rata")),
    ("rapat", _("Rapat tahun ini")),
    ("rapat-terakhir", _("Rapat terakhir")),
    ("tepat-waktu", _("Laporan tepat waktu")),
]


class NationalFilterForm(PortalForm):
    """Filters and order of the national overview (GET)."""

    q = forms.CharField(label=_("Cari daerah"), required=False, max_length=80)
    province = forms.ChoiceField(label=_("Provinsi"), required=False)
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False)
    min_progress = forms.IntegerField(label=_("Progres minimal (%)"), required=False,
                                      min_value=0, max_value=100)
    without_report = forms.BooleanField(label=_("Belum ada laporan evaluasi"), required=False)
    sort = forms.ChoiceField(label=_("Urutkan"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, provinces: list[str], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Semua provinsi"))] + [
            (p, p) for p in provinces]
        self.fields["year"].choices = [(y, y) for y in years]
