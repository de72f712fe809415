"""Forms of the council register. They validate input; dewan.council.services does the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dewan.core.forms import PortalModelForm
from dewan.core.uploads import DECREE_KINDS, check_upload
from dewan.core.widgets import DateInput, inline_form_helper

from .access import Access
from .letterhead import check_emblem, document_number
from .models import Agency, CouncilMember, Decree, Regency


class DecreeForm(PortalModelForm):
    """A decree with its scanned PDF (required when the decree is first registered)."""

    copy_members = forms.BooleanField(
        label=_("Salin anggota dari SK yang diganti"), required=False,
        help_text=_("Untuk SK perubahan: anggota SK lama disalin, lalu dapat disesuaikan."))

    class Meta:
        model = Decree
        fields = ["number", "year", "date_signed", "valid_until", "title", "kind",
                  "supersedes", "scan"]
        widgets = {"date_signed": DateInput(), "valid_until": DateInput(),
                   "scan": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}
        help_texts = {"number": _("Contoh: 66"), "valid_until": _("Kosongkan bila tidak ada.")}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()
        others = Decree.objects.for_access(access)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            del self.fields["copy_members"]
        self.fields["supersedes"].queryset = others
        self.fields["scan"].required = not self.instance.pk
        self.fields["scan"].help_text = _("Pindaian SK dalam PDF, maksimal 10 MB.")

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan and hasattr(scan, "content_type"):  # a new upload, not the stored file
            check_upload(scan, DECREE_KINDS)
        return scan

    def new_scan(self):
        """The uploaded file if one came with this request, else None."""
        scan = self.cleaned_data.get("scan")
        return scan if scan and hasattr(scan, "content_type") else None


class MemberForm(PortalModelForm):
    class Meta:
        model = CouncilMember
        fields = ["name", "position", "nip", "agency", "council_role", "email", "active_from",
                  "active_until", "order"]
        widgets = {"active_from": DateInput(), "active_until": DateInput()}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()
        self.fields["agency"].queryset = Agency.objects.for_access(access)
        self.fields["agency"].label_from_instance = (
            lambda agency: f"{agency.name} ({agency.get_kind_display()})")

    def clean(self):
        data = super().clean()
        start, end = data.get("active_from"), data.get("active_until")
        if start and end and end < start:
            self.add_error("active_until", _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
        return data


class DocumentSettingsForm(PortalModelForm):
    """The letterhead, emblem, numbering and signatory of the regency's official documents."""

    class Meta:
        model = Regency
        fields = ["letterhead_government", "letterhead_unit", "letterhead_address",
                  "signing_place", "emblem",
                  "report_number_pattern", "minutes_number_pattern", "report_signatory"]
        widgets = {"emblem": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inline_form_helper()

    def clean_emblem(self):
        emblem = self.cleaned_data.get("emblem")
        if emblem and hasattr(emblem, "content_type"):  # a new upload, not the stored file
            check_emblem(emblem)
        return emblem

    def clean_report_number_pattern(self):
        return _checked_pattern(self.cleaned_data["report_number_pattern"])

    def clean_minutes_number_pattern(self):
        return _checked_pattern(self.cleaned_data["minutes_number_pattern"])


def _checked_pattern(pattern: str) -> str:
    """A numbering pattern must format with the known fields and contain the sequence."""
    pattern = pattern.strip()
    if "{seq" not in pattern or "{year" not in pattern:
        raise forms.ValidationError(_("Pola nomor harus memuat {seq} (nomor urut) dan {year} "
                                      "(tahun), agar tiap nomor hanya dipakai sekali."))
    try:
        sample = document_number(pattern, seq=7, year=2026, slug="contoh")
    except ValueError:
        raise forms.ValidationError(
            _("Pola nomor tidak dapat dipakai. Isian yang dikenal: {seq}, {seq:03d}, {year}, "
              "{slug}.")) from None
    if len(sample) > 60:
        raise forms.ValidationError(_("Nomor yang dihasilkan terlalu panjang (lebih dari 60 "
                                      "karakter)."))
    return pattern
