"""Query-string parameters to a SearchQuery: valid ones parsed, each bad one named with a translated message."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone, translation

from search.params import parse
from search.query import MAX_PAGE_SIZE, MAX_RADIUS_KM, MAX_TEXT, SearchQuery
from tests.hostile import HOSTILE_STRINGS


def errors(params, language="en") -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        parse(params, language=language)
    return caught.value.message_dict


def test_parse_empty_is_the_default_query():
    assert parse({}, language="en") == SearchQuery()


def test_parse_every_parameter():
    day = timezone.localdate() + timedelta(days=2)
    params = QueryDict(mutable=True)
    params.update(
        {
            "q": "  leaky   tap ",
            "price_min": "10",
            "price_max": "99.5",
            "rating": "4",
            "verified": "true",
            "lat": "48.85",
            "lon": "2.35",
            "radius": "30",
            "date": day.isoformat(),
            "lang": "AR",
            "provider": "17",
            "sort": "-price",
            "page": "3",
            "page_size": "50",
        }
    )
    params.setlist("category", ["plumbing", "cleaning"])
    query = parse(params, language="fr")
    assert query == SearchQuery(
        text="leaky tap",
        language="fr",
        categories=("plumbing", "cleaning"),
        price_min=Decimal(10),
        price_max=Decimal("99.5"),
        min_rating=Decimal(4),
        verified_only=True,
        latitude=48.85,
        longitude=2.35,
        radius_km=30,
        available_on=day,
        spoken_language="ar",
        provider_id=17,
        sort="-price",
        page=3,
        page_size=50,
    )


def test_parse_writes_one_query_one_way():
    """Spellings of the same bounds make the same query, down to its ``repr`` (the cache key of search/cache.py)."""
    spellings = [
        {"price_min": "10", "price_max": "99.5", "rating": "4", "lat": "48.85", "lon": "2.35"},
        {"price_min": "10.000", "price_max": "99.50", "rating": "4.0", "lat": "48.8500000001", "lon": "2.35000000"},
        {"price_min": "9.991", "price_max": "99.509", "rating": "3.991", "lat": "4.885e1", "lon": "2.3500000004"},
    ]
    queries = [parse(params, language="en") for params in spellings]
    assert len({repr(query) for query in queries}) == 1
    # Rounded inwards to the cent prices and averages are stored to: the same services are found.
    assert (queries[0].price_min, queries[0].price_max, queries[0].min_rating) == (
        Decimal("10.00"),
        Decimal("99.50"),
        Decimal("4.00"),
    )
    assert parse({"price_min": "0.001", "price_max": "0.009"}, language="en").price_max == Decimal("0.00")
    zero = {"price_min": "0", "lat": "0", "lon": "0"}
    negative_zero = {"price_min": "-0", "lat": "-0.0000001", "lon": "-0.0"}
    assert repr(parse(negative_zero, language="en")) == repr(parse(zero, language="en"))


def test_parse_near_geocodes_the_city():
    query = parse({"near": "Lyon", "radius": "10"}, language="en")
    assert query.latitude == pytest.approx(45.75, abs=0.1)
    assert query.longitude == pytest.approx(4.85, abs=0.1)
    assert query.radius_km == 10


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * (MAX_TEXT + 1)}, "q"),
        ({"price_min": "-1"}, "price_min"),
        ({"price_min": "abc"}, "price_min"),
        ({"price_max": "NaN"}, "price_max"),
        ({"price_max": "Infinity"}, "price_max"),
        ({"price_max": "9" * 400}, "price_max"),
        ({"price_min": "50", "price_max": "10"}, "price_max"),
        ({"rating": "0"}, "rating"),
        ({"rating": "6"}, "rating"),
        ({"verified": "maybe"}, "verified"),
        ({"lat": "91", "lon": "0"}, "lat"),
        ({"lat": "0", "lon": "-181"}, "lon"),
        ({"lat": "48.8"}, "lon"),
        ({"lon": "2.3"}, "lat"),
        ({"lat": "nan", "lon": "1"}, "lat"),
        ({"near": "Atlantisville-sur-Mer"}, "near"),
        ({"near": "x" * 300}, "near"),
        ({"lat": "1", "lon": "1", "radius": "0"}, "radius"),
        ({"lat": "1", "lon": "1", "radius": str(MAX_RADIUS_KM + 1)}, "radius"),
        ({"lat": "1", "lon": "1", "radius": "-5"}, "radius"),
        ({"date": "2026-13-01"}, "date"),
        ({"date": "26/11/2026"}, "date"),
        ({"date": "20261126"}, "date"),
        ({"date": (timezone.localdate() - timedelta(days=1)).isoformat()}, "date"),
        ({"date": (timezone.localdate() + timedelta(days=61)).isoformat()}, "date"),
        ({"lang": "klingon"}, "lang"),
        ({"sort": "price; DROP TABLE"}, "sort"),
        ({"provider": "0"}, "provider"),
        ({"provider": "one"}, "provider"),
        ({"provider": "9" * 400}, "provider"),
        ({"provider": ""}, "provider"),  # as the plain list: a provider filter without a provider
        ({"provider": " "}, "provider"),
        ({"page": "0"}, "page"),
        ({"page": "9" * 400}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": str(MAX_PAGE_SIZE + 1)}, "page_size"),
    ],
)
def test_parse_refuses_bad_parameters_by_name(params, field):
    assert field in errors(params)


def test_parse_names_every_bad_parameter_at_once_in_the_language():
    with translation.override("fr"):
        found = errors({"price_min": "-1", "sort": "nope", "page": "0"}, language="fr")
    assert set(found) == {"price_min", "sort", "page"}
    assert all(message and isinstance(message, str) for messages in found.values() for message in messages)


def test_parse_unknown_or_impossible_category_is_not_an_error():
    assert parse({"category": ["no-such-thing"]}, language="en").categories == ("no-such-thing",)
    # A value that cannot be a slug matches nothing (never everything).
    assert parse({"category": ["' OR 1=1 --"]}, language="en").categories == ("",)


@pytest.mark.parametrize("text", ["' OR 1=1 --", "NEAR(a b)", '"*', "a\x00b", "\u202eevil"])
def test_parse_keeps_query_syntax_as_plain_text(text):
    query = parse({"q": text}, language="en")
    assert "\x00" not in query.text
    assert "\u202e" not in query.text


@pytest.mark.parametrize(
    "name", ["q", "price_min", "rating", "lat", "near", "radius", "date", "lang", "provider", "sort", "page"]
)
def test_parse_survives_the_hostile_corpus(name):
    """Each hostile string in each parameter: a query or a ValidationError, nothing else."""
    for value in HOSTILE_STRINGS.values():
        with contextlib.suppress(ValidationError):
            parse({name: value, "lat": "1", "lon": "1"} if name == "radius" else {name: value}, language="en")
