"""Forms of the meetings pages. They validate input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dewan.core.forms import PortalForm, PortalModelForm
from dewan.core.uploads import ATTACHMENT_KINDS, check_upload
from dewan.core.widgets import DateInput, inline_form_helper
from dewan.council.access import Access
from dewan.council.models import Agency, CouncilMember
from programs.models import Program

from .choices import AttendanceStatus, MeetingKind, MeetingMode, MeetingStatus
from .models import FollowUp, Meeting, Minutes

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker; values are read in the active (the regency's) time zone."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_INPUT, **kwargs)


class MeetingForm(PortalModelForm):
    """Create or edit a meeting; start and end are in the regency's own time zone."""

    online_link = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https",
                                 max_length=200)

    class Meta:
        model = Meeting
        fields = ["kind", "title", "start", "end", "place", "mode", "online_link", "chair",
                  "chair_name", "status"]
        widgets = {"start": LocalDateTimeInput(), "end": LocalDateTimeInput()}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()
        for name in ("start", "end"):
            self.fields[name].input_formats = [DATETIME_INPUT, "%Y-%m-%d %H:%M"]
        self.fields["chair"].queryset = CouncilMember.objects.for_access(
            access).select_related("decree").order_by("order", "name")
        self.fields["start"].help_text = _("Waktu setempat (%(zone)s).") % {
            "zone": access.regency.get_time_zone_display()}

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
        if (data.get("status") == MeetingStatus.HELD and start
                and start > timezone.now()):
            self.add_error("status", _("Rapat yang belum dimulai tidak dapat dicatat "
                                       "“terlaksana”."))
        return data


class MeetingFilterForm(PortalForm):
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


class AgendaItemForm(PortalForm):
    title = forms.CharField(label=_("Acara"), max_length=300)
    presenter = forms.CharField(label=_("Penyaji"), max_length=150, required=False)


class GuestForm(PortalForm):
    """An outside guest without an account (e.g. a ministry expert joining online)."""

    name = forms.CharField(label=_("Nama"), max_length=150)
    organisation = forms.CharField(label=_("Instansi"), max_length=200, required=False)
    position = forms.CharField(label=_("Jabatan"), max_length=200, required=False)
    # A guest attends in person or not; "represented" names a member's stand-in.
    status = forms.ChoiceField(label=_("Kehadiran"), initial=AttendanceStatus.ONLINE,
                               choices=[c for c in AttendanceStatus.choices
                                        if c[0] != AttendanceStatus.REPRESENTED])
    is_resource_person = forms.BooleanField(label=_("Narasumber"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()


FORMATTING_HELP = _(
    "Ketik seperti biasa: setiap baris baru tetap menjadi baris baru. Daftar: awali baris "
    "dengan “- ” (butir) atau “1. ” (bernomor). **tebal** dan *miring* juga bisa. "
    "HTML tidak diizinkan dan akan dibuang.")


class MinutesForm(PortalModelForm):
    class Meta:
        model = Minutes
        fields = ["discussion", "decisions", "taker_name", "taker_nip"]
        labels = {"discussion": _("Pembahasan"), "decisions": _("Kesimpulan dan keputusan"),
                  "taker_name": _("Notulis (nama dan gelar)"), "taker_nip": _("NIP notulis")}
        widgets = {"discussion": forms.Textarea(attrs={"rows": 12}),
                   "decisions": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"discussion": FORMATTING_HELP, "decisions": FORMATTING_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()


class FollowUpForm(PortalModelForm):
    class Meta:
        model = FollowUp
        fields = ["description", "agency", "due_date", "program"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}

    def __init__(self, *args, access: Access, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()
        self.meeting_day = timezone.localtime(meeting.start, meeting.regency.tzinfo).date()
        self.fields["agency"].queryset = Agency.objects.for_access(access)
        self.fields["program"].queryset = Program.objects.for_access(access).order_by("code")
        self.fields["due_date"].widget.attrs["min"] = self.meeting_day.isoformat()
        self.fields["due_date"].help_text = _("Pada atau setelah tanggal rapat (%(date)s).") % {
            "date": date_format(self.meeting_day, "DATE_FORMAT")}

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < self.meeting_day:
            raise forms.ValidationError(_("Batas waktu tidak boleh sebelum tanggal rapat "
                                          "(%(date)s).")
                                        % {"date": date_format(self.meeting_day, "DATE_FORMAT")})
        return due


class FollowUpNoteForm(PortalForm):
    """A dated progress note of the agency, with an optional attachment; it may propose the
    follow-up done (the secretariat confirms)."""

    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    text = forms.CharField(label=_("Catatan perkembangan"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label=_("Lampiran (bukti)"), required=False,
        help_text=_("PDF, JPG, PNG, XLSX, DOCX atau PPTX; maksimal 10 MB."))
    propose_done = forms.BooleanField(
        label=_("Usulkan selesai (sekretariat akan memeriksa dan mengonfirmasi)"),
        required=False, help_text=_("Perlu bukti terlampir, pada catatan ini atau "
                                    "sebelumnya."))

    def __init__(self, *args, today, can_propose: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()
        self.today, self.kind = today, None
        if not can_propose:  # the secretariat decides instead (FollowUpReviewForm)
            del self.fields["propose_done"]
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > self.today:
            raise forms.ValidationError(_("Tanggal perkembangan tidak boleh di masa depan."))
        return date

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.kind = check_upload(upload, ATTACHMENT_KINDS)
        return upload


class FollowUpReviewForm(PortalForm):
    """The secretariat's decision on a follow-up, with a comment."""

    CONFIRM, REOPEN, CANCEL = "konfirmasi", "buka", "batal"

    decision = forms.ChoiceField(label=_("Keputusan"), choices=[
        (CONFIRM, _("Konfirmasi selesai")), (REOPEN, _("Buka kembali")),
        (CANCEL, _("Batalkan tindak lanjut"))])
    comment = forms.CharField(label=_("Catatan untuk OPD"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Wajib untuk membuka kembali atau membatalkan."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()


class MinutesCommentForm(PortalForm):
    text = forms.CharField(label=_("Komentar Anda"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Hanya sekretariat dan peserta rapat yang membaca "
                                       "komentar ini."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()


class CommentResolveForm(PortalForm):
    note = forms.CharField(label=_("Tindak lanjut komentar"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Misalnya: teks notulen diperbaiki, atau alasan tidak "
                                       "diubah."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()


class AttachmentForm(PortalForm):
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


class AttendanceSheetForm(PortalForm):
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
