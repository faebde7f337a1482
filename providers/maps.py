"""Service-area maps: what a map shows, where its tiles come from, and what the page's CSP must allow for it.

Leaflet with a configurable tile server by default; Google Maps when ``GOOGLE_MAPS_API_KEY`` is set
(docs/decisions/0029-maps.md). Kept free of model imports at module level: the settings import
:func:`tile_origin` to put the tile server into the Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Final, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.http import HttpResponseBase

    from providers.models import ProviderProfile

ResponseT = TypeVar("ResponseT", bound="HttpResponseBase")

PUBLIC_COORDINATE_STEP: Final = Decimal("0.01")
"""About 1 km: public maps show where a provider works, not the door of a sole trader's home."""

# What the Google Maps JavaScript API loads (its CSP guide, allowlist form), added to the policy of a page only
# while it shows a Google map. ``'unsafe-eval'`` and inline styles are Google's requirements, not ours.
GOOGLE_MAPS_CSP: Final[dict[str, list[str]]] = {
    "script-src": ["https://maps.googleapis.com", "https://*.googleapis.com", "https://*.gstatic.com", "'unsafe-eval'"],
    "img-src": ["https://*.googleapis.com", "https://*.gstatic.com", "https://*.google.com", "https://*.ggpht.com",
                "https://*.googleusercontent.com"],
    "connect-src": ["https://*.googleapis.com", "https://*.google.com", "https://*.gstatic.com", "data:", "blob:"],
    "font-src": ["https://fonts.gstatic.com"],
    "style-src": ["'unsafe-inline'", "https://fonts.googleapis.com"],
    "frame-src": ["https://*.google.com"],
    "worker-src": ["blob:"],
}  # fmt: skip


def tile_origin(url_template: str) -> str:
    """The origin a Leaflet tile URL template loads from, for ``img-src`` (``{s}`` subdomains become ``*``).

    A template that is not http(s) or has another placeholder in its host name is a configuration error: the
    policy could not name the server, and the map would stay blank.
    """
    parts = urlsplit(url_template)
    host = parts.netloc.replace("{s}", "*")
    if parts.scheme not in {"http", "https"} or not host or "{" in host or "}" in host or "@" in host:
        raise ImproperlyConfigured(
            "MAP_TILE_URL must be an http(s) URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        )
    return f"{parts.scheme}://{host}"


@dataclass(frozen=True, slots=True)
class ServiceArea:
    """Where a provider works: a public point (rounded, see ``PUBLIC_COORDINATE_STEP``) and a radius."""

    place: str  # "Lyon, FR": the geocoded place name the profile stores in ``address``
    latitude: Decimal
    longitude: Decimal
    radius_km: int


def service_area(provider: ProviderProfile) -> ServiceArea | None:
    """The provider's service area for public pages, or ``None`` when they have not set one (no map then)."""
    if provider.latitude is None or provider.longitude is None:
        return None
    return ServiceArea(
        place=provider.address,
        latitude=Decimal(provider.latitude).quantize(PUBLIC_COORDINATE_STEP, ROUND_HALF_EVEN),
        longitude=Decimal(provider.longitude).quantize(PUBLIC_COORDINATE_STEP, ROUND_HALF_EVEN),
        radius_km=provider.service_radius_km,
    )


def uses_google_maps() -> bool:
    return bool(settings.GOOGLE_MAPS_API_KEY)


def allow_map_sources(response: ResponseT) -> ResponseT:
    """Let a page that shows a map load Google's scripts, styles and images, only when Google draws the map.

    The tile server of the default Leaflet map is in the site-wide ``img-src`` already (settings); Google needs
    much more (``'unsafe-eval'``, inline styles), so it is added to this response only, never to other pages.
    """
    if uses_google_maps():
        response._csp_update = GOOGLE_MAPS_CSP  # type: ignore[attr-defined]  # read by django-csp's middleware
    return response
