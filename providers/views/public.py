"""Public provider pages: the company profile with its services, and one page per service."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace.reviews.views import review_section
from providers import maps, selectors
from providers.models import ProviderProfile, Service

SERVICES_PER_PAGE = 12


@require_GET
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        provider = selectors.provider_detail(pk)
    except ProviderProfile.DoesNotExist as error:
        raise Http404 from error
    services = Paginator(selectors.provider_services(provider), SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    area = maps.service_area(provider)
    response = render(
        request,
        "providers/provider_detail.html",
        {
            "provider": provider,
            "services": services,
            "service_area": area,
            "review_section": review_section(request, provider=provider),
        },
    )
    return maps.allow_map_sources(response) if area else response


@require_GET
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        service = selectors.service_detail(pk, viewer=selectors.own_provider_profile(request.user))
    except Service.DoesNotExist as error:
        raise Http404 from error
    area = maps.service_area(service.provider)  # a service is offered where its provider works
    response = render(
        request,
        "providers/service_detail.html",
        {
            "service": service,
            "provider": service.provider,
            "service_area": area,
            "review_section": review_section(request, service=service),
        },
    )
    return maps.allow_map_sources(response) if area else response
