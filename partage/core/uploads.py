"""The one check of uploaded attachments (idea box, survey answers): an image or a PDF of 5 MB at
most, whose first bytes match its extension, so a renamed executable is refused whatever it claims."""

import io
import os

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_SIZE = 5 * 1024 * 1024
# Extension -> the signatures a file of that type starts with.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}


def validate_attachment(upload) -> None:
    """Image or PDF, 5 MB at most: the extension AND the first bytes must say so."""
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise forms.ValidationError(
            _("Le fichier pèse %(size)s Mo : 5 Mo au plus. Réduisez-le ou joignez-en un extrait."),
            params={"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
            code="too_big",
        )
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in SIGNATURES:
        raise forms.ValidationError(
            _("Seules les images (JPEG, PNG, GIF, WebP) et les documents PDF sont acceptés."), code="type"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    ok = any(head.startswith(signature) for signature in SIGNATURES[extension])
    if extension == "webp":
        ok = ok and head[8:12] == b"WEBP"
    if not ok:
        raise forms.ValidationError(
            _(
                "Le contenu du fichier ne correspond pas à son extension « .%(ext)s » : "
                "joignez une vraie image ou un PDF."
            ),
            params={"ext": extension},
            code="signature",
        )


# --- metadata of anonymous attachments -------------------------------------------------------------
# A photo's EXIF (camera serial, GPS, date taken) or a PDF's /Info and XMP (author, software,
# creation date) can name who wrote an anonymous idea or answer: they are removed before the file
# is stored. Only the pixels, or the pages, are kept.


def _strip_image(data: bytes, extension: str) -> bytes:
    from PIL import Image, ImageOps, ImageSequence

    fmt = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}[extension]
    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        if getattr(image, "n_frames", 1) > 1:
            # Animated GIF or WebP: rebuilt frame by frame from the pixels only.
            frames = [_pixels_only(frame.copy()) for frame in ImageSequence.Iterator(image)]
            frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:])
            return out.getvalue()
        # Keep the orientation the camera gave, then keep nothing but the pixels: a new image made
        # from the raw bytes carries no EXIF, XMP, ICC profile, comment nor text chunk.
        clean = _pixels_only(ImageOps.exif_transpose(image))
    clean.save(out, format=fmt, **({"quality": 92} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def _pixels_only(image):
    from PIL import Image

    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P" and image.getpalette():
        clean.putpalette(image.getpalette())
    return clean


def _strip_pdf(data: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/Metadata" in pdf.Root:
            del pdf.Root["/Metadata"]
        for page in pdf.pages:
            if "/Metadata" in page.obj:
                del page.obj["/Metadata"]
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        pdf.remove_unreferenced_resources()
        out = io.BytesIO()
        # No new /Info or XMP from pikepdf itself, and a fixed document ID (the ID hashes the time).
        pdf.save(out, fix_metadata_version=False, deterministic_id=True)
        return out.getvalue()


def strip_metadata(upload) -> bytes:
    """The bytes of a validated attachment without EXIF/XMP/ICC/comments (images) or /Info/XMP (PDF)."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    extension = upload.name.rsplit(".", 1)[-1].lower()
    if extension == "pdf":
        return _strip_pdf(data)
    return _strip_image(data, extension)


def save_anonymous_attachment(upload, name: str) -> str:
    """Store an anonymous contribution's attachment: metadata stripped, file dates set to the release
    slot (a file's modification time would otherwise tell when it was written). Returns its name."""
    from .anonymity import release_slot

    stored = default_storage.save(name, ContentFile(strip_metadata(upload)))
    try:
        path = default_storage.path(stored)
    except NotImplementedError:  # remote storage: no file dates of ours to set
        return stored
    if not os.path.exists(path):  # in-memory storage (tests)
        return stored
    stamp = release_slot().timestamp()
    os.utime(path, (stamp, stamp))
    return stored


def stripped_upload(upload):
    """The same upload (name, type) with its metadata stripped, for forms that save it themselves."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(upload.name, strip_metadata(upload), content_type=getattr(upload, "content_type", None))
