"""Writes on a provider's listings: the service itself, its photos, packages, documents, translations and languages.

Every function validates everything first and raises one ``ValidationError`` with translated messages before
anything is written, runs in one transaction, and is what the provider pages, the API and the admin call.
The rules (docs/decisions/0030-provider-listings.md):

* a service's category is one of its provider's fields of work, never "All in One"; an "All in One" provider may
  choose any other category (:func:`providers.selectors.listing_categories`);
* at most ``MAX_SERVICE_PHOTOS`` photos, counted under a lock on the service row so concurrent uploads cannot pass
  the limit; photos are Wagtail images checked by content;
* deleting is a hard delete that also removes the photos' images and the documents' files once the transaction
  commits (bookings will reference services later; they will keep their own copy of what was booked).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from netfix.sanitize import clean_text
from netfix.wagtail_uploads import images_from_uploads, upload_collection
from providers.languages import SPOKEN_LANGUAGE_CODES
from providers.models import (
    MAX_SERVICE_PHOTOS,
    Category,
    ProviderProfile,
    Service,
    ServiceDocument,
    ServiceLanguage,
    ServicePackage,
    ServicePhoto,
    ServiceTranslation,
)
from providers.selectors import listing_categories

PHOTO_COLLECTION_NAME = "Service photos"
EDITABLE_FIELDS = ("name", "description", "category", "price_per_hour", "minimum_hours", "original_language")


@dataclass(frozen=True, slots=True)
class PackageData:
    """One package as a form or the API hands it in."""

    name: str
    price: Decimal
    included_hours: Decimal


@dataclass(frozen=True, slots=True)
class TranslationData:
    """The provider's name and description of a service in another site language."""

    language: str
    name: str
    description: str


def _check_category(provider: ProviderProfile, category: Category) -> None:
    if category.is_all_in_one:
        raise ValidationError({"category": _("A service cannot be in the “All in One” category.")}, code="all_in_one")
    if not listing_categories(provider).filter(pk=category.pk).exists():
        raise ValidationError(
            {"category": _("Choose one of your fields of work for this service.")}, code="category_not_allowed"
        )


def _lock(service: Service) -> Service:
    """Lock the service row (serialises concurrent edits of one listing) and return it fresh."""
    return Service.objects.select_for_update().get(pk=service.pk)


@transaction.atomic
def service_create(
    *,
    provider: ProviderProfile,
    name: str,
    description: str,
    category: Category,
    price_per_hour: Decimal,
    minimum_hours: Decimal = Decimal("1"),
    original_language: str = settings.LANGUAGE_CODE,
    languages: Iterable[str] | None = None,
) -> Service:
    """Publish a new listing (active at once); its languages default to the languages the provider speaks."""
    _check_category(provider, category)
    service = Service(
        provider=provider,
        name=name,
        description=description,
        category=category,
        price_per_hour=price_per_hour,
        minimum_hours=minimum_hours,
        original_language=original_language,
    )
    service.full_clean()
    codes = list(languages) if languages is not None else list(provider.languages.values_list("code", flat=True))
    _check_languages(codes)
    service.save()
    ServiceLanguage.objects.bulk_create(ServiceLanguage(service=service, code=code) for code in sorted(set(codes)))
    return service


@transaction.atomic
def service_update(*, service: Service, **changes: Any) -> Service:
    """Change some of ``EDITABLE_FIELDS``; only fields whose value changed are saved.

    Unknown keys are a programming error (``TypeError``), not user input: the provider and status never change here.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"service_update() cannot change {', '.join(sorted(unknown))}")
    changed = [field for field, value in changes.items() if getattr(service, field) != value]
    if not changed:
        return service
    for field in changed:
        setattr(service, field, changes[field])
    if "category" in changed:
        _check_category(service.provider, service.category)
    service.full_clean()
    service.save(update_fields=[*changed, "updated_at"])
    return service


def _set_status(service: Service, status: str) -> Service:
    if service.status != status:
        service.status = status
        service.save(update_fields=["status", "updated_at"])
    return service


@transaction.atomic
def service_pause(*, service: Service) -> Service:
    """Take a listing off every public list and out of booking; its page stays visible to its provider only."""
    return _set_status(service, Service.Status.PAUSED)


@transaction.atomic
def service_resume(*, service: Service) -> Service:
    """Put a paused listing back on the public lists."""
    return _set_status(service, Service.Status.ACTIVE)


@transaction.atomic
def service_delete(*, service: Service) -> None:
    """Delete a listing for good, with its photos' Wagtail images and its documents' files.

    Files are deleted only after the transaction commits, so a rolled-back delete loses nothing. Wagtail removes
    an image's file and renditions itself when the image row is deleted.
    """
    image_ids = list(service.photos.values_list("image_id", flat=True))
    files = [document.file for document in service.documents.all()]
    service.delete()
    for image in get_image_model().objects.filter(pk__in=image_ids):
        image.delete()
    for file in files:
        _delete_file_on_commit(file)


def _delete_file_on_commit(file: Any) -> None:
    storage, name = file.storage, file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _photo_collection() -> Collection:
    """The Wagtail collection that holds listing photos, apart from editors' images (created on first use)."""
    return upload_collection(PHOTO_COLLECTION_NAME)


