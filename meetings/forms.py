"""Forms of the meetings pages. They validate input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dewan.models import Agency, CouncilMember, Regency
from dewan.uploads import ATTACHMENT_KINDS, check_upload
from dewan.widgets import DateInput, inline_form_helper
from programs.models import Program

from .choices import AttendanceStatus, FollowUpStatus, MeetingKind, MeetingMode
from .models import FollowUp, Meeting, Minutes

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker; values are read in the active (the regency's) time zone."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_INPUT, **kwargs)


class MeetingForm(forms.ModelForm):
    """Create or edit a meeting; start and end are in the regency's own time zone."""

    online_link = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https",
                                 max_length=200)

    class Meta:
        model = Meeting
        fields = ["kind", "title", "start", "end", "place", "mode", "online_link", "chair",
                  "chair_name", "status"]
        widgets = {"start": LocalDateTimeInput(), "end": LocalDateTimeInput()}

    def __init__(self, *args, regency: Regency, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()
        for name in ("start", "end"):
            self.fields[name].input_formats = [DATETIME_INPUT, "%Y-%m-%d %H:%M"]
        self.fields["chair"].queryset = CouncilMember.objects.filter(
            regency=regency).select_related("decree").order_by("order", "name")
        self.fields["start"].help_text = _("Waktu setempat (%(zone)s).") % {
            "zone": regency.get_time_zone_display()}

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("Waktu selesai harus setelah waktu mulai."))
        if data.get("mode") in (MeetingMode.ONLINE, MeetingMode.HYBRID) and not data.get(
                "online_link"):
            self.add_error("online_link", _("Rapat daring atau hybrid memerlukan tautan daring."))
        if data.get("mode") == MeetingMode.IN_PERSON and not data.get("place"):
            self.add_error("place", _("Rapat luring memerlukan tempat."))
        return data


class MeetingFilterForm(forms.Form):
    """Filters of the meeting list (all optional)."""

    kind = forms.ChoiceField(label=_("Jenis"), required=False,
                             choices=[("", _("Semua jenis"))] + MeetingKind.choices)
    year = forms.TypedChoiceField(label=_("Tahun"), required=False, coerce=int,
                                  empty_value=None)
    mode = forms.ChoiceField(label=_("Moda"), required=False,
                             choices=[("", _("Semua moda"))] + MeetingMode.choices)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Semua tahun"))] + [(y, y) for y in years]


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Acara"), max_length=300)
    presenter = forms.CharField(label=_("Penyaji"), max_length=150, required=False)


class GuestForm(forms.Form):
    """An outside guest without an account (e.g. a ministry expert joining online)."""

    name = forms.CharField(label=_("Nama"), max_length=150)
    organisation = forms.CharField(label=_("Instansi"), max_length=200, required=False)
    position = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Kehadiran"), choices=AttendanceStatus.choices,
                               initial=AttendanceStatus.ONLINE)
    is_resource_person = forms.BooleanField(label=_("Narasumber"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["discussion", "decisions"]
        widgets = {"discussion": forms.Textarea(attrs={"rows": 12}),
                   "decisions": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "discussion": _("Format Markdown: **tebal**, *miring*, daftar dengan tanda - . "
                            "HTML tidak diizinkan dan akan dibuang."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["description", "agency", "due_date", "program"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}

    def __init__(self, *args, regency: Regency, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()
        self.fields["agency"].queryset = Agency.objects.filter(regency=regency)
        self.fields["program"].queryset = Program.objects.filter(regency=regency).order_by(
            "code")


class FollowUpProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    progress_note = forms.CharField(label=_("Catatan perkembangan"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Berkas"),
                           help_text=_("PDF, JPG, PNG, XLSX, DOCX atau PPTX; maksimal 10 MB."))
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()
        self.kind = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.kind = check_upload(upload, ATTACHMENT_KINDS)
        return upload


class AttendanceSheetForm(forms.Form):
    """The whole attendance list at once: a status and, if represented, who represented."""

    def __init__(self, *args, rows: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"status_{row.pk}"] = forms.ChoiceField(
                label=row.name, choices=AttendanceStatus.choices, initial=row.status)
            self.fields[f"rep_{row.pk}"] = forms.CharField(
                label=_("Diwakili oleh"), max_length=150, required=False,
                initial=row.represented_by)

    def clean(self):
        data = super().clean()
        for row in self.rows:
            if (data.get(f"status_{row.pk}") == AttendanceStatus.REPRESENTED
                    and not (data.get(f"rep_{row.pk}") or "").strip()):
                self.add_error(f"rep_{row.pk}",
                               _("%(name)s diwakili: isi nama yang mewakili.") % {"name": row.name})
        return data

    def lines(self):
        """(row, status field, representative field) for the template."""
        return [(row, self[f"status_{row.pk}"], self[f"rep_{row.pk}"]) for row in self.rows]

    def marks(self):
        from .services import AttendanceMark

        return [AttendanceMark(row.pk, self.cleaned_data[f"status_{row.pk}"],
                               self.cleaned_data.get(f"rep_{row.pk}", "")) for row in self.rows]
