"""The regency's letterhead (*kop surat*) on its official documents: evaluation reports,
minutes and the council's composition.

Three lines — the government, the secretariat's unit, the address — and the emblem. Lines the
secretariat left empty fall back to the regency's name and "DEWAN SMART CITY". The emblem is
read from the file storage (local disk or S3) and handed to the PDF renderer as a data URI:
the renderer loads nothing but the project's static files and such inline images
(dewan/documents/render.py).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Regency

logger = logging.getLogger(__name__)

EMBLEM_MAX_BYTES = 1024 * 1024
EMBLEM_MAX_PIXELS = 4000


@dataclass(frozen=True)
class Letterhead:
    government: str
    unit: str
    address: str
    emblem_uri: str  # data:image/...;base64,... or ""


def letterhead_of(regency: Regency) -> Letterhead:
    government = regency.letterhead_government or _("PEMERINTAH %(name)s") % {
        "name": regency.display_name.upper()}
    return Letterhead(government=government,
                      unit=regency.letterhead_unit or _("DEWAN SMART CITY"),
                      address=regency.letterhead_address or regency.province,
                      emblem_uri=_emblem_uri(regency))


def _emblem_uri(regency: Regency) -> str:
    if not regency.emblem:
        return ""
    try:
        with regency.emblem.open("rb") as handle:
            data = handle.read(EMBLEM_MAX_BYTES + 1)
    except OSError:
        # A document without the emblem beats no document; the settings page shows it missing.
        logger.warning("emblem of %s could not be read from storage", regency.slug)
        return ""
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def document_number(pattern: str, *, seq: int, year: int, slug: str) -> str:
    """A document's number in the regency's pattern ("050/{seq:03d}/DSC/{year}"); ValueError
    when the pattern cannot be filled with the known fields."""
    try:
        return pattern.format(seq=seq, year=year, slug=slug)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise ValueError(pattern) from exc


def check_emblem(upload) -> None:
    """An emblem must be a real PNG or JPEG image of sensible size (ValidationError)."""
    from django.core.exceptions import ValidationError
    from PIL import Image, UnidentifiedImageError

    from dewan.core.uploads import JPEG, PNG, check_upload

    check_upload(upload, (PNG, JPEG), max_bytes=EMBLEM_MAX_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        raise ValidationError(_("Berkas “%(name)s” bukan gambar PNG/JPG yang utuh.")
                              % {"name": upload.name}, code="bad_image") from None
    finally:
        upload.seek(0)
    if max(width, height) > EMBLEM_MAX_PIXELS or min(width, height) < 16:
        raise ValidationError(
            _("Ukuran lambang %(w)s × %(h)s piksel; gunakan gambar antara 16 dan %(max)s "
              "piksel per sisi.") % {"w": width, "h": height, "max": EMBLEM_MAX_PIXELS},
            code="bad_size")
