"""Forms of programs, indicators, progress reports, verification, periods and the import.

Forms validate input and show Indonesian messages; the writes are done by `services`.
Every edit form carries the row's `version`, read when the form was opened, so that the
service can refuse a save that would overwrite someone else's.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dewan.access import Access
from dewan.choices import Perm
from dewan.models import Agency
from dewan.uploads import EVIDENCE_KINDS, XLSX, check_upload

from .choices import QUARTERS, ReportStatus
from .models import Dimension, Element, EvidenceFile, Program, ProgressReport
from .services import IndicatorData, ReportData, report_rule_errors

YEAR_MIN, YEAR_MAX = 2000, 2100


def _year_field(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=YEAR_MIN, max_value=YEAR_MAX)


_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")


class RupiahField(forms.IntegerField):
    """Whole rupiah, typed as people type it: '1250000', '1.250.000' or 'Rp 1.250.000'."""

    def to_python(self, value):
        text = str(value or "").strip()
        text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE).replace(" ", "")
        if _GROUPED.match(text):
            text = text.replace(".", "").replace(",", "")
        return super().to_python(text)


def _rupiah_field(label, required=True) -> forms.IntegerField:
    return RupiahField(
        label=label, min_value=0, required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "text-end"}),
        error_messages={"invalid": gettext_lazy("Tulis jumlah rupiah sebagai angka bulat, "
                                                "misalnya 1.250.000."),
                        "min_value": gettext_lazy("Jumlah rupiah tidak boleh negatif.")},
    )


class VersionField(forms.IntegerField):
    """The version of the row as it was when the form was opened (empty for a new row)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)


def agencies_editable_by(access: Access):
    agencies = Agency.objects.for_access(access).order_by("name")
    if access.can(Perm.EDIT_ANY_PROGRAM):
        return agencies
    return agencies.filter(pk__in=access.agency_ids)


# --- programs -------------------------------------------------------------------------------

class ProgramForm(forms.ModelForm):
    """A program's own fields; its indicators and targets have a form of their own."""

    version = VersionField()
    start_year = _year_field(gettext_lazy("Tahun mulai"))
    end_year = _year_field(gettext_lazy("Tahun selesai"))
    planned_budget = _rupiah_field(gettext_lazy("Pagu anggaran (Rp)"))

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
        taken = Program.objects.filter(regency=self.access.regency, code__iexact=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Kode program ini sudah dipakai di daerah ini."))
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


class IndicatorForm(forms.Form):
    """One indicator with a target for every year of the program."""

    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=gettext_lazy("Indikator"), max_length=200, required=False)
    unit = forms.CharField(label=gettext_lazy("Satuan"), max_length=40, required=False)
    baseline = forms.DecimalField(label=gettext_lazy("Nilai dasar"), max_digits=14,
                                  decimal_places=2, required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=_("Target %(year)s") % {"year": year}, max_digits=14, decimal_places=2,
                required=False)

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


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, can_delete=True,
                                         max_num=30, validate_max=True)


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


class ReportForm(forms.Form):
    """The OPD's quarterly progress report of one program."""

    version = VersionField()
    physical_progress = forms.DecimalField(
        label=gettext_lazy("Progres fisik (%)"), min_value=0, max_value=100, max_digits=5,
        decimal_places=2, widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 100}),
        error_messages={"max_value": gettext_lazy("Progres fisik paling tinggi 100 persen."),
                        "invalid": gettext_lazy("Tulis progres fisik sebagai angka 0 sampai "
                                                "100, misalnya 45.5."),
                        "min_value": gettext_lazy("Progres fisik tidak boleh negatif.")},
    )
    progress_decrease_reason = forms.CharField(
        label=gettext_lazy("Alasan progres turun"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Wajib bila progres lebih rendah dari triwulan sebelumnya."))
    budget_realised = _rupiah_field(gettext_lazy("Realisasi anggaran kumulatif (Rp)"))
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
            self.fields[f"indicator_{indicator.pk}"] = forms.DecimalField(
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


class ReviewForm(forms.Form):
    """The secretariat's decision on a submitted report."""

    version = VersionField()
    comment = forms.CharField(label=gettext_lazy("Catatan untuk OPD"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


# --- periods and import ---------------------------------------------------------------------

class PeriodForm(forms.Form):
    year = _year_field(gettext_lazy("Tahun"))
    quarter = forms.TypedChoiceField(label=gettext_lazy("Triwulan"), choices=QUARTERS,
                                     coerce=int)
    deadline = forms.DateField(label=gettext_lazy("Batas pelaporan"),
                               widget=forms.DateInput(attrs={"type": "date"},
                                                      format="%Y-%m-%d"))

    def clean(self) -> dict:
        from .models import quarter_end

        data = super().clean()
        year, quarter, deadline = data.get("year"), data.get("quarter"), data.get("deadline")
        if year and quarter and deadline and deadline < quarter_end(year, quarter):
            self.add_error("deadline", _("Batas pelaporan tidak boleh sebelum triwulan "
                                         "berakhir (%(end)s).")
                           % {"end": quarter_end(year, quarter).strftime("%d/%m/%Y")})
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas XLSX"),
                           help_text=gettext_lazy("Gunakan templat yang dapat diunduh di "
                                                  "halaman ini."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, (XLSX,))
        return upload
