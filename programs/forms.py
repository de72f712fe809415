"""Forms of programs, indicators, progress reports, verification, periods and the import.

Forms validate input and show Indonesian messages; the writes are done by `services`.
Every edit form carries the row's `version`, read when the form was opened, so that the
service can refuse a save that would overwrite someone else's.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dewan.core import calendar
from dewan.core.forms import (
    DecimalField,
    PercentField,
    PortalForm,
    PortalModelForm,
    RupiahField,
)
from dewan.core.uploads import EVIDENCE_KINDS, XLSX, check_upload
from dewan.council.access import Access
from dewan.council.models import Agency
from dewan.council.scoping import Action

from .choices import QUARTERS, ReportStatus
from .models import Dimension, Element, EvidenceFile, Program, ProgressReport
from .services import IndicatorData, ReportData, program_code_problem, report_rule_errors

YEAR_MIN, YEAR_MAX = calendar.YEAR_MIN, calendar.YEAR_MAX


def _year_field(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=YEAR_MIN, max_value=YEAR_MAX)


class VersionField(forms.IntegerField):
    """The version of the row as it was when the form was opened (empty for a new row)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)


def agencies_editable_by(access: Access):
    """The agencies a program of this user may belong to."""
    return Agency.objects.for_access(access, Action.ASSIGN).order_by("name")


# --- programs -------------------------------------------------------------------------------

