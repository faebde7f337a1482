"""The hostile-input corpus: strings and files every form and API endpoint must survive.

Import it from any test. ``tests/netfix/test_hostile_inputs.py`` runs all of it over every form and endpoint that
exists; a new feature adds its endpoint there (one line) and, when it brings a new kind of attack, adds it here.
Surviving means: no 500, invalid input refused with a clear error, and nothing stored that :func:`stored_unsafely`
flags.

Files are built on first use (:func:`hostile_file`), so importing this module stays cheap.
"""

from __future__ import annotations

import io
import mimetypes
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PIL import Image, PngImagePlugin

from netfix.sanitize import has_unsafe_characters

MEGABYTE = 1_000_000

# --- Strings ------------------------------------------------------------------------------------------------------

HOSTILE_STRINGS: dict[str, str] = {
    "script_tag": "<script>alert('xss')</script>",
    "img_onerror": '<img src=x onerror="alert(1)">',
    "svg_onload": "<svg/onload=alert(1)>",
    "split_script_tag": "<<b>script>alert(1)<</b>/script>",
    "encoded_script_tag": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "attribute_breakout": '" autofocus onfocus="alert(1)" x="',
    "javascript_url": "javascript:alert(document.cookie)",
    "sql_or_true": "' OR '1'='1' --",
    "sql_drop_table": "x'); DROP TABLE accounts_user; --",
    "sql_union": "1 UNION SELECT password FROM accounts_user",
    "template_injection": "{{ settings.SECRET_KEY }}{% debug %}${7*7}",
    "format_string": "%s%s%s%n{0}{__class__}",
    "null_byte": "name\x00.php",
    "control_characters": "bell\x07escape\x1b[31mdel\x7f",
    "bidi_override": "invoice\u202efdp.exe",
    "bidi_isolate": "\u2066admin\u2069\u2067",
    "crlf_header_injection": "someone@example.com\r\nBcc: everyone@example.com",
    "path_traversal": "../../../../etc/passwd",
    "zero_width_and_fullwidth": "ａｄｍｉｎ\u200b",
    "huge_number": "9" * 400,
    "negative_number": "-1",
    "not_a_number": "NaN",
    "megabyte_ascii": "A" * MEGABYTE,
    "megabyte_arabic": "ش" * (MEGABYTE // 2),
    "megabyte_of_tags": "<b>" * (MEGABYTE // 3),
    "megabyte_of_nested_divs": "<div>" * (MEGABYTE // 5),  # parsing it naively takes minutes (quadratic nesting)
}
"""Every value a browser can send in a form or a query string (valid Unicode text)."""

JSON_ONLY_STRINGS: dict[str, str] = {
    "lone_surrogate": "\ud800",
}
"""Values only a JSON body can carry (``"\\ud800"`` is a valid JSON escape but not encodable text)."""

HOSTILE_JSON_BODIES: dict[str, str] = {
    "malformed": '{"language": ',
    "deeply_nested_array": "[" * 100_000 + "]" * 100_000,
    "deeply_nested_object": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "not_an_object": "[1, 2, 3]",
    "nan_literal": '{"language": NaN}',
    "huge_integer": '{"language": ' + "9" * 5000 + "}",
    "lone_surrogate": '{"time_zone": "\\ud800"}',
    "megabyte_value": '{"time_zone": "' + "A" * MEGABYTE + '"}',
}
"""Raw JSON request bodies (strings, sent as they are)."""

LEGITIMATE_STRINGS: dict[str, str] = {
    "arabic": "خدمات السباكة في دبي",
    "arabic_with_marks": "السعر \u200f١٠٠ دولار\u200f",
    "hebrew": "שירותי אינסטלציה",
    "accents": "Zoë Ünïcødé — Çà et là",
    "emoji_sequence": "Plumber 👩\u200d🔧",
    "persian_zwnj": "می\u200cخواهم",
    "maths": "2 < 3 & 5 > 4",
}
"""Text that must survive sanitising unchanged: cleaning must never cost a language its letters."""

# Any tag, comment or processing instruction. ``javascript:`` as plain text is harmless; it matters only in a link,
# which rich text cleaning removes.
_UNSAFE_MARKUP_RE = re.compile(r"<\s*[a-zA-Z!/?]")


def stored_unsafely(value: object, *, rich_text: bool = False) -> str | None:
    """Why a stored text value is unsafe — control or bidi characters, or markup — or ``None`` when it is fine.

    ``rich_text`` columns (``SafeHTMLField``) may hold markup, but only what the sanitiser keeps: cleaning them again
    must change nothing.
    """
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return "NUL byte"
    if has_unsafe_characters(value):
        return "control or text-direction character"
    if rich_text:
        from netfix.sanitize import RICH_TEXT_TAGS, clean_html

        if clean_html(value) != value:
            return "markup the sanitiser would remove"
        value = re.sub(rf"</?({'|'.join(sorted(RICH_TEXT_TAGS))})\b[^<>]*>", "", value)
    if _UNSAFE_MARKUP_RE.search(value):
        return "markup"
    return None


# --- Files --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HostileFile:
    filename: str
    content: bytes
    # The ValidationError code netfix.uploads gives as an image upload and as a document upload; None = accepted.
    image_code: str | None
    document_code: str | None

    @property
    def content_type(self) -> str:
        return mimetypes.guess_type(self.filename)[0] or "application/octet-stream"


def _image(fmt: str, size: tuple[int, int] = (32, 24), **save_options: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: Evil\n")
        archive.writestr("Evil.class", b"\xca\xfe\xba\xbe")
    return buffer.getvalue()


def _jpeg_with_comment(comment: bytes) -> bytes:
    """A valid JPEG with ``comment`` in a COM segment right after the SOI marker."""
    jpeg = _image("JPEG")
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_bomb() -> bytes:
    """A PNG whose header claims 60000 × 60000 pixels (3.6 gigapixels) in a few hundred bytes."""
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (60_001 * 4))
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


def pdf(*objects: bytes, trailer: bytes = b"<< /Root 1 0 R >>") -> bytes:
    """A small PDF from the given object bodies (object 1 first); cross-reference offsets are not needed here."""
    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    for number, content in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    return body + b"trailer\n" + trailer + b"\n%%EOF\n"


def _pdf_with_object_stream(hidden: bytes) -> bytes:
    """A PDF whose catalog sits, compressed, inside an object stream (PDF 1.5+), as real writers do."""
    compressed = zlib.compress(b"1 0 " + hidden)
    stream_dictionary = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>" % len(compressed)
    return pdf(b"<< /Type /Catalog /Pages 3 0 R >>", stream_dictionary + b"\nstream\n" + compressed + b"\nendstream")


def _plain_pdf() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(buffer, "PDF")
    return buffer.getvalue()


_JS_ACTION = b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"

_ACTIVE_PDF = ("unsupported_extension", "pdf_active_content")

# name: (build the file name and content, code as an image upload, code as a document upload; None = accepted).
# Documents take PDF, JPEG and PNG (WAGTAILDOCS_EXTENSIONS); images take JPEG, PNG and WebP.
_FILES: dict[str, tuple[Callable[[], tuple[str, bytes]], str | None, str | None]] = {
    # Legitimate files.
    "valid_png": (lambda: ("photo.png", _image("PNG")), None, None),
    "valid_jpeg": (lambda: ("photo.jpg", _image("JPEG")), None, None),
    "valid_webp": (lambda: ("photo.webp", _image("WEBP")), None, "unsupported_extension"),
    "valid_pdf": (lambda: ("insurance.pdf", _plain_pdf()), "unsupported_extension", None),
    "valid_png_bidi_filename": (lambda: ("photo\u202egnp.png", _image("PNG")), None, None),
    # Wrong type for its name, or no allowed type at all.
    "png_named_jpg": (lambda: ("photo.jpg", _image("PNG")), "extension_mismatch", "extension_mismatch"),
    "html_named_png": (
        lambda: ("photo.png", b"<html><script>alert(1)</script></html>"),
        "unsupported_content",
        "unsupported_content",
    ),
    "svg_named_png": (
        lambda: ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        "unsupported_content",
        "unsupported_content",
    ),
    "php_named_jpg": (
        lambda: ("shell.php.jpg", b"<?php system($_GET['c']); ?>"),
        "unsupported_content",
        "unsupported_content",
    ),
    "exe_named_pdf": (
        lambda: ("invoice.pdf", b"MZ\x90\x00\x03" + bytes(200)),
        "unsupported_extension",
        "unsupported_content",
    ),
    "gif_named_png": (lambda: ("anim.png", _image("GIF")), "unsupported_content", "unsupported_content"),
    "empty_png": (lambda: ("empty.png", b""), "empty_file", "empty_file"),
    "truncated_jpeg": (lambda: ("cut.jpg", _image("JPEG")[:40]), "invalid_image", "invalid_image"),
    "webp_header_only": (
        lambda: ("fake.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 garbage"),
        "invalid_image",
        "unsupported_extension",
    ),
    "exe_extension": (lambda: ("setup.exe", _image("PNG")), "unsupported_extension", "unsupported_extension"),
    # Polyglots: an allowed type that is also something else.
    "jpeg_then_html": (
        lambda: ("photo.jpg", b"\xff\xd8\xff\xe0<html><body><script>alert(document.domain)</script>"),
        "embedded_markup",
        "embedded_markup",
    ),
    "jpeg_comment_script": (
        lambda: ("photo.jpg", _jpeg_with_comment(b"<script>alert(1)</script>")),
        "embedded_markup",
        "embedded_markup",
    ),
    "png_text_chunk_script": (lambda: ("photo.png", _png_with_text()), "embedded_markup", "embedded_markup"),
    "gifar_jpeg_zip": (lambda: ("photo.jpg", _image("JPEG") + _zip()), "embedded_archive", "embedded_archive"),
    "pdf_html_prologue": (
        lambda: ("doc.pdf", pdf(b"<< /Type /Catalog >>").replace(b"%\xe2", b"<html><script>1</script>%\xe2", 1)),
        "unsupported_extension",
        "embedded_markup",
    ),
    "pdf_zip": (lambda: ("doc.pdf", _plain_pdf() + _zip()), "unsupported_extension", "embedded_archive"),
    # Active PDFs.
    "pdf_javascript": (lambda: ("doc.pdf", pdf(_JS_ACTION)), *_ACTIVE_PDF),
    "pdf_javascript_escaped_name": (
        lambda: ("doc.pdf", pdf(_JS_ACTION.replace(b"/JavaScript", b"/J#61va#53cript"))),
        *_ACTIVE_PDF,
    ),
    "pdf_javascript_in_object_stream": (
        lambda: ("doc.pdf", _pdf_with_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")),
        *_ACTIVE_PDF,
    ),
    "pdf_js_key_in_object_stream": (
        lambda: ("doc.pdf", _pdf_with_object_stream(b"<< /S /J#53 /JS 4 0 R >>")),
        *_ACTIVE_PDF,
    ),
    "pdf_launch": (
        lambda: ("doc.pdf", pdf(b"<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>")),
        *_ACTIVE_PDF,
    ),
    "pdf_embedded_file": (
        lambda: ("doc.pdf", pdf(b"<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>", b"<< /Type /Filespec >>")),
        *_ACTIVE_PDF,
    ),
    "pdf_encrypted": (
        lambda: ("doc.pdf", pdf(b"<< /Type /Catalog >>", trailer=b"<< /Root 1 0 R /Encrypt 2 0 R >>")),
        "unsupported_extension",
        "pdf_encrypted",
    ),
    # Sizes.
    "image_too_wide": (lambda: ("wide.png", _image("PNG", (6001, 1))), "image_too_large", "image_too_large"),
    "decompression_bomb_png": (lambda: ("bomb.png", _png_bomb()), "image_too_many_pixels", "image_too_many_pixels"),
    "eleven_megabyte_jpeg": (
        lambda: ("huge.jpg", _image("JPEG") + bytes(11 * 1024 * 1024)),
        "file_too_large",
        "file_too_large",
    ),
}


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    return _image("PNG", pnginfo=info)


HOSTILE_FILE_NAMES: tuple[str, ...] = tuple(_FILES)


@cache
def hostile_file(name: str) -> HostileFile:
    """The file called ``name`` in the corpus, built once per test run."""
    build, image_code, document_code = _FILES[name]
    filename, content = build()
    return HostileFile(filename, content, image_code, document_code)
