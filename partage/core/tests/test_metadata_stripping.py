"""Attachments of anonymous contributions lose the metadata that can name their author: read back
after storing, an image has no EXIF/XMP/ICC/comment and a PDF no /Info nor XMP (issue 16)."""

import io
import os

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from partage.core.anonymity import release_slot
from partage.core.uploads import save_anonymous_attachment, strip_metadata, validate_attachment

pytestmark = pytest.mark.django_db


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Jeanne Dupont"  # Artist
    exif[0x0110] = "Téléphone de Jeanne"  # Model
    exif[0x0112] = 6  # Orientation: rotated, to check the picture keeps its orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), icc_profile=b"\0" * 128, comment=b"Jeanne Dupont")
    return out.getvalue()


def test_a_jpeg_read_back_has_no_exif_icc_nor_comment_and_keeps_its_orientation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    data = _jpeg_with_exif()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif()[0x013B] == "Jeanne Dupont" and "icc_profile" in original.info
    upload = SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg")
    validate_attachment(upload)
    name = save_anonymous_attachment(upload, "ideas/photo.jpg")
    with default_storage.open(name, "rb") as stored:
        stored_bytes = stored.read()
    assert b"Jeanne" not in stored_bytes
    with Image.open(io.BytesIO(stored_bytes)) as image:
        assert not image.getexif()
        assert "icc_profile" not in image.info and "comment" not in image.info and "exif" not in image.info
        assert image.size == (30, 40), "the camera's orientation is applied to the pixels"
    # The file's dates are the release slot's, not the minute it was written.
    assert os.stat(default_storage.path(name)).st_mtime == release_slot().timestamp()


def test_a_png_loses_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jeanne Dupont")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>Jeanne Dupont</x:xmpmeta>")
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    stripped = strip_metadata(SimpleUploadedFile("schema.png", out.getvalue()))
    assert b"Jeanne" not in stripped
    with Image.open(io.BytesIO(stripped)) as image:
        assert image.mode == "RGBA" and image.getpixel((1, 1)) == (0, 0, 255, 128) and not image.text


def test_a_pdf_read_back_has_no_info_dictionary_nor_xmp():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = ["Jeanne Dupont"]
    pdf.docinfo["/Author"] = "Jeanne Dupont"
    pdf.docinfo["/Producer"] = "Traitement de texte de Jeanne"
    out = io.BytesIO()
    pdf.save(out)
    assert b"Jeanne" in out.getvalue()
    stripped = strip_metadata(SimpleUploadedFile("note.pdf", out.getvalue()))
    assert b"Jeanne" not in stripped
    with pikepdf.open(io.BytesIO(stripped)) as read_back:
        assert "/Info" not in read_back.trailer and "/Metadata" not in read_back.Root
        assert len(read_back.pages) == 1
