"""Merging PDF parts and stamping what every page carries, once the page total is known.

The running heads (the document's title and regency at the top, "Halaman X dari Y" at the
bottom) are drawn into each page's content stream with the standard PDF fonts, so a merged
document reads as if it had been rendered whole.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class RunningHeads:
    """What every page carries, stamped after merging (positions as in the report's CSS)."""

    title: str
    regency: str
    margin_top_mm: float = 22
    margin_left_mm: float = 18
    margin_right_mm: float = 16
    margin_bottom_mm: float = 20


def merge_and_stamp(parts: list[bytes], heads: RunningHeads) -> tuple[bytes, int]:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    writer = PdfWriter()
    for part in parts:
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    regular = writer._add_object(_font("/Helvetica"))
    bold = writer._add_object(_font("/Helvetica-Bold"))
    save = writer._add_object(_stream(b"q\n"))
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
        fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
        fonts[NameObject("/DSCHeadR")] = regular
        fonts[NameObject("/DSCHeadB")] = bold
        box = page.mediabox
        stamp = writer._add_object(_stream(_heads_operators(
            heads, number, total, float(box.width), float(box.height),
            float(box.left), float(box.bottom))))
        contents = page.get("/Contents")
        existing = contents.get_object() if contents is not None else None
        if existing is None:
            old = []
        elif isinstance(existing, ArrayObject):
            old = list(existing)
        else:
            old = [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *old, stamp])
    writer.add_metadata({"/Title": f"{heads.title} — {heads.regency}",
                         "/Producer": "Portal Dewan Smart City (WeasyPrint, pypdf)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


def _font(base: str):
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject(base),
                             NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})


def _stream(data: bytes):
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


MM = 72 / 25.4
GREY = b"0.333 0.333 0.333"
BLUE = b"0.043 0.239 0.420"


def _heads_operators(heads: RunningHeads, number: int, total: int, width: float,
                     height: float, left: float = 0, bottom: float = 0) -> bytes:
    """PDF operators that draw the heads of one page (after a `q`: we restore with `Q`)."""
    x0 = left + heads.margin_left_mm * MM
    x1 = left + width - heads.margin_right_mm * MM
    rule_y = bottom + height - heads.margin_top_mm * MM
    text_y = rule_y + 2 * MM + 2
    foot_y = bottom + heads.margin_bottom_mm * MM / 2 - 3
    footer = f"Halaman {number} dari {total}"
    size = 8
    regency_x = x1 - _text_width(heads.regency, bold=True) * size
    footer_x = left + (width - _text_width(footer) * size) / 2
    return b"\n".join([
        b"Q q",
        b"%s RG 0.5 w %.2f %.2f m %.2f %.2f l S" % (b"0.6 0.6 0.6", x0, rule_y, x1, rule_y),
        b"BT /DSCHeadR %d Tf %s rg %.2f %.2f Td %s Tj ET" % (size, GREY, x0, text_y,
                                                            _pdf_string(heads.title)),
        b"BT /DSCHeadB %d Tf %s rg %.2f %.2f Td %s Tj ET" % (size, BLUE, regency_x, text_y,
                                                            _pdf_string(heads.regency)),
        b"BT /DSCHeadR %d Tf %s rg %.2f %.2f Td %s Tj ET" % (size, GREY, footer_x, foot_y,
                                                            _pdf_string(footer)),
        b"Q",
    ])


def _winansi(text: str) -> bytes:
    """The text in the fonts' WinAnsi encoding; a letter outside it loses its accent, or
    becomes "?"."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1252"))
        except UnicodeEncodeError:
            plain = "".join(c for c in unicodedata.normalize("NFKD", ch)
                            if not unicodedata.combining(c))
            out.append(plain.encode("cp1252", errors="replace") or b"?")
    return b"".join(out)


def _pdf_string(text: str) -> bytes:
    data = _winansi(text)
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _text_width(text: str, *, bold: bool = False) -> float:
    """Width in em of the text in Helvetica (the core font metrics pypdf ships)."""
    widths = _metrics("Helvetica-Bold" if bold else "Helvetica")
    encoded = _winansi(text).decode("cp1252")
    return sum(widths.get(ch, widths.get("default", 556)) for ch in encoded) / 1000


_METRICS: dict[str, dict] = {}


def _metrics(name: str) -> dict:
    if name not in _METRICS:
        try:
            from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

            _METRICS[name] = dict(CORE_FONT_METRICS[name].character_widths)
        except (ImportError, KeyError, AttributeError):  # pragma: no cover - pypdf internals
            _METRICS[name] = {"default": 556}
    return _METRICS[name]
