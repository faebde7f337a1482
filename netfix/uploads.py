"""Uploads are judged by what they contain, never by their name alone.

Every upload NetFix accepts — admin images and documents today, provider photos and verification documents later —
goes through :class:`UploadValidator`, in this order:

1. size: not empty, not over the limit (``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` for images,
   ``WAGTAILDOCS_MAX_UPLOAD_SIZE`` for documents);
2. content: the first bytes must carry the signature of an allowed kind (JPEG, PNG, WebP, PDF — see ``KINDS``),
   and the file name's extension must be one of that kind's;
3. polyglots: no HTML or script prologue a browser could sniff, no ZIP archive hidden in the file (GIFAR-style
   JPEG + JAR), and for PDFs no JavaScript, launch, form-submission or embedded-file actions (also looked for inside
   compressed object streams) and no encryption, which would hide them;
4. images: Pillow opens the file, its format must be the kind's, its width and height within
   ``UPLOAD_IMAGE_MIN_DIMENSIONS`` / ``UPLOAD_IMAGE_MAX_DIMENSIONS`` (checked from the header, before anything is
   decoded, so a decompression bomb is refused without being inflated) and ``verify()`` must pass.

Errors are ``ValidationError`` with translated messages and stable codes. The validators are deconstructible, so
model fields can list them (``validators=[validate_image_upload]``). docs/decisions/0017-input-sanitising-and-uploads.md
says why each rule is there.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError


@dataclass(frozen=True)
class FileKind:
    """A kind of file NetFix accepts, recognised by its leading bytes."""

    name: str
    label: str
    extensions: frozenset[str]
    pillow_format: str | None = None  # set for images: what Pillow must report after opening the file

    @property
    def is_image(self) -> bool:
        return self.pillow_format is not None

    def matches(self, head: bytes) -> bool:
        if self.name == "jpeg":
            return head.startswith(b"\xff\xd8\xff")
        if self.name == "png":
            return head.startswith(b"\x89PNG\r\n\x1a\n")
        if self.name == "webp":
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        if self.name == "pdf":
            return head.startswith(b"%PDF-")
        return False


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("jpeg", "JPEG", frozenset({"jpg", "jpeg"}), "JPEG"),
        FileKind("png", "PNG", frozenset({"png"}), "PNG"),
        FileKind("webp", "WebP", frozenset({"webp"}), "WEBP"),
        FileKind("pdf", "PDF", frozenset({"pdf"})),
    )
}
IMAGE_KINDS = frozenset(name for name, kind in KINDS.items() if kind.is_image)


def kinds_for_extensions(extensions: Iterable[str]) -> frozenset[str]:
    """The kinds whose extensions are among ``extensions`` (e.g. ``WAGTAILDOCS_EXTENSIONS``)."""
    wanted = {extension.lower().lstrip(".") for extension in extensions}
    return frozenset(name for name, kind in KINDS.items() if kind.extensions & wanted)


def unknown_extensions(extensions: Iterable[str]) -> set[str]:
    """Configured extensions no kind here can recognise: every one of them would be refused, so settings are wrong."""
    known = {extension for kind in KINDS.values() for extension in kind.extensions}
    return {extension.lower().lstrip(".") for extension in extensions} - known


def sniff(head: bytes) -> FileKind | None:
    """The kind whose signature ``head`` starts with, if any."""
    return next((kind for kind in KINDS.values() if kind.matches(head)), None)


# Tags a browser sniffing for HTML would act on. Browsers sniff the start of a file, so the first KiB of every upload
# is searched for all of them; images are also searched whole for the long ones (pixel data matching six or more
# exact bytes by chance is vanishingly rare), which catches a script hidden in a JPEG comment or PNG text chunk.
_MARKUP_ANYWHERE_RE = re.compile(
    rb"<(?:script|html|head|body|iframe|object|embed|\?php|!doctype\s+html)[\s/>]", re.IGNORECASE
)
_MARKUP_AT_START_RE = re.compile(
    rb"<(?:script|html|head|body|iframe|object|embed|svg|img|meta|a\s+href|\?php|!doctype\s+html)[\s/>]",
    re.IGNORECASE,
)
_SNIFF_WINDOW = 1024

# PDF names that make a document act rather than be read. ``/JavaScript`` is the required action type of every
# script action and the name of the document-level script tree; the short ``/JS`` key is looked for only where a
# PDF reader reads dictionaries (outside streams, and inside object streams), not in compressed page data where
# three bytes match by chance.
_PDF_DANGEROUS_NAMES = (
    b"JavaScript",
    b"Launch",
    b"EmbeddedFiles",
    b"EmbeddedFile",
    b"RichMedia",
    b"SubmitForm",
    b"ImportData",
    b"XFA",
    b"GoToR",
    b"GoToE",
)
_PDF_DANGEROUS_RE = re.compile(rb"/(?:" + b"|".join(_PDF_DANGEROUS_NAMES) + rb")(?![A-Za-z0-9])")
_PDF_JS_KEY_RE = re.compile(rb"/JS(?![A-Za-z0-9])")
_PDF_ENCRYPT_RE = re.compile(rb"/Encrypt(?![A-Za-z0-9])")
# Filters this module cannot undo; image codecs (DCT, JPX, JBIG2, CCITTFax) only ever hold pictures.
_PDF_UNREADABLE_FILTER_RE = re.compile(
    rb"/(?:LZWDecode|ASCII85Decode|ASCIIHexDecode|RunLengthDecode|Crypt)(?![A-Za-z0-9])"
)
_PDF_OBJECT_STREAM_HEAD_RE = re.compile(rb"\s*\d+\s+\d+\s+\d+\s+\d+|\s*\d+\s+\d+\s*[<\[/(]")
_PDF_NAME_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM_RE = re.compile(rb"stream(?:\r\n|\n|\r)")
_PDF_INFLATE_BUDGET = 16 * 1024 * 1024  # object streams are small; more than this is not an honest document

_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ZIP_TAIL_WINDOW = 65536


def _error(message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _read_all(upload: File) -> bytes:
    """The whole upload (at most the size limit, already checked), leaving the file at its start for storage."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data if isinstance(data, bytes) else data.encode()