class ProgramForm(PortalModelForm):
    """A program's own fields; its indicators and targets have a form of their own."""

    version = VersionField()
    start_year = _year_field(gettext_lazy("Tahun mulai"))
    end_year = _year_field(gettext_lazy("Tahun selesai"))
    planned_budget = RupiahField(label=gettext_lazy("Pagu anggaran (Rp)"))

    class Meta:
        model = Program
        fields = ["code", "name", "agency", "description", "dimensions", "elements", "kind",
                  "horizon", "status", "start_year", "end_year", "planned_budget",
                  "funding_source", "reach", "legal_basis_level", "legal_basis", "partners"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "dimensions": forms.CheckboxSelectMultiple,
            "elements": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "reach": gettext_lazy("Aplikasi yang dipakai beberapa OPD memerlukan dasar hukum "
                                  "setingkat Perbup/Perkada."),
            "partners": gettext_lazy("Misalnya: IT Del, PT Telkom, komunitas UMKM."),
        }

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        self.fields["agency"].queryset = agencies_editable_by(access)
        self.fields["dimensions"].queryset = Dimension.objects.order_by("order")
        self.fields["elements"].queryset = Element.objects.select_related("dimension")
        self.fields["elements"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        problem = program_code_problem(regency=self.access.regency, code=code,
                                       program=self.instance if self.instance.pk else None)
        if problem:
            raise ValidationError(problem)
        return code

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Tahun selesai tidak boleh sebelum tahun mulai."))
        dimensions, elements = data.get("dimensions"), data.get("elements")
        if dimensions is not None and elements:
            chosen = {d.pk for d in dimensions}
            stray = [e.name for e in elements if e.dimension_id not in chosen]
            if stray:
                self.add_error("elements", _("Elemen berikut bukan bagian dari dimensi yang "
                                             "dipilih: %(names)s.") % {"names": ", ".join(stray)})
        return data


class IndicatorForm(PortalForm):
    """One indicator with a target for every year of the program."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=gettext_lazy("Indikator"), max_length=200, required=False)
    unit = forms.CharField(label=gettext_lazy("Satuan"), max_length=40, required=False)
    baseline = DecimalField(label=gettext_lazy("Nilai dasar"), max_digits=14, decimal_places=2,
                            required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"target_{year}"] = DecimalField(
                label=_("Target %(year)s") % {"year": year}, max_digits=14, decimal_places=2,
                required=False)
        # The table cells show one box each; the page explains the number format once.
        for name in ["baseline", *(f"target_{year}" for year in years)]:
            self.fields[name].widget.attrs.update(
                {"class": "form-control form-control-sm text-end",
                 "aria-label": str(self.fields[name].label)})

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    def target_fields(self):
        return [self[f"target_{year}"] for year in self.years]

    def clean(self) -> dict:
        data = super().clean()
        deleting = data.get("DELETE")
        filled = data.get("name") or data.get("unit")
        if filled and not deleting:
            if not data.get("name"):
                self.add_error("name", _("Nama indikator wajib diisi."))
            if not data.get("unit"):
                self.add_error("unit", _("Satuan wajib diisi, misalnya “orang” atau “%”."))
        return data

    def to_data(self) -> IndicatorData | None:
        """The row as service input; None for an empty extra row."""
        data = self.cleaned_data
        if not data.get("name") and not data.get("pk"):
            return None
        return IndicatorData(
            pk=data.get("pk"), name=data.get("name", ""), unit=data.get("unit", ""),
            baseline=data.get("baseline"), delete=bool(data.get("DELETE")),
            targets={year: data.get(f"target_{year}") for year in self.years},
        )


# A program has a handful of indicators: a posted form count beyond this is refused before
# hundreds of forms are built (Django's default ceiling is 1,000).
MAX_INDICATORS = 30
IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, can_delete=True,
                                         max_num=MAX_INDICATORS, absolute_max=MAX_INDICATORS,
                                         validate_max=True)


def indicator_initial(program: Program) -> list[dict]:
    """Initial rows of the indicators formset from the prefetched indicators and targets."""
    rows = []
    for indicator in program.indicators.all():
        row = {"pk": indicator.pk, "name": indicator.name, "unit": indicator.unit,
               "baseline": indicator.baseline}
        row.update({f"target_{t.year}": t.target for t in indicator.targets.all()})
        rows.append(row)
    return rows


# --- progress reports -----------------------------------------------------------------------

class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files at once, each checked by content and size."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned, errors = [], []
        for upload in files:
            try:
                check_upload(super().clean(upload, initial), EVIDENCE_KINDS)
                cleaned.append(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ReportForm(PortalForm):
    """The OPD's quarterly progress report of one program."""

    version = VersionField()
    physical_progress = PercentField(
        label=gettext_lazy("Progres fisik (%)"),
        error_messages={"max_value": gettext_lazy("Progres fisik paling tinggi 100 persen."),
                        "min_value": gettext_lazy("Progres fisik tidak boleh negatif.")},
    )
    progress_decrease_reason = forms.CharField(
        label=gettext_lazy("Alasan progres turun"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Wajib bila progres lebih rendah dari triwulan sebelumnya."))
    budget_realised = RupiahField(label=gettext_lazy("Realisasi anggaran kumulatif (Rp)"))
    over_budget_reason = forms.CharField(
        label=gettext_lazy("Alasan realisasi melebihi pagu"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Wajib bila realisasi melebihi pagu anggaran program."))
    achievements = forms.CharField(label=gettext_lazy("Capaian"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    obstacles = forms.CharField(label=gettext_lazy("Kendala"), required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(label=gettext_lazy("Rencana tindak lanjut"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    evidence = EvidenceField(
        label=gettext_lazy("Tambah data dukung"), required=False,
        help_text=gettext_lazy("PDF, JPG, PNG, XLSX atau DOCX; paling besar 10 MB per berkas. "
                               "Boleh memilih beberapa berkas sekaligus."))
    remove_evidence = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Hapus data dukung"), required=False,
        queryset=EvidenceFile.objects.none(), widget=forms.CheckboxSelectMultiple)
    response = forms.CharField(
        label=gettext_lazy("Tanggapan atas catatan sekretariat"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, program: Program, year: int, quarter: int,
                 report: ProgressReport | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.program, self.year, self.quarter, self.report = program, year, quarter, report
        self.indicators = list(program.indicators.all())
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = DecimalField(
                label=f"{indicator.name} ({indicator.unit})", max_digits=14, decimal_places=2,
                required=False)
        if report is not None:
            self.fields["remove_evidence"].queryset = report.evidence.all()
            self.fields["version"].initial = report.version
        if report is None or report.status != ReportStatus.RETURNED:
            del self.fields["response"]

    def indicator_fields(self):
        return [self[f"indicator_{i.pk}"] for i in self.indicators]

    def clean(self) -> dict:
        data = super().clean()
        if "physical_progress" in data and "budget_realised" in data:
            rules = report_rule_errors(program=self.program, year=self.year,
                                       quarter=self.quarter, data=self.to_data())
            for name, message in rules.items():
                self.add_error(name, message)
        return data

    def to_data(self) -> ReportData:
        data = self.cleaned_data
        return ReportData(
            physical_progress=data["physical_progress"],
            budget_realised=data["budget_realised"],
            progress_decrease_reason=data.get("progress_decrease_reason", ""),
            over_budget_reason=data.get("over_budget_reason", ""),
            achievements=data.get("achievements", ""), obstacles=data.get("obstacles", ""),
            next_steps=data.get("next_steps", ""), response=data.get("response", ""),
            indicator_values={i.pk: data.get(f"indicator_{i.pk}") for i in self.indicators},
        )


def report_initial(report: ProgressReport | None) -> dict:
    if report is None:
        return {}
    initial = {name: getattr(report, name) for name in (
        "physical_progress", "progress_decrease_reason", "budget_realised",
        "over_budget_reason", "achievements", "obstacles", "next_steps")}
    initial.update({f"indicator_{v.indicator_id}": v.value
                    for v in report.indicator_values.all()})
    return initial


class ReviewForm(PortalForm):
    """The secretariat's decision on a submitted report."""

    version = VersionField()
    comment = forms.CharField(label=gettext_lazy("Catatan untuk OPD"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


# --- periods and import ---------------------------------------------------------------------

class PeriodForm(PortalForm):
    year = _year_field(gettext_lazy("Tahun"))
    quarter = forms.TypedChoiceField(label=gettext_lazy("Triwulan"), choices=QUARTERS,
                                     coerce=int)
    deadline = forms.DateField(label=gettext_lazy("Batas pelaporan"),
                               widget=forms.DateInput(attrs={"type": "date"},
                                                      format="%Y-%m-%d"))

    def clean(self) -> dict:
        data = super().clean()
        year, quarter, deadline = data.get("year"), data.get("quarter"), data.get("deadline")
        if year and quarter and deadline:
            end = calendar.quarter(year, quarter).end
            if deadline < end:
                self.add_error("deadline", _("Batas pelaporan tidak boleh sebelum triwulan "
                                             "berakhir (%(end)s).")
                               % {"end": formats.date_format(end, "DATE_FORMAT")})
        return data


class ImportForm(PortalForm):
    file = forms.FileField(label=gettext_lazy("Berkas XLSX"),
                           help_text=gettext_lazy("Gunakan templat yang dapat diunduh di "
                                                  "halaman ini."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, (XLSX,))
        return upload
