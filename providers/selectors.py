"""Reads of provider data, shaped for the pages and endpoints that use them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, QuerySet
from django.utils import timezone
from wagtail.images import get_image_model

from providers.fields_of_work import ALL_IN_ONE
from providers.models import (
    Category,
    ProviderProfile,
    Service,
    ServicePhoto,
    TimeOff,
    VerificationDocument,
    WeeklyAvailability,
)
from providers.translations import active_translation_prefetch
from providers.verification import verified_expression

# Renditions the service page shows: the gallery thumbnail and the enlarged photo it links to.
SERVICE_PHOTO_RENDITIONS = ("fill-400x300|format-webp", "max-1600x1200|format-webp")


def category_list() -> QuerySet[Category]:
    """All fields of work in display order (including "All in One", which providers may choose)."""
    return Category.objects.order_by("sort_order", "name")


def service_list(*, category: Category | None = None) -> QuerySet[Service]:
    """Services newest first, with provider and category joined so listing pages run a fixed number of queries.

    For "All in One", which no service belongs to, the list is the services of providers who work in all fields.
    Each service carries ``provider_verified`` (one SQL expression, no extra query); with
    ``UNVERIFIED_LISTINGS = "hide"`` the services of providers who are not verified are left out. Paused services
    are never listed (their provider sees them through :func:`own_services`). The translation for the active
    language is prefetched (``service.active_translations``, one query per page, see ``providers/translations.py``).
    """
    services = (
        Service.objects.filter(status=Service.Status.ACTIVE)
        .select_related("provider", "category")
        .annotate(provider_verified=ExpressionWrapper(verified_expression("provider_id"), output_field=BooleanField()))
        .prefetch_related(active_translation_prefetch())
        .order_by("-created_at", "-pk")
    )
    if settings.UNVERIFIED_LISTINGS == "hide":
        services = services.filter(provider_verified=True)
    if category is None:
        return services
    return services_in_category(services, category)


def services_in_category(services: QuerySet[Service], category: Category) -> QuerySet[Service]:
    """Narrow ``services`` to a field of work; for "All in One", the services of providers who work in all fields."""
    if category.slug == ALL_IN_ONE:
        return services.filter(provider__fields_of_work=category)
    return services.filter(category=category)


def most_requested_services() -> Sequence[Service]:
    """Listed services ranked by bookings (declined and expired ones not counted), then newest first.

    The ranking is cached and dropped whenever a booking is made or changes status (``providers/popularity.py``);
    each service of a page carries ``request_count``. Paginate it like a queryset.
    """
    from providers.popularity import RankedServices, ranking

    return RankedServices(ranking())


def provider_list() -> QuerySet[ProviderProfile]:
    """Every provider by company name, with fields of work prefetched and ``is_verified`` annotated (flat queries).

    Unverified providers stay listed under ``UNVERIFIED_LISTINGS = "hide"``, as their company page does: only their
    services are hidden (decision 0026).
    """
    return (
        ProviderProfile.objects.prefetch_related("fields_of_work")
        .annotate(is_verified=ExpressionWrapper(verified_expression("pk"), output_field=BooleanField()))
        .order_by("company_name", "pk")
    )


def provider_detail(pk: int) -> ProviderProfile:
    """One provider with its logo, fields of work, languages and ``is_verified``, for its public page (raises
    ``DoesNotExist``)."""
    return (
        ProviderProfile.objects.select_related("user", "logo")
        .prefetch_related("fields_of_work", "languages")
        .annotate(is_verified=ExpressionWrapper(verified_expression("pk"), output_field=BooleanField()))
        .get(pk=pk)
    )


def provider_services(provider: ProviderProfile) -> QuerySet[Service]:
    """A provider's listings, newest first (the NetFix company profile)."""
    return service_list().filter(provider=provider)


def service_detail(pk: int, *, viewer: ProviderProfile | None = None) -> Service:
    """One listing for its public page, with photos (and their renditions), packages, documents and languages.

    A listing that is not publicly listed (paused, or hidden as unverified) is found only when ``viewer`` is its
    own provider, who may preview it; for everyone else it raises ``Service.DoesNotExist`` (a 404).
    """
    image_model = get_image_model()
    service = (
        Service.objects.select_related("provider", "category")
        .annotate(provider_verified=ExpressionWrapper(verified_expression("provider_id"), output_field=BooleanField()))
        .prefetch_related(
            active_translation_prefetch(),
            Prefetch("photos", queryset=ServicePhoto.objects.order_by("sort_order", "pk")),
            Prefetch("photos__image", queryset=image_model.objects.prefetch_renditions(*SERVICE_PHOTO_RENDITIONS)),
            "packages",
            "documents",
            "languages",
        )
        .get(pk=pk)
    )
    listed = service.is_active and (settings.UNVERIFIED_LISTINGS != "hide" or service.provider_verified)
    if not listed and (viewer is None or viewer.pk != service.provider_id):
        raise Service.DoesNotExist
    return service


def listing_categories(provider: ProviderProfile) -> QuerySet[Category]:
    """The categories ``provider`` may list a service in: its fields of work, or every field for "All in One"
    providers — never "All in One" itself, which is not a service's category."""
    categories = Category.objects.exclude(slug=ALL_IN_ONE).order_by("sort_order", "name")
    if provider.fields_of_work.filter(slug=ALL_IN_ONE).exists():
        return categories
    return categories.filter(providers=provider)


def own_services(provider: ProviderProfile) -> QuerySet[Service]:
    """Every listing of one provider, paused ones included, for the provider's own pages (newest first)."""
    return (
        Service.objects.filter(provider=provider)
        .select_related("category")
        .annotate(photo_count=Count("photos", distinct=True), package_count=Count("packages", distinct=True))
        .order_by("-created_at", "-pk")
    )


def own_provider_profile(user: Any) -> ProviderProfile | None:
    """The signed-in user's provider profile, or ``None`` for customers, staff and visitors."""
    if not user.is_authenticated:
        return None
    return ProviderProfile.objects.filter(user=user).first()


def own_weekly_hours(provider: ProviderProfile) -> QuerySet[WeeklyAvailability]:
    """A provider's weekly hours in week order, Monday first, for its hours page."""
    return WeeklyAvailability.objects.filter(provider=provider).order_by("weekday", "start_time", "pk")


def own_upcoming_time_off(provider: ProviderProfile) -> QuerySet[TimeOff]:
    """A provider's time off that is not over yet, soonest first."""
    return TimeOff.objects.filter(provider=provider, ends_at__gt=timezone.now()).order_by("starts_at", "pk")


def own_verification_documents(provider: ProviderProfile) -> QuerySet[VerificationDocument]:
    """Every document a provider has sent, newest first, with its field of work joined."""
    return (
        VerificationDocument.objects.filter(provider=provider).select_related("category").order_by("-created_at", "-pk")
    )
