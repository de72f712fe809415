"""What every form of the portal checks before its own rules, so that no input reaches a
service, a calendar file, an e-mail header or the database in a form they cannot take.

Every form class of the project mixes in `PortalFormMixin` (a test enumerates them):

* one-line text fields refuse line breaks and control characters (they end up in calendar
  files, e-mail headers, spreadsheet cells and PDF titles); multi-line fields keep line breaks
  and tabs but refuse other control characters;
* dates and date-times must fall between 1900 and 2100, so that time-zone and deadline
  arithmetic never overflows and no year-1 or year-9999 typo is stored;
* whole numbers and decimals without a declared range are bounded by what the database
  column can hold.

Numbers are typed the way people write them (`DecimalField`, `PercentField`, `RupiahField`
and their text box `DecimalInput`, which opens the phone's number keyboard). Reading does not
depend on the language, since people switch languages and keep their habits; only what is
shown does (Indonesian: 80,5 and 1.250.000; English: 80.5 and 1,250,000):

* a decimal or a percentage: ``80,5`` and ``80.5`` are the same; with both marks the last
  one is the decimal point (``1.250,75``, ``1,250.75``); one mark repeated groups thousands
  (``1.250.000``, ``1,250,000``). A single mark followed by exactly three digits
  (``1.250``, ``12,500``) could be either and is refused with a message that shows both
  readings (``1250`` or ``1,25``); ``0,125`` is not ambiguous. A percentage may end with
  "%";
* rupiah are whole: ``1250000``, ``1.250.000``, ``1,250,000`` and ``Rp 1.250.000`` are the
  same amount (a mark followed by three digits always groups thousands); a ``,00``/``.00``
  or ``,-`` ending is allowed, other cents are refused;
* no spaces inside a number, no other digits than 0-9, no exponents, no NaN.

Saved values are shown back the way the pages write them in the active language: rupiah
grouped (``259.200.000``), decimals without trailing zeros and without grouping (``64``,
``80,5``, ``1250,75``), so that what a box shows reads back as the same number.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls, DEL, Unicode line/paragraph separators and the bidirectional
# overrides and isolates (used to disguise file names and text direction).
_ONE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
DATE_MIN, DATE_MAX = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
# What a PostgreSQL bigint holds; fields that need less declare their own range.
BIGINT_MAX = 9_223_372_036_854_775_807


def one_line(value: str) -> None:
    if isinstance(value, str) and _ONE_LINE_FORBIDDEN.search(value):
        raise ValidationError(
            _("Isian ini hanya satu baris: hapus baris baru, tab atau karakter kendali."),
            code="control_characters")


def multi_line(value: str) -> None:
    if isinstance(value, str) and _MULTI_LINE_FORBIDDEN.search(value):
        raise ValidationError(_("Teks memuat karakter kendali yang tidak dapat disimpan."),
                              code="control_characters")


def plausible_date(value) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(day, datetime.date) and not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            _("Tanggal harus antara %(min)s dan %(max)s.")
            % {"min": DATE_MIN.year, "max": DATE_MAX.year}, code="implausible_date")


class PortalFormMixin:
    """Guards every field of the form by its type (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            guard_field(field)

    def full_clean(self) -> None:
        """A hidden field the user never saw (a row's version, a token) that fails is told
        as a form error: the page is stale or was altered."""
        super().full_clean()
        hidden = [name for name, field in self.fields.items()
                  if field.widget.is_hidden and name in self.errors]
        if hidden and not self.non_field_errors():
            self.add_error(None, _("Formulir ini sudah tidak berlaku atau berubah; muat ulang "
                                   "halaman lalu ulangi."))


def guard_field(field: forms.Field) -> None:
    """Add the portal's validators to one field, by its type and widget."""
    if isinstance(field, forms.CharField) and not isinstance(field, forms.FileField):
        multi = isinstance(field.widget, forms.Textarea)
        field.validators.append(multi_line if multi else one_line)
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(plausible_date)
    elif isinstance(field, forms.IntegerField | forms.DecimalField):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(BIGINT_MAX))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-BIGINT_MAX))


