"""Reads of provider data, shaped for the pages and endpoints that use them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet

from providers.fields_of_work import ALL_IN_ONE
from providers.models import Category, ProviderProfile, Service
from providers.verification import verified_expression


def category_list() -> QuerySet[Category]:
    """All fields of work in display order (including "All in One", which providers may choose)."""
    return Category.objects.order_by("sort_order", "name")


def service_list(*, category: Category | None = None) -> QuerySet[Service]:
    """Services newest first, with provider and category joined so listing pages run a fixed number of queries.

    For "All in One", which no service belongs to, the list is the services of providers who work in all fields.
    Each service carries ``provider_verified`` (one SQL expression, no extra query); with
    ``UNVERIFIED_LISTINGS = "hide"`` the services of providers who are not verified are left out. Paused services
    are never listed (their provider sees them through :func:`own_services`).
    """
    services = (
        Service.objects.filter(status=Service.Status.ACTIVE)
        .select_related("provider", "category")
        .annotate(provider_verified=ExpressionWrapper(verified_expression("provider_id"), output_field=BooleanField()))
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


def most_requested_services() -> QuerySet[Service]:
    """Services ranked by how often they were requested, then newest first.

    Bookings do not exist yet (bookings issue): every count is 0 until then, so the order is newest first.
    """
    return service_list()


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
    """One provider with its fields of work and ``is_verified``, for its public page (raises ``DoesNotExist``)."""
    return (
        ProviderProfile.objects.select_related("user")
        .prefetch_related("fields_of_work")
        .annotate(is_verified=ExpressionWrapper(verified_expression("pk"), output_field=BooleanField()))
        .get(pk=pk)
    )


def provider_services(provider: ProviderProfile) -> QuerySet[Service]:
    """A provider's listings, newest first (the NetFix company profile)."""
    return service_list().filter(provider=provider)


def service_detail(pk: int) -> Service:
    """One listing with its provider and category joined (raises ``Service.DoesNotExist``)."""
    return service_list().get(pk=pk)


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
