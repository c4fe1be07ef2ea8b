"""The one check of uploaded attachments (idea box, survey answers): an image or a PDF of 5 MB at
most, whose first bytes match its extension, so a renamed executable is refused whatever it claims."""

from django import forms
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
