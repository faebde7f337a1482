"""The service-area map of a provider: a sentence that is always there, and a map drawn over it by JavaScript."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from netfix.sanitize import clean_html
from providers.maps import ServiceArea, uses_google_maps

register = template.Library()


@register.inclusion_tag("providers/partials/service_area_map.html", takes_context=True)
def service_area_map(context: template.Context, area: ServiceArea | None, *, heading_id: str = "service-area") -> dict:
    """Everything ``static/js/provider-map.js`` reads from ``data-`` attributes (no inline script, CSP nonce).

    The tile attribution is operator-written HTML; it is still cleaned, because Leaflet puts it into the page as HTML.
    """
    request: Any = context.get("request")
    return {
        "area": area,
        "heading_id": heading_id,
        "request": request,
        "google_maps_key": settings.GOOGLE_MAPS_API_KEY if uses_google_maps() else "",
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": clean_html(settings.MAP_TILE_ATTRIBUTION),
    }