@transaction.atomic
def service_photos_add(*, service: Service, files: Sequence[File], uploaded_by: Any = None) -> list[ServicePhoto]:
    """Add photos after the existing ones; refused as a whole if one is not an image or the limit would be passed.

    The service row is locked before counting, so two uploads at once are counted one after the other.
    """
    _lock(service)
    existing = service.photos.count()
    if existing + len(files) > MAX_SERVICE_PHOTOS:
        raise ValidationError(
            _("A listing can have at most %(max)d photos; it has %(existing)d, so you can add %(left)d more."),
            code="too_many_photos",
            params={"max": MAX_SERVICE_PHOTOS, "existing": existing, "left": max(0, MAX_SERVICE_PHOTOS - existing)},
        )
    if not files:
        return []
    last = service.photos.order_by("-sort_order").values_list("sort_order", flat=True).first()
    start = 0 if last is None else last + 1
    images = images_from_uploads(
        files,
        title=clean_text(service.name, multiline=False) or str(_("Photo")),
        collection=_photo_collection(),
        uploaded_by=uploaded_by,
    )
    return [
        ServicePhoto.objects.create(service=service, image=image, sort_order=start + offset)
        for offset, image in enumerate(images)
    ]


@transaction.atomic
def service_photo_remove(*, photo: ServicePhoto) -> None:
    """Remove one photo and its Wagtail image (Wagtail deletes the file and renditions on commit)."""
    image = photo.image
    photo.delete()
    image.delete()


@transaction.atomic
def service_photos_reorder(*, service: Service, photo_ids: Sequence[int]) -> list[ServicePhoto]:
    """Put the service's photos in the order given; the ids must be exactly the service's photos."""
    _lock(service)
    photos = {photo.pk: photo for photo in service.photos.all()}
    if len(photo_ids) != len(set(photo_ids)) or set(photo_ids) != set(photos):
        raise ValidationError(_("List each photo of this listing exactly once."), code="photo_order")
    ordered = []
    for position, pk in enumerate(photo_ids):
        photo = photos[pk]
        photo.sort_order = position
        ordered.append(photo)
    ServicePhoto.objects.bulk_update(ordered, ["sort_order"])
    return ordered


@transaction.atomic
def service_packages_set(*, service: Service, packages: Iterable[PackageData]) -> list[ServicePackage]:
    """Replace all packages of a listing at once; one bad package refuses all and the old ones stay."""
    rows = [
        ServicePackage(
            service=service,
            name=package.name,
            price=package.price,
            included_hours=package.included_hours,
            sort_order=position,
        )
        for position, package in enumerate(packages)
    ]
    errors: list[ValidationError] = []
    for row in rows:
        try:
            row.full_clean(exclude=["service"])
        except ValidationError as error:
            errors.extend(
                ValidationError(
                    _("Package %(position)d: %(message)s"),
                    code="invalid_package",
                    params={"position": row.sort_order + 1, "message": message},
                )
                for message in error.messages
            )
    if errors:
        raise ValidationError(errors)
    _lock(service)
    service.packages.all().delete()
    return ServicePackage.objects.bulk_create(rows)


@transaction.atomic
def service_document_add(*, service: Service, title: str, file: File) -> ServiceDocument:
    """Attach a document customers can download; the file is checked by content (PDF, JPEG or PNG, ≤ 10 MB)."""
    document = ServiceDocument(service=service, title=title, file=file)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def service_document_remove(*, document: ServiceDocument) -> None:
    """Remove a document and, once committed, its file."""
    file = document.file
    document.delete()
    _delete_file_on_commit(file)


@transaction.atomic
def service_translations_set(*, service: Service, translations: Iterable[TranslationData]) -> list[ServiceTranslation]:
    """Replace the listing's translations; each is for another site language than the original, at most once."""
    site_languages = dict(settings.LANGUAGES)
    rows: list[ServiceTranslation] = []
    errors: list[ValidationError] = []
    seen: set[str] = set()
    for item in translations:
        if item.language not in site_languages:
            errors.append(
                ValidationError(
                    _("“%(language)s” is not a language of this site."),
                    code="unknown_language",
                    params={"language": item.language},
                )
            )
            continue
        name = str(site_languages[item.language])
        if item.language == service.original_language:
            errors.append(
                ValidationError(
                    _("The listing is written in %(language)s; a translation must be into another language."),
                    code="translation_of_original",
                    params={"language": name},
                )
            )
            continue
        if item.language in seen:
            errors.append(
                ValidationError(
                    _("There are two translations into %(language)s."),
                    code="duplicate_translation",
                    params={"language": name},
                )
            )
            continue
        seen.add(item.language)
        row = ServiceTranslation(service=service, language=item.language, name=item.name, description=item.description)
        try:
            row.full_clean(exclude=["service"], validate_unique=False)
        except ValidationError as error:
            errors.extend(
                ValidationError("%(language)s: %(message)s", params={"language": name, "message": message})
                for message in error.messages
            )
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    _lock(service)
    service.translations.all().delete()
    return ServiceTranslation.objects.bulk_create(rows)


def _check_languages(codes: Iterable[str]) -> None:
    unknown = sorted(set(codes) - SPOKEN_LANGUAGE_CODES)
    if unknown:
        error = ValidationError(
            _("Unknown language code: %(codes)s."), code="unknown_language", params={"codes": ", ".join(unknown)}
        )
        raise ValidationError({"languages": error})


@transaction.atomic
def service_languages_set(*, service: Service, codes: Iterable[str]) -> list[ServiceLanguage]:
    """Replace the languages the service is delivered in (codes from ``providers.languages``)."""
    wanted = sorted(set(codes))
    _check_languages(wanted)
    _lock(service)
    service.languages.all().delete()
    return ServiceLanguage.objects.bulk_create(ServiceLanguage(service=service, code=code) for code in wanted)
