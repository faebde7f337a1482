"""Query-string parameters to a :class:`~search.query.SearchQuery`, for the search page and the API alike.

Every parameter is untrusted. :func:`parse` either returns a valid query or raises ``ValidationError`` with a dict
``{parameter: translated message}`` naming every bad parameter at once, so the page and the API answer 400 with
something a person can fix. Free text is never rejected for its content: quotes, operators, SQL or FTS syntax are
just words to the backends; only control characters are dropped (PostgreSQL refuses NUL in a string).
An unknown category slug is not an error: it simply matches nothing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from netfix.money import MINOR_UNIT
from providers.geocoding import GeocodingError, geocode
from providers.languages import SPOKEN_LANGUAGE_CODES
from search.query import MAX_PAGE_SIZE, MAX_RADIUS_KM, MAX_TEXT, SORTS, SearchQuery

LANGUAGES = ("en", "fr", "es", "ar")
DATE_AHEAD_DAYS = 60
"""Days are indexed this far ahead (``search.indexing.DAYS_AHEAD``); a later date could only ever find nothing."""
MAX_PRICE = Decimal(1_000_000)
COORDINATE_PLACES = 6  # about 0.1 m
MAX_PAGE = 10_000
MAX_ID = 999_999_999_999  # the integer parser reads at most 12 characters
MAX_CATEGORIES = 20
DEFAULT_PAGE_SIZE = 20
TRUE = {"1", "true", "on", "yes"}
FALSE = {"", "0", "false", "off", "no"}
_SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Params = Mapping[str, str | Sequence[str]]


def _values(params: Params, name: str) -> list[str]:
    """Every value of a parameter, from a QueryDict or a plain dict of strings or lists."""
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist is not None else params.get(name, [])
    values = [raw] if isinstance(raw, str) else list(raw or [])
    return [str(value) for value in values]


def _value(params: Params, name: str) -> str:
    values = _values(params, name)
    return values[-1].strip() if values else ""


def plain_text(text: str) -> str:
    """The text with control and format characters (NUL, bidi overrides) turned into spaces, whitespace collapsed."""
    return " ".join("".join(" " if unicodedata.category(char) in {"Cc", "Cf"} else char for char in text).split())


class _Parser:
    def __init__(self, params: Params) -> None:
        self.params = params
        self.errors: dict[str, str] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def decimal(self, name: str, low: Decimal, high: Decimal, message: str) -> Decimal | None:
        raw = _value(self.params, name)
        if not raw:
            return None
        try:
            number = Decimal(raw)
        except (InvalidOperation, ValueError):
            number = Decimal("NaN")
        if not number.is_finite() or not low <= number <= high:
            self.fail(name, message)
            return None
        return number

    def integer(self, name: str, low: int, high: int, message: str) -> int | None:
        raw = _value(self.params, name)
        if not raw:
            return None
        if len(raw) > 12 or not raw.lstrip("-").isdigit() or not raw.isascii():
            self.fail(name, message)
            return None
        number = int(raw)
        if not low <= number <= high:
            self.fail(name, message)
            return None
        return number

    def coordinate(self, name: str, limit: int) -> float | None:
        raw = _value(self.params, name)
        if not raw:
            return None
        try:
            number = float(raw) if len(raw) <= 32 else math.nan
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or abs(number) > limit:
            self.fail(name, _("Enter a number between -%(limit)d and %(limit)d.") % {"limit": limit})
            return None
        return round(number, COORDINATE_PLACES) + 0.0  # + 0.0: -0.0 is 0.0, one query


def _to_cent(number: Decimal | None, rounding: str) -> Decimal | None:
    """``number`` to the cent, so "10", "10.0" and "10.000" make one query (and one cache entry), not three.

    Prices and rating averages are stored to the cent: bounds rounded to it inwards find the same rows.
    """
    return None if number is None else number.quantize(MINOR_UNIT, rounding) + 0  # + 0: "-0" is 0.00 too


def parse(params: Params, *, language: str) -> SearchQuery:
    """A valid :class:`SearchQuery` from query-string parameters, or ``ValidationError({parameter: message})``."""
    parser = _Parser(params)

    text = plain_text(_value(params, "q"))
    if len(text) > MAX_TEXT:
        parser.fail("q", _("Enter at most %(max)d characters.") % {"max": MAX_TEXT})

    categories = [value.strip() for value in _values(params, "category") if value.strip()]
    if len(categories) > MAX_CATEGORIES:
        parser.fail("category", _("Choose at most %(max)d categories.") % {"max": MAX_CATEGORIES})
    # A slug that cannot exist is kept as "" (no category has it): the search finds nothing rather than everything.
    slugs = tuple(dict.fromkeys(value if _SLUG_RE.match(value) else "" for value in categories[:MAX_CATEGORIES]))

    price_message = _("Enter a price of zero or more, up to %(max)s.") % {"max": MAX_PRICE}
    price_min = parser.decimal("price_min", Decimal(0), MAX_PRICE, price_message)
    price_max = parser.decimal("price_max", Decimal(0), MAX_PRICE, price_message)
    if price_min is not None and price_max is not None and price_min > price_max:
        parser.fail("price_max", _("The highest price must not be below the lowest price."))
    price_min, price_max = _to_cent(price_min, ROUND_CEILING), _to_cent(price_max, ROUND_FLOOR)

    min_rating = parser.decimal("rating", Decimal(1), Decimal(5), _("Choose a rating between 1 and 5 stars."))
    min_rating = _to_cent(min_rating, ROUND_CEILING)

    verified_raw = _value(params, "verified").lower()
    if verified_raw not in TRUE | FALSE:
        parser.fail("verified", _("Choose whether to show verified providers only."))

    latitude = parser.coordinate("lat", 90)
    longitude = parser.coordinate("lon", 180)
    if (latitude is None) != (longitude is None) and not {"lat", "lon"} & parser.errors.keys():
        parser.fail("lat" if latitude is None else "lon", _("Give both a latitude and a longitude."))
    near = plain_text(_value(params, "near"))
    if near and latitude is None and longitude is None and not {"lat", "lon"} & parser.errors.keys():
        try:
            place = geocode(near, language=language)
        except ValueError as error:
            parser.fail("near", str(error))
        except GeocodingError as error:
            parser.fail("near", str(error))
        else:
            if place is None:
                parser.fail("near", _("We do not know this place. Check the spelling or try a nearby city."))
            else:
                latitude, longitude = float(place.latitude), float(place.longitude)
    radius = parser.integer(
        "radius", 1, MAX_RADIUS_KM, _("Choose a distance between 1 and %(max)d km.") % {"max": MAX_RADIUS_KM}
    )

    available_on = None
    raw_date = _value(params, "date")
    if raw_date:
        today = timezone.localdate()
        try:
            available_on = date.fromisoformat(raw_date) if _DATE_RE.match(raw_date) else None
        except ValueError:
            available_on = None
        if available_on is None:
            parser.fail("date", _("Enter a date as YYYY-MM-DD."))
        elif not today <= available_on <= today + timedelta(days=DATE_AHEAD_DAYS):
            parser.fail(
                "date", _("Choose a date between today and %(days)d days from now.") % {"days": DATE_AHEAD_DAYS}
            )
            available_on = None

    provider_message = _("Enter a provider id: a whole number from 1.")
    provider_id = parser.integer("provider", 1, MAX_ID, provider_message)
    if _values(params, "provider") and not _value(params, "provider"):  # no form sends it empty: a broken link
        parser.fail("provider", provider_message)

    spoken = _value(params, "lang").lower()
    if spoken and spoken not in SPOKEN_LANGUAGE_CODES:
        parser.fail("lang", _("Choose a language from the list."))

    sort = _value(params, "sort") or "relevance"
    if sort not in SORTS:
        parser.fail("sort", _("Choose a sort order from the list."))

    page = parser.integer("page", 1, MAX_PAGE, _("Enter a page number from 1 to %(max)d.") % {"max": MAX_PAGE})
    page_size = parser.integer(
        "page_size", 1, MAX_PAGE_SIZE, _("Choose between 1 and %(max)d results per page.") % {"max": MAX_PAGE_SIZE}
    )

    if parser.errors:
        raise ValidationError(parser.errors)
    return SearchQuery(
        text=text,
        language=language if language in LANGUAGES else "en",
        categories=slugs,
        price_min=price_min,
        price_max=price_max,
        min_rating=min_rating,
        verified_only=verified_raw in TRUE,
        latitude=latitude,
        longitude=longitude,
        radius_km=radius if latitude is not None else None,
        available_on=available_on,
        spoken_language=spoken,
        provider_id=provider_id,
        sort=sort,
        page=page or 1,
        page_size=page_size or DEFAULT_PAGE_SIZE,
    )