def _decode_pdf_names(data: bytes) -> bytes:
    """Undo ``#xx`` escapes, so ``/J#61vaScript`` is seen as ``/JavaScript``."""
    return _PDF_NAME_ESCAPE_RE.sub(lambda match: bytes([int(match.group(1), 16)]), data)


@dataclass(frozen=True)
class _PdfStream:
    dictionary: bytes  # the text between the object's ``obj`` keyword and ``stream``
    start: int  # where the ``stream`` keyword starts
    body: bytes
    end: int  # where ``endstream`` starts (or the end of the file)


def _pdf_streams(data: bytes) -> Iterator[_PdfStream]:
    for match in _PDF_STREAM_RE.finditer(data):
        if data[max(0, match.start() - 3) : match.start()] == b"end":
            continue  # the tail of an ``endstream`` keyword
        window_start = max(0, match.start() - 4096)
        object_start = data.rfind(b"obj", window_start, match.start())
        end = data.find(b"endstream", match.end())
        end = end if end >= 0 else len(data)
        yield _PdfStream(
            dictionary=data[object_start if object_start >= 0 else window_start : match.start()],
            start=match.start(),
            body=data[match.end() : end],
            end=end,
        )


def _inflate(body: bytes, budget: int) -> bytes | None:
    """The stream's content if it is zlib (``/FlateDecode``) data, else ``None``; at most ``budget + 1`` bytes."""
    try:
        return zlib.decompressobj().decompress(body, budget + 1)
    except zlib.error:
        return None


