"""Reads of provider data, shaped for the pages and endpoints that use them."""

from __future__ import annotations

from django.db.models import QuerySet

from providers.fields_of_work import ALL_IN_ONE
from providers.models import Category, ProviderProfile, Service


def category_list() -> QuerySet[Category]:
    """All fields of work in display order (including "All in One", which providers may choose)."""
    return Category.objects.order_by("sort_order", "name")


def service_list(*, category: Category | None = None) -> QuerySet[Service]:
    """Services newest first, with provider and category joined so listing pages run a fixed number of queries.

    For "All in One", which no service belongs to, the list is the services of providers who work in all fields.
    """
    services = Service.objects.select_related("provider", "category").order_by("-created_at", "-pk")
    if category is None:
        return services
    if category.slug == ALL_IN_ONE:
        return services.filter(provider__fields_of_work=category)
    return services.filter(category=category)


def most_requested_services() -> QuerySet[Service]:
    """Services ranked by how often they were requested, then newest first.

    Bookings do not exist yet (bookings issue): every count is 0 until then, so the order is newest first.
    """
    return service_list()


def provider_detail(pk: int) -> ProviderProfile:
    """One provider with its fields of work, for its public page (raises ``ProviderProfile.DoesNotExist``)."""
    return ProviderProfile.objects.select_related("user").prefetch_related("fields_of_work").get(pk=pk)


def provider_services(provider: ProviderProfile) -> QuerySet[Service]:
    """A provider's listings, newest first (the NetFix company profile)."""
    return service_list().filter(provider=provider)


def service_detail(pk: int) -> Service:
    """One listing with its provider and category joined (raises ``Service.DoesNotExist``)."""
    return service_list().get(pk=pk)
