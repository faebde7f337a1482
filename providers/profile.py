"""The provider's company profile: editing it in one atomic step, and whether onboarding has finished with it.

The service area is stored as the geocoded place ("Lyon, FR") with its coordinates, never as the street someone
typed: the public page shows it (docs/decisions/0028-provider-profile.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from accounts.timezones import validate_time_zone
from netfix.sanitize import clean_text
from netfix.uploads import validate_image_upload
from providers.geocoding import GeocodingError, Place, geocode
from providers.languages import SPOKEN_LANGUAGE_CODES
from providers.models import Category, ProviderLanguage, ProviderProfile
from providers.services import normalise_fields_of_work

MIN_RADIUS_KM = 1
MAX_RADIUS_KM = 500


def profile_is_complete(provider: ProviderProfile) -> bool:
    """Onboarding's first step is done once the provider has said where they work (a service area)."""
    return provider.has_service_area


def place_label(place: Place) -> str:
    """ "Lyon, FR": the place's name and country code, what the public page and the form show."""
    return f"{place.name}, {place.country_code}" if place.country_code else place.name


def _locate(provider: ProviderProfile, address: str) -> tuple[str, Any, Any]:
    """The stored label and coordinates for ``address``; an unchanged, already located address is not looked up.

    Raises ``ValidationError`` on ``address`` for a place nobody knows, input that cannot be a place name, or a
    geocoder that is down, so the form shows why and nothing is saved.
    """
    if provider.has_service_area and address == provider.address:
        return provider.address, provider.latitude, provider.longitude
    try:
        place = geocode(address)
    except (ValueError, GeocodingError) as error:
        raise ValidationError({"address": ValidationError(str(error), code="geocoding_failed")}) from None
    if place is None:
        raise ValidationError(
            {
                "address": ValidationError(
                    _("We could not find “%(address)s”. Enter a city, for example “Lyon” or “Lyon, France”."),
                    code="unknown_place",
                    params={"address": address},
                )
            }
        )
    return place_label(place), place.latitude, place.longitude


@transaction.atomic
def provider_profile_update(
    *,
    provider: ProviderProfile,
    company_name: str,
    bio: str,
    fields_of_work: Iterable[Category],
    languages: Iterable[str],
    time_zone: str,
    address: str,
    service_radius_km: int,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> ProviderProfile:
    """Save the whole company profile at once: everything is checked (and the address geocoded) before any write.

    A new ``logo`` becomes a Wagtail image (WebP renditions on the public page) and the old one is deleted, as is
    the logo when ``remove_logo`` is set. "All in One" chosen with other fields keeps it alone. Errors are one
    ``ValidationError`` keyed by field; the provider row is locked so two edits cannot interleave.
    """
    company_name = clean_text(company_name, multiline=False).strip()
    bio = clean_text(bio).strip()
    address = clean_text(address, multiline=False).strip()
    chosen_fields = normalise_fields_of_work(fields_of_work)
    codes = sorted(set(languages))
    errors: dict[str, list[ValidationError]] = {}
    if not company_name:
        errors.setdefault("company_name", []).append(ValidationError(_("Enter your company name."), code="required"))
    if not chosen_fields:
        errors.setdefault("fields_of_work", []).append(
            ValidationError(_("Choose at least one field of work."), code="required")
        )
    if unknown := [code for code in codes if code not in SPOKEN_LANGUAGE_CODES]:
        errors.setdefault("languages", []).append(
            ValidationError(_("Unknown language: %(codes)s."), code="invalid", params={"codes": ", ".join(unknown)})
        )
    if not MIN_RADIUS_KM <= service_radius_km <= MAX_RADIUS_KM:
        errors.setdefault("service_radius_km", []).append(
            ValidationError(
                _("The radius must be between %(min)d and %(max)d km."),
                code="invalid_radius",
                params={"min": MIN_RADIUS_KM, "max": MAX_RADIUS_KM},
            )
        )
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        errors.setdefault("time_zone", []).append(error)
    if logo is not None:
        try:
            validate_image_upload(logo)
        except ValidationError as error:
            errors.setdefault("logo", []).append(error)
    if not address:
        errors.setdefault("address", []).append(ValidationError(_("Enter the city you work from."), code="required"))
    if errors:
        raise ValidationError(errors)  # before geocoding: no lookup (or Google bill) for a form that fails anyway
    label, latitude, longitude = _locate(provider, address)

    ProviderProfile.objects.select_for_update().filter(pk=provider.pk).first()
    old_logo = provider.logo if (logo is not None or remove_logo) else None
    if logo is not None:
        image = get_image_model()(title=_("%(company)s logo") % {"company": company_name}, file=logo)
        image._set_image_file_metadata()  # size and hash, as Wagtail's own upload views do
        image.save()
        provider.logo = image
    elif remove_logo:
        provider.logo = None
    provider.company_name = company_name
    provider.bio = bio
    provider.time_zone = time_zone
    provider.address = label
    provider.latitude = latitude
    provider.longitude = longitude
    provider.service_radius_km = service_radius_km
    provider.save(
        update_fields=[
            "company_name",
            "bio",
            "time_zone",
            "address",
            "latitude",
            "longitude",
            "service_radius_km",
            "logo",
            "updated_at",
        ]
    )
    provider.fields_of_work.set(chosen_fields)
    ProviderLanguage.objects.filter(provider=provider).exclude(code__in=codes).delete()
    existing = set(ProviderLanguage.objects.filter(provider=provider).values_list("code", flat=True))
    ProviderLanguage.objects.bulk_create(
        [ProviderLanguage(provider=provider, code=code) for code in codes if code not in existing]
    )
    if old_logo is not None:
        old_logo.delete()  # Wagtail deletes the file and renditions once the transaction commits
    return provider