def _pdf_problem(data: bytes) -> ValidationError | None:
    """Why this PDF may not be stored, if it may not: encryption, or active content anywhere a reader would find it.

    Every stream that inflates is inflated, whatever its dictionary seems to say: finding the dictionary by
    scanning text can be fooled (comments, padding, ``/Filter 9 0 R``), inflating cannot. Inflated data that reads
    like an object stream (``objnum offset`` pairs) is searched like the file's own dictionaries; other streams
    (page content, fonts) only for the long dangerous names, which do not occur by chance. Filters other than
    Flate or the image codecs cannot be read here, so a PDF that uses them is refused as uncheckable.
    """
    decoded = _decode_pdf_names(data)
    if _PDF_ENCRYPT_RE.search(decoded):
        return _error(
            _("This PDF is encrypted or password-protected, so it cannot be checked. Save a copy without protection."),
            "pdf_encrypted",
        )
    uncheckable = _error(_("This PDF is encoded in a way that cannot be checked."), "pdf_uncheckable")
    active = _error(
        _("This PDF contains scripts, actions or attached files, which are not allowed. Upload a plain PDF."),
        "pdf_active_content",
    )
    dictionaries: list[bytes] = []  # every place a PDF reader reads objects from
    position = 0
    budget = _PDF_INFLATE_BUDGET
    for stream in _pdf_streams(data):
        dictionaries.append(data[position : stream.start])
        position = stream.end
        inflated = _inflate(stream.body, budget)
        if inflated is None:
            if b"/ObjStm" in _decode_pdf_names(stream.dictionary):
                dictionaries.append(stream.body)  # an uncompressed object stream
            continue
        budget -= len(inflated)
        if budget < 0:
            return uncheckable
        inflated = _decode_pdf_names(inflated)
        if _PDF_OBJECT_STREAM_HEAD_RE.match(inflated):
            dictionaries.append(inflated)
        elif _PDF_DANGEROUS_RE.search(inflated):
            return active
    dictionaries.append(data[position:])
    searched = [_decode_pdf_names(part) for part in dictionaries]
    if any(_PDF_UNREADABLE_FILTER_RE.search(part) for part in searched):
        return uncheckable
    if _PDF_DANGEROUS_RE.search(decoded) or any(
        _PDF_DANGEROUS_RE.search(part) or _PDF_JS_KEY_RE.search(part) for part in searched
    ):
        return active
    return None


def _image_problem(data: bytes, kind: FileKind) -> ValidationError | None:
    """Why this image may not be stored, if it may not: unreadable, another format, or outside the size limits."""
    invalid = _error(_("This file is not a valid %(kind)s image."), "invalid_image", kind=kind.label)
    too_many_pixels = _error(_("This image has too many pixels to be processed safely."), "image_too_many_pixels")
    min_width, min_height = settings.UPLOAD_IMAGE_MIN_DIMENSIONS
    max_width, max_height = settings.UPLOAD_IMAGE_MAX_DIMENSIONS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != kind.pillow_format:
                    return invalid
                width, height = image.size
                if width > max_width or height > max_height:
                    return _error(
                        _(
                            "This image is %(width)s × %(height)s pixels; the largest allowed is "
                            "%(max_width)s × %(max_height)s."
                        ),
                        "image_too_large",
                        width=width,
                        height=height,
                        max_width=max_width,
                        max_height=max_height,
                    )
                if width < min_width or height < min_height:
                    return _error(
                        _(
                            "This image is %(width)s × %(height)s pixels; the smallest allowed is "
                            "%(min_width)s × %(min_height)s."
                        ),
                        "image_too_small",
                        width=width,
                        height=height,
                        min_width=min_width,
                        min_height=min_height,
                    )
                if getattr(image, "n_frames", 1) * width * height > max_width * max_height:
                    return too_many_pixels  # an animation of many frames is as heavy as one huge picture
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return too_many_pixels
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return invalid
    return None


