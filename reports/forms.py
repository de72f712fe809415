"""Forms of the reports pages: ask for a report, write the summary, filter the overview,
score the evaluation index."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dewan.core.calendar import Period, PeriodError
from dewan.core.forms import DecimalField, PortalForm

from .choices import FINDING_FIELDS, SCORE_MAX, SCORE_MIN


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
    ("indeks", _("Indeks evaluasi")),
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


class AssessmentForm(PortalForm):
    """One side's scores for an evaluation year: per row (evaluation dimension or smart-city
    dimension) a score 0–5 typed the reader's way (`3,75`), its justification and the evidence
    already in the portal; fields named `<row key>-score|justification|evidence`.

    `evidence` is a list of (group label, [(value, label)]) with values `program:<pk>`,
    `laporan:<pk>`, `rapat:<pk>`, `sk:<pk>` built from what the user may see; `with_reference`
    adds the published result's source (the assessors' side)."""

    findings = forms.CharField(label=_("Temuan"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    reference = forms.CharField(
        label=_("Sumber hasil resmi"), required=False, max_length=300,
        help_text=_("Untuk hasil yang sudah dipublikasikan kementerian, misalnya nomor dan "
                    "tanggal surat atau judul buku hasil evaluasi."))

    def __init__(self, *args, rows, evidence, with_reference: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        if not with_reference:
            del self.fields["reference"]
        for row in self.rows:
            self.fields[f"{row.key}-score"] = DecimalField(
                label=_("Nilai (0–5)"), required=False, min_value=SCORE_MIN,
                max_value=SCORE_MAX, max_digits=3, decimal_places=2,
                help_text=_("Dua angka di belakang koma, misalnya %(example)s.")
                % {"example": "3,75"})
            self.fields[f"{row.key}-justification"] = forms.CharField(
                label=_("Alasan"), required=False, max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{row.key}-evidence"] = forms.MultipleChoiceField(
                label=_("Bukti di portal"), required=False, choices=evidence,
                help_text=_("Tahan Ctrl (⌘ di Mac) untuk memilih lebih dari satu."),
                widget=forms.SelectMultiple(attrs={"size": 5, "class": "form-select"}))
        for name, field in self.fields.items():
            if name.endswith("-score"):
                field.widget.attrs["inputmode"] = "decimal"

    def groups(self):
        """(row, its three bound fields) for the template."""
        return [(row, [self[f"{row.key}-{name}"]
                       for name in ("score", "justification", "evidence")])
                for row in self.rows]

    def clean(self):
        data = super().clean()
        for row in self.rows:
            score = data.get(f"{row.key}-score")
            if score is not None and not (data.get(f"{row.key}-justification") or "").strip():
                self.add_error(f"{row.key}-justification",
                               _("Tulis alasan nilai %(row)s.") % {"row": row.label})
        return data

    def scores(self) -> dict[str, tuple]:
        """{row key: (score, justification, {kind: [pk, ...]})} of the cleaned data."""
        result = {}
        for row in self.rows:
            chosen: dict[str, list[int]] = {}
            for value in self.cleaned_data[f"{row.key}-evidence"]:
                kind, _sep, pk = value.partition(":")
                chosen.setdefault(kind, []).append(int(pk))
            result[row.key] = (self.cleaned_data[f"{row.key}-score"],
                               self.cleaned_data[f"{row.key}-justification"].strip(), chosen)
        return result