class PortalForm(PortalFormMixin, forms.Form):
    """A plain form of the portal."""


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    """A model form of the portal."""


def errors_text(form: forms.BaseForm) -> str:
    """The form's errors as one sentence for a page message ("Nama: wajib diisi. ...")."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)


# --- numbers typed the Indonesian (or English) way -------------------------------------------

_FIRST_GROUP = r"[1-9][0-9]{0,2}"


def decimal_separator() -> str:
    """The active language's decimal separator: "," in Indonesian, "." in English."""
    return formats.get_format("DECIMAL_SEPARATOR")


def _grouped(text: str, mark: str) -> bool:
    """'1.250.000' grouped by '.': a first group of 1-3 digits, then groups of three."""
    return re.fullmatch(rf"{_FIRST_GROUP}(?:{re.escape(mark)}[0-9]{{3}})+", text) is not None


def _whole(text: str, mark: str) -> str | None:
    """The digits of a whole number written plainly or grouped by `mark`, else None."""
    if re.fullmatch(r"[0-9]+", text):
        return text
    return text.replace(mark, "") if _grouped(text, mark) else None


def _sign(text: str) -> tuple[str, str]:
    if text[:1] in ("-", "\u2212"):
        return "-", text[1:]
    return "", text


class NumberProblem(ValidationError):
    """A typed number that cannot be read (code "invalid") or can be read two ways
    ("ambiguous")."""


def parse_decimal(text: str) -> Decimal:
    """A decimal typed in either language's form (rules in the module docstring)."""
    sign, body = _sign(text.strip())
    if not re.fullmatch(r"[0-9.,]+", body):
        raise NumberProblem("invalid", code="invalid")
    marks = [mark for mark in ".," if mark in body]
    whole, fraction = body, ""
    if len(marks) == 2:  # 1.250,75 or 1,250.75: the last mark is the decimal point
        point = max(marks, key=body.rindex)
        whole, _point, fraction = body.rpartition(point)
        whole = _whole(whole, "," if point == "." else ".")
    elif marks and body.count(marks[0]) == 1:  # 80,5 or 80.5, but not 1.250
        whole, _point, fraction = body.partition(marks[0])
        if len(fraction) == 3 and re.fullmatch(_FIRST_GROUP, whole):
            raise NumberProblem("ambiguous", code="ambiguous", params={
                "value": text.strip(), "whole": sign + whole + fraction,
                "fraction": show_decimal(f"{sign}{whole}.{fraction}")})
    elif marks:  # one mark repeated: 1.250.000
        whole = _whole(body, marks[0])
    if whole is None or not re.fullmatch(r"[0-9]*", whole) or not (whole or fraction) \
            or not re.fullmatch(r"[0-9]*", fraction):
        raise NumberProblem("invalid", code="invalid")
    return Decimal(f"{sign}{whole or 0}.{fraction or 0}")


_RUPIAH_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_CENTS = re.compile(r"^(?P<whole>.*?)(?P<point>[.,])(?P<cents>[0-9]{1,2}|-)$")


def parse_rupiah(text: str) -> int:
    """Whole rupiah, grouped by '.' or ',' or not at all, 'Rp' in front allowed."""
    sign, body = _sign(_RUPIAH_PREFIX.sub("", text.strip()))
    ending = _CENTS.match(body)
    cents = ""
    if ending and ending["point"] not in ending["whole"]:  # not '1.250.00'
        body, cents = ending["whole"], ending["cents"]
    digits = _whole(body, ".") or _whole(body, ",")
    if digits is None:
        raise NumberProblem("invalid", code="invalid")
    if cents.strip("0-"):
        raise NumberProblem("cents", code="cents")
    return int(sign + digits)


def show_decimal(value, *, grouping: bool = False) -> str:
    """Decimal('80.50') → '80,5' in Indonesian, '80.5' in English; no trailing zeros.
    Without grouping (as form boxes show it) the text reads back as the same number."""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if grouping:
        return formats.number_format(Decimal(text), force_grouping=True)
    return text.replace(".", decimal_separator())