@deconstructible
class UploadValidator:
    """Validate an upload by content: size, signature, extension, polyglots and, for images, Pillow's reading.

    ``kinds`` are names from ``KINDS``; ``max_size_setting`` names the setting holding the size limit in bytes (read
    on every call, so ``override_settings`` and environment changes apply).
    """

    def __init__(self, kinds: Iterable[str], max_size_setting: str) -> None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown upload kinds: {sorted(unknown)}")
        self.kinds = tuple(sorted(kinds))
        self.max_size_setting = max_size_setting

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.kinds == other.kinds
            and self.max_size_setting == other.max_size_setting
        )

    def __hash__(self) -> int:
        return hash((self.kinds, self.max_size_setting))

    def __call__(self, upload: File) -> None:
        if getattr(upload, "_committed", False):
            return  # a stored FieldFile was checked when it was uploaded; re-reading it from storage is waste
        allowed = [KINDS[name] for name in self.kinds]
        max_size = getattr(settings, self.max_size_setting)
        size = upload.size or 0
        if size == 0:
            raise _error(_("The file is empty."), "empty_file")
        if max_size is not None and size > max_size:
            raise _error(
                _("This file is too big (%(size)s). The largest allowed is %(max_size)s."),
                "file_too_large",
                size=filesizeformat(size),
                max_size=filesizeformat(max_size),
            )
        allowed_text = ", ".join(sorted({kind.label for kind in allowed}))
        extension = PurePosixPath(upload.name or "").suffix.lower().lstrip(".")
        if extension not in {extension for kind in allowed for extension in kind.extensions}:
            raise _error(
                _("Files ending in “.%(extension)s” are not accepted here. Allowed: %(allowed)s."),
                "unsupported_extension",
                extension=extension,
                allowed=allowed_text,
            )

        data = _read_all(upload)
        kind = sniff(data[:16])
        if kind is None or kind not in allowed:
            raise _error(
                _("The content of this file is not one of the allowed types (%(allowed)s), whatever its name says."),
                "unsupported_content",
                allowed=allowed_text,
            )
        if extension not in kind.extensions:
            raise _error(
                _("This file is a %(kind)s file but its name ends in “.%(extension)s”. Rename it to match."),
                "extension_mismatch",
                kind=kind.label,
                extension=extension,
            )
        self._check_polyglot(data, kind)
        problem = _image_problem(data, kind) if kind.is_image else _pdf_problem(data)
        if problem is not None:
            raise problem

    @staticmethod
    def _check_polyglot(data: bytes, kind: FileKind) -> None:
        """Refuse files that are also something a browser or a Java runtime would run: HTML, script, ZIP/JAR."""
        if _MARKUP_AT_START_RE.search(data[:_SNIFF_WINDOW]) or (kind.is_image and _MARKUP_ANYWHERE_RE.search(data)):
            raise _error(_("This file contains web page or script code and cannot be accepted."), "embedded_markup")
        if zipfile.is_zipfile(io.BytesIO(data)) or (kind.is_image and _ZIP_LOCAL_HEADER in data[-_ZIP_TAIL_WINDOW:]):
            raise _error(_("This file has an archive hidden inside it and cannot be accepted."), "embedded_archive")


validate_image_upload = UploadValidator(IMAGE_KINDS, "WAGTAILIMAGES_MAX_UPLOAD_SIZE")
"""Photos and pictures: JPEG, PNG or WebP up to ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``."""


def validate_document_upload(upload: File) -> None:
    """Documents: the kinds ``WAGTAILDOCS_EXTENSIONS`` allows (PDF, JPEG, PNG), up to ``WAGTAILDOCS_MAX_UPLOAD_SIZE``.

    A function rather than an instance so the allowed kinds follow the setting at call time.
    """
    UploadValidator(kinds_for_extensions(settings.WAGTAILDOCS_EXTENSIONS), "WAGTAILDOCS_MAX_UPLOAD_SIZE")(upload)
