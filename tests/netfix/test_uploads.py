"""netfix.uploads: every file of the hostile corpus judged by content, and the rules around the checks."""

import io
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db.migrations.serializer import serializer_factory
from PIL import Image

from netfix.uploads import (
    UploadValidator,
    kinds_for_extensions,
    sniff,
    unknown_extensions,
    validate_document_upload,
    validate_image_upload,
)
from tests.hostile import HOSTILE_FILE_NAMES, hostile_file, pdf


def _code(validator, filename, content):
    try:
        validator(SimpleUploadedFile(filename, content))
    except ValidationError as error:
        return error.code
    return None


@pytest.mark.parametrize("name", HOSTILE_FILE_NAMES)
def test_image_upload_is_judged_by_content(name):
    corpus_file = hostile_file(name)
    assert _code(validate_image_upload, corpus_file.filename, corpus_file.content) == corpus_file.image_code


@pytest.mark.parametrize("name", HOSTILE_FILE_NAMES)
def test_document_upload_is_judged_by_content(name):
    corpus_file = hostile_file(name)
    assert _code(validate_document_upload, corpus_file.filename, corpus_file.content) == corpus_file.document_code


def test_every_configured_extension_has_a_content_check():
    """An extension without a signature here would make every such upload fail: settings and code must agree."""
    assert unknown_extensions(settings.WAGTAILDOCS_EXTENSIONS) == set()
    assert unknown_extensions(settings.WAGTAILIMAGES_EXTENSIONS) == set()
    assert kinds_for_extensions(settings.WAGTAILDOCS_EXTENSIONS) == {"pdf", "jpeg", "png"}


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        (b"%PDF-1.7\n", "pdf"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"GIF89a", None),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_sniff_reads_signatures(head, kind):
    detected = sniff(head)
    assert (detected.name if detected else None) == kind


def test_messages_name_the_problem():
    corpus_file = hostile_file("png_named_jpg")
    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile(corpus_file.filename, corpus_file.content))
    assert error.value.messages == ["This file is a PNG file but its name ends in “.jpg”. Rename it to match."]


def test_size_limit_follows_the_setting(settings):
    content = hostile_file("valid_png").content
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(content) - 1

    assert _code(validate_image_upload, "photo.png", content) == "file_too_large"


def test_dimension_limits_follow_the_settings(settings):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200)).save(buffer, "PNG")
    settings.UPLOAD_IMAGE_MAX_DIMENSIONS = (299, 1000)
    assert _code(validate_image_upload, "p.png", buffer.getvalue()) == "image_too_large"

    settings.UPLOAD_IMAGE_MAX_DIMENSIONS = (6000, 6000)
    settings.UPLOAD_IMAGE_MIN_DIMENSIONS = (301, 1)
    assert _code(validate_image_upload, "p.png", buffer.getvalue()) == "image_too_small"


def test_animation_counts_every_frame(settings):
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (100, 100), (i * 20, 0, 0)) for i in range(5)]
    frames[0].save(buffer, "WEBP", save_all=True, append_images=frames[1:])
    settings.UPLOAD_IMAGE_MAX_DIMENSIONS = (200, 200)  # 40 000 pixels: one frame fits, five do not

    assert _code(validate_image_upload, "anim.webp", buffer.getvalue()) == "image_too_many_pixels"


def test_large_uploads_on_disk_are_checked_and_rewound():
    """Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE arrive as temporary files; the check leaves them at byte 0."""
    content = hostile_file("valid_jpeg").content
    upload = TemporaryUploadedFile("photo.jpg", "image/jpeg", len(content), None)
    upload.write(content)

    validate_image_upload(upload)

    assert upload.tell() == 0
    assert upload.read() == content


def test_pdf_with_plain_uncompressed_object_stream_is_read_too():
    hidden = b"1 0 << /S /JavaScript /JS (x) >>"
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Length %d >>\nstream\n%s\nendstream" % (len(hidden), hidden)
    assert _code(validate_document_upload, "doc.pdf", pdf(b"<< /Type /Catalog >>", stream)) == "pdf_active_content"


def test_pdf_object_stream_in_an_unusual_encoding_is_refused():
    stream = b"<< /Type /ObjStm /Filter [/ASCIIHexDecode /FlateDecode] >>\nstream\n789c\nendstream"
    assert _code(validate_document_upload, "doc.pdf", pdf(b"<< /Type /Catalog >>", stream)) == "pdf_uncheckable"


def test_pdf_with_js_bytes_inside_compressed_page_data_is_accepted():
    """Three bytes ``/JS`` occur by chance in compressed content; only dictionaries are searched for them."""
    page = b"<< /Length 12 /Filter /FlateDecode >>\nstream\n\x01/JS(\x02\x03\x04\x05\x06\x07\nendstream"
    assert _code(validate_document_upload, "doc.pdf", pdf(b"<< /Type /Catalog >>", page)) is None


def test_validator_is_deconstructible_for_migrations():
    validator = UploadValidator({"png", "jpeg"}, "WAGTAILIMAGES_MAX_UPLOAD_SIZE")
    path, args, kwargs = validator.deconstruct()  # type: ignore[attr-defined]  # added by @deconstructible

    assert path == "netfix.uploads.UploadValidator"
    assert UploadValidator(*args, **kwargs) == validator
    serializer_factory(validator).serialize()


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown upload kinds"):
        UploadValidator({"exe"}, "WAGTAILDOCS_MAX_UPLOAD_SIZE")


def _compressed_object_stream(dictionary: bytes) -> bytes:
    compressed = zlib.compress(b"1 0 << /Type /Action /S /JavaScript /JS (app.alert(1)) >>")
    return dictionary % len(compressed) + b"\nstream\n" + compressed + b"\nendstream"


@pytest.mark.parametrize(
    "dictionary",
    [
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>",
        # Tricks that hide the dictionary from a text scan (found in review): a comment with "obj" in it, more than
        # 4 KB of padding, and a filter given by reference.
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d %%obj\n>>",
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d" + b" " * 5000 + b">>",
        b"<< /Type /ObjStm /N 1 /First 4 /Filter 9 0 R /Length %d >>",
    ],
    ids=["plain", "comment", "padding", "indirect-filter"],
)
def test_pdf_script_in_a_compressed_object_stream_is_found_however_it_is_dressed(dictionary):
    stream = _compressed_object_stream(dictionary)
    document = pdf(b"<< /Type /Catalog /OpenAction 2 0 R >>", stream)
    assert _code(validate_document_upload, "doc.pdf", document) == "pdf_active_content"


def test_pdf_with_an_lzw_object_stream_cannot_be_checked():
    stream = b"<< /Type /ObjStm /Filter 3 0 R >>\nstream\n\x80\x0b\x60\nendstream"
    assert _code(validate_document_upload, "doc.pdf", pdf(b"<< /Type /Catalog >>", stream, b"/LZWDecode")) == (
        "pdf_uncheckable"
    )


def test_pdf_xfa_forms_are_refused():
    document = pdf(b"<< /Type /Catalog /AcroForm << /XFA 2 0 R >> >>")
    assert _code(validate_document_upload, "doc.pdf", document) == "pdf_active_content"