def show_rupiah(value) -> str:
    """1250000 → '1.250.000' (grouped in the active language)."""
    return formats.number_format(int(value), force_grouping=True)


def by_language(build: Callable[[], str]):
    """A text built when it is shown, in the language then active: help texts and messages
    whose examples must use that language's separators."""
    return lazy(build, str)()


def _examples(*values: str) -> dict[str, str]:
    return {f"e{i}": show_decimal(Decimal(v), grouping=True) for i, v in enumerate(values)}


DECIMAL_HELP = by_language(lambda: gettext("Misalnya %(e0)s atau %(e1)s; tulis 1250, bukan %(e2)s.")
                           % _examples("80.5", "1250.75", "1250"))
PERCENT_HELP = by_language(lambda: gettext("0 sampai 100, misalnya %(e0)s.") % _examples("80.5"))
RUPIAH_HELP = by_language(lambda: gettext("Rupiah utuh, misalnya %(e0)s atau %(rp)s.")
                          % {**_examples("1250000"),
                             "rp": "Rp\u00a0" + show_decimal(1250000, grouping=True)})


class DecimalInput(forms.TextInput):
    """A text box for a number in the active language's form, with the phone's number
    keyboard (`inputmode`); shows a saved value the way the pages write it."""

    def __init__(self, attrs=None, *, rupiah: bool = False):
        self.rupiah = rupiah
        defaults = {"inputmode": "numeric" if rupiah else "decimal", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "" or isinstance(value, str):
            return super().format_value(value)
        return show_rupiah(value) if self.rupiah else show_decimal(value)


def _number_messages(invalid) -> dict:
    return {
        "invalid": invalid,
        "ambiguous": _("“%(value)s” dapat dibaca dua cara: tulis %(whole)s bila maksudnya "
                       "ribuan, atau %(fraction)s bila maksudnya pecahan."),
        "cents": _("Tulis rupiah utuh tanpa sen."),
    }


class DecimalField(forms.DecimalField):
    """A decimal typed as the reader writes it (module docstring); e.g. an indicator value."""

    widget = DecimalInput
    default_help = DECIMAL_HELP
    default_invalid = by_language(lambda: gettext("Tulis angka, misalnya %(e0)s atau %(e1)s.")
                                  % _examples("80.5", "1250.75"))

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", self.default_help)
        messages = _number_messages(self.default_invalid)
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float):
            return Decimal(str(value))
        return self._parse(str(value))

    def _parse(self, text: str):
        try:
            return parse_decimal(self._strip(text))
        except NumberProblem as problem:
            raise ValidationError(self.error_messages[problem.code], code=problem.code,
                                  params=problem.params) from None

    def _strip(self, text: str) -> str:
        return text


class PercentField(DecimalField):
    """A percentage from 0 to 100 (progress); '80,5' and '80,5 %' are the same."""

    default_help = PERCENT_HELP
    default_invalid = by_language(lambda: gettext("Tulis persentase sebagai angka 0 sampai "
                                                  "100, misalnya %(e0)s.") % _examples("80.5"))

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def _strip(self, text: str) -> str:
        return text.strip().removesuffix("%").rstrip()


class RupiahField(forms.IntegerField):
    """Whole rupiah, typed as people type them: '1250000', '1.250.000', 'Rp 1.250.000'."""

    widget = DecimalInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("help_text", RUPIAH_HELP)
        kwargs.setdefault("widget", DecimalInput(rupiah=True))
        messages = _number_messages(by_language(
            lambda: gettext("Tulis jumlah rupiah sebagai angka bulat, misalnya %(e0)s.")
            % _examples("1250000")))
        messages["min_value"] = _("Jumlah rupiah tidak boleh negatif.")
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            return parse_rupiah(str(value))
        except NumberProblem as problem:
            raise ValidationError(self.error_messages[problem.code], code=problem.code) from None
