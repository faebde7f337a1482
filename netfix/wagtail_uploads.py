"""Wagtail admin upload forms that check files by content and keep their words plain text.

Set as ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and ``WAGTAILDOCS_DOCUMENT_FORM_BASE``: Wagtail builds every image and
document form from these bases — the add and edit views and the multiple uploader, whose title defaults to the
file's name — so an upload is refused by :mod:`netfix.uploads` before anything is stored (the multiple uploader
answers a file error at once instead of keeping the file as an ``UploadedFile``). Titles, descriptions (alt text)
and tags go through :func:`netfix.sanitize.clean_text`.

Kept apart from :mod:`netfix.uploads` because importing Wagtail's forms needs the app registry ready, while the
validators must be importable from any ``models.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import AbstractImage
from wagtail.models import Collection

from netfix.sanitize import clean_text
from netfix.uploads import validate_document_upload, validate_image_upload


class _PlainTextMetadataMixin:
    """Keep the title, description (alt text) and tags of a Wagtail media form plain text."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _plain(self, name: str) -> str:
        """The field as one line of plain text; one that was nothing but markup or control characters is missing."""
        value = clean_text(self.cleaned_data.get(name) or "", multiline=False)
        if not value and self.fields[name].required:
            raise ValidationError(self.fields[name].error_messages["required"], code="required")
        return value

    def clean_title(self) -> str:
        return self._plain("title")

    def clean_description(self) -> str:
        return self._plain("description")

    def clean_tags(self) -> list[str]:
        tags = super().clean_tags()  # type: ignore[misc]
        return [tag for tag in (clean_text(tag, multiline=False) for tag in tags) if tag]


class ContentCheckedImageField(WagtailImageField):
    """Wagtail's image field, which reads only files :data:`netfix.uploads.validate_image_upload` accepted.

    The content check runs first: Wagtail's own checks read the image with Willow and let some broken files (a
    truncated JPEG) escape as an ``OSError`` — a 500 instead of a form error.
    """

    def to_python(self, data: Any) -> Any:
        if isinstance(data, UploadedFile):
            validate_image_upload(data)
        return super().to_python(data)


class ImageForm(_PlainTextMetadataMixin, BaseImageForm):
    """Wagtail's image form with its file field checked by content first (:class:`ContentCheckedImageField`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, ContentCheckedImageField):
            self.fields["file"] = ContentCheckedImageField(
                label=field.label, required=field.required, widget=field.widget, initial=field.initial
            )


class DocumentForm(_PlainTextMetadataMixin, BaseDocumentForm):
    """Wagtail's document form plus :func:`netfix.uploads.validate_document_upload` on a newly uploaded file.

    Wagtail's document field only checks the size, so checking after it is safe.
    """

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            validate_document_upload(file)
        return file


def upload_collection(name: str) -> Collection:
    """The Wagtail collection ``name`` under the root, apart from editors' images (created on first use)."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")  # Wagtail's migration makes it
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def images_from_uploads(
    files: Sequence[File], *, title: str, collection: Collection, uploaded_by: Any = None
) -> list[AbstractImage]:
    """Store site visitors' uploads (listing photos, review photos) as Wagtail images, each checked by content first.

    One place for it so every public upload gets the same check, plain-text title and collection. Call it inside
    the transaction that links the images: a refusal raises ``ValidationError`` before any image row is written.
    """
    for file in files:
        validate_image_upload(file)
    image_model = get_image_model()
    title = clean_text(title, multiline=False)[:255]
    images = []
    for file in files:
        image = image_model(
            title=title, description=title, file=file, collection=collection, uploaded_by_user=uploaded_by
        )
        image._set_image_file_metadata()
        image.save()
        images.append(image)
    return images
