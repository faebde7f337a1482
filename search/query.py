"""What a search asks and what it answers: the one shape shared by the page, the API and both backends.

``search.params.parse`` reads untrusted query-string parameters and either returns a valid ``SearchQuery`` or raises
``ValidationError`` naming each bad parameter with a translated message (HTTP 400 in the API, a message on the page):
negative prices, a radius beyond ``MAX_RADIUS_KM``, malformed dates, a text longer than ``MAX_TEXT``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

SORTS = ("relevance", "price", "-price", "rating", "distance", "newest", "popular")
MAX_TEXT = 200
MAX_RADIUS_KM = 500
MAX_PAGE_SIZE = 100
# Price bands of the price facet (upper bounds, per hour, in the listing currency); the last band is open.
PRICE_BANDS = (Decimal("25"), Decimal("50"), Decimal("100"), Decimal("200"))
RATING_BANDS = (4, 3, 2)  # "4 stars and more", ...


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    language: str = "en"  # the page's language: text matched in it, with fallback to the original
    categories: tuple[str, ...] = ()  # category slugs
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    min_rating: Decimal | None = None
    verified_only: bool = False
    latitude: float | None = None
    longitude: float | None = None
    radius_km: int | None = None
    available_on: date | None = None
    spoken_language: str = ""
    provider_id: int | None = None  # one provider's services (a company page's own search)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class Facets:
    categories: list[FacetCount] = field(default_factory=list)  # value = category slug
    price_bands: list[FacetCount] = field(default_factory=list)  # value = "0-25", "25-50", ..., "200-"
    ratings: list[FacetCount] = field(default_factory=list)  # value = "4", "3", "2" (that many stars and more)
    verified: list[FacetCount] = field(default_factory=list)  # value = "true" / "false"


@dataclass(frozen=True)
class Hit:
    service_id: int
    distance_km: float | None = None
    promoted: bool = False


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    facets: Facets
    query: SearchQuery
    corrected_text: str = ""  # the words as typed found nothing: the hits are for this text, misspellings corrected
