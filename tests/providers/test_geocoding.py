"""Geocoding: the offline gazetteer, the Google backend, distances and hostile input.

The Google tests talk real HTTP to a small ``http.server`` on 127.0.0.1 that stands in for Google's Geocoding API,
which cannot be reached from here (and must not be, without a key and a bill). It answers with the JSON shapes the
API documents and records what it was asked.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import translation

from providers.geocoding import (
    SOURCE_GAZETTEER,
    SOURCE_GOOGLE,
    GeocodingError,
    Place,
    autocomplete_cities,
    distance_km,
    geocode,
    within_radius,
)
from tests.hostile import HOSTILE_STRINGS, MEGABYTE

API_KEY = "AIza-test-key-never-logged-0123456789"
PARIS = Place("Paris", Decimal("48.8566"), Decimal("2.3522"), "FR", SOURCE_GAZETTEER)
LONDON = Place("London", Decimal("51.5074"), Decimal("-0.1278"), "GB", SOURCE_GAZETTEER)


@pytest.fixture
def gazetteer(settings):
    """The offline backend, whatever the environment says."""
    settings.GOOGLE_MAPS_API_KEY = ""


# --- Gazetteer ------------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("gazetteer")
@pytest.mark.parametrize(
    "query", ["Paris", "paris", "  PARIS ", "paris, fr", "Paris, France", "Paris, FRA", "Paris,FR"]
)
def test_geocode_finds_paris_in_the_gazetteer(query):
    place = geocode(query, language="en")

    assert place is not None
    assert (place.name, place.country_code, place.source) == ("Paris", "FR", SOURCE_GAZETTEER)
    assert abs(place.latitude - Decimal("48.85")) < 1
    assert abs(place.longitude - Decimal("2.35")) < 1


@pytest.mark.usefixtures("gazetteer")
@pytest.mark.parametrize(
    ("query", "name", "country"),
    [
        ("São Paulo", "São Paulo", "BR"),
        ("sao paulo", "São Paulo", "BR"),
        ("SAO-PAULO", "São Paulo", "BR"),
        ("القاهرة", "Cairo", "EG"),  # GeoNames alternate names include Arabic, Chinese, Cyrillic… spellings
        ("Le Caire", "Cairo", "EG"),
        ("東京", "Tokyo", "JP"),
        ("London", "London", "GB"),  # the most populous London, not London, Ontario
        ("Paris, Texas", "Paris", "US"),  # a US state narrows the search like a country
        ("Paris, US", "Paris", "US"),
        ("Springfield, IL", "Springfield", "US"),  # IL is Israel and Illinois: the Illinois one exists
    ],
)
def test_geocode_matches_accents_scripts_and_qualifiers(query, name, country):
    place = geocode(query, language="en")

    assert place is not None
    assert (place.name, place.country_code) == (name, country)


@pytest.mark.usefixtures("gazetteer")
@pytest.mark.parametrize("query", ["Xyzzyville", "Paris, Atlantis", "Paris, JP", "القاهرة، مصر", "", "   ", ", ,"])
def test_geocode_returns_none_for_unknown_or_blank_places(query):
    """Unknown qualifiers find nothing rather than the wrong city; country names are English-only (documented)."""
    assert geocode(query, language="en") is None


@pytest.mark.usefixtures("gazetteer")
def test_autocomplete_suggests_own_names_first_most_populous_first():
    suggestions = autocomplete_cities("par", limit=5)

    assert len(suggestions) == 5
    assert suggestions[0].name == "Paris"
    assert suggestions[0].country_code == "FR"
    assert all(place.source == SOURCE_GAZETTEER for place in suggestions)


@pytest.mark.usefixtures("gazetteer")
@pytest.mark.parametrize(("prefix", "first"), [("sao p", "São Paulo"), ("القاه", "Cairo"), ("new y", "New York City")])
def test_autocomplete_matches_accents_and_scripts(prefix, first):
    assert autocomplete_cities(prefix)[0].name == first


@pytest.mark.usefixtures("gazetteer")
@pytest.mark.parametrize("prefix", ["", " ", "p", "zzzzqx"])
def test_autocomplete_returns_nothing_for_short_or_unknown_prefixes(prefix):
    assert autocomplete_cities(prefix) == []


@pytest.mark.parametrize("limit", [0, -1, 51, True, 2.5])
def test_autocomplete_refuses_silly_limits(limit):
    with pytest.raises(ValueError, match="suggestions"):
        autocomplete_cities("par", limit=limit)


def test_autocomplete_is_fast_once_the_index_is_built():
    """The index is built once per process; after that a keystroke costs well under a millisecond or two."""
    autocomplete_cities("warm")
    prefixes = [a + b for a in "abcdefghij" for b in "aeiou"]  # 50 distinct prefixes, none cached yet

    started = time.perf_counter()
    for prefix in prefixes:
        autocomplete_cities(prefix)
    elapsed = time.perf_counter() - started

    assert elapsed < 2.0  # generous for a shared CI machine; a linear scan of 34 000 cities takes far longer


# --- Hostile input --------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("gazetteer")
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("A" * MEGABYTE, "at most 200 characters"),
        ("Par\x00is", "invisible control"),
        ("Paris\u202e", "invisible control"),
        ("\u2066Paris\u2069", "invisible control"),
    ],
)
def test_geocode_and_autocomplete_refuse_bad_input_with_a_message(query, message):
    with pytest.raises(ValueError, match=message):
        geocode(query, language="en")
    with pytest.raises(ValueError, match=message):
        autocomplete_cities(query)


@pytest.mark.usefixtures("gazetteer")
@pytest.mark.parametrize("name", sorted(HOSTILE_STRINGS))
def test_geocode_survives_the_hostile_corpus(name):
    """Every hostile string gives a Place, None, a list or a ValueError with a message, never anything else."""
    for call in (lambda q: geocode(q, language="en"), autocomplete_cities):
        outcome = _outcome(call, HOSTILE_STRINGS[name])
        assert outcome is None or isinstance(outcome, Place | list) or (isinstance(outcome, str) and outcome)


def _outcome(call: Callable[[str], object], value: str) -> object:
    try:
        return call(value)
    except ValueError as error:
        return str(error)


# --- Distances ------------------------------------------------------------------------------------------------------


def test_distance_paris_london_is_about_344_km():
    assert distance_km(PARIS, LONDON) == pytest.approx(343.5, abs=2)
    assert distance_km(LONDON, PARIS) == pytest.approx(distance_km(PARIS, LONDON))
    assert distance_km(PARIS, PARIS) == 0


def test_distance_handles_the_antimeridian_and_antipodes():
    fiji_west = Place("a", Decimal(0), Decimal("179.5"), "", SOURCE_GAZETTEER)
    fiji_east = Place("b", Decimal(0), Decimal("-179.5"), "", SOURCE_GAZETTEER)
    north_pole = Place("n", Decimal(90), Decimal(0), "", SOURCE_GAZETTEER)
    south_pole = Place("s", Decimal(-90), Decimal(0), "", SOURCE_GAZETTEER)

    assert distance_km(fiji_west, fiji_east) == pytest.approx(111.2, abs=0.5)
    assert distance_km(north_pole, south_pole) == pytest.approx(20015.1, abs=1)


@pytest.mark.usefixtures("gazetteer")
def test_distance_between_geocoded_cities():
    paris, london = geocode("Paris, FR", language="en"), geocode("London, GB", language="en")
    assert paris is not None
    assert london is not None

    assert distance_km(paris, london) == pytest.approx(344, abs=5)


def test_within_radius():
    assert within_radius(PARIS, 350, LONDON)
    assert not within_radius(PARIS, 300, LONDON)
    assert within_radius(PARIS, Decimal("0"), PARIS)
    assert within_radius(PARIS, 343.6, LONDON)  # the edge counts as inside


@pytest.mark.parametrize("radius", [-1, float("nan"), float("inf"), Decimal("NaN"), "10", None, True])
def test_within_radius_refuses_absurd_radii(radius):
    with pytest.raises(ValueError, match="radius"):
        within_radius(PARIS, radius, LONDON)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        (91, 0),
        (-90.5, 0),
        (0, 180.1),
        (0, -181),
        (float("nan"), 0),
        (0, float("inf")),
        (Decimal("sNaN"), 0),
        (Decimal("1e999"), 0),
        ("48.8", 2),
        (None, 0),
        (True, 0),
    ],
)
def test_places_refuse_absurd_coordinates(latitude, longitude):
    with pytest.raises(ValueError, match="coordinate"):
        Place("Nowhere", latitude, longitude, "", SOURCE_GAZETTEER)


def test_distance_refuses_absurd_coordinates_on_any_object():
    """Model instances are not validated like Place; distance_km checks what it is given."""

    @dataclass
    class Row:
        latitude: object
        longitude: object

    with pytest.raises(ValueError, match="coordinate"):
        distance_km(PARIS, Row(1e308, 0))  # type: ignore[arg-type]
    assert distance_km(PARIS, Row(Decimal("48.8566"), 2.3522)) == pytest.approx(0, abs=0.001)  # type: ignore[arg-type]


def test_place_coordinates_are_decimals_rounded_to_six_places():
    place = Place("x", 48.85341234, -0.1, "FR", SOURCE_GAZETTEER)  # type: ignore[arg-type]  # floats are coerced

    assert place.latitude == Decimal("48.853412")
    assert place.longitude == Decimal("-0.100000")


# --- Google backend (loopback stand-in) -----------------------------------------------------------------------------


@dataclass
class StandIn:
    """What the stand-in answers next, and what it was asked."""

    url: str
    status: int = 200
    body: bytes = b"{}"
    delay: float = 0.0
    queries: list[dict[str, list[str]]] = field(default_factory=list)

    def answer(self, payload: object = None, *, status: int = 200, body: bytes | None = None, delay: float = 0) -> None:
        self.status, self.delay = status, delay
        self.body = body if body is not None else json.dumps(payload).encode()


@pytest.fixture
def google(settings) -> Iterator[StandIn]:
    """A Geocoding API stand-in on 127.0.0.1, with the Google backend pointed at it."""
    stand_in = StandIn(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            stand_in.queries.append(parse_qs(urlsplit(self.path).query))
            time.sleep(stand_in.delay)
            try:
                self.send_response(stand_in.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(stand_in.body)))
                self.end_headers()
                self.wfile.write(stand_in.body)
            except OSError:  # the client gave up (timeout test)
                pass

        def log_message(self, format: str, *args: object) -> None:
            """Silent: the default would print the request line, key included, to stderr."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}/maps/api/geocode/json"
    settings.GOOGLE_MAPS_API_KEY = API_KEY
    settings.GOOGLE_GEOCODING_URL = stand_in.url
    settings.GOOGLE_GEOCODING_TIMEOUT = 2.0
    yield stand_in
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _google_ok(name: str = "Paris", lat: object = 48.856614, lng: object = 2.3522219, country: str = "FR") -> dict:
    return {
        "status": "OK",
        "results": [
            {
                "address_components": [
                    {"long_name": name, "short_name": name, "types": ["locality", "political"]},
                    {"long_name": "France", "short_name": country, "types": ["country", "political"]},
                ],
                "formatted_address": f"{name}, France",
                "geometry": {"location": {"lat": lat, "lng": lng}, "location_type": "APPROXIMATE"},
                "place_id": "ChIJD7fiBh9u5kcRYJSMaMOCCwQ",
                "types": ["locality", "political"],
            }
        ],
    }


def test_google_ok_result_becomes_a_place(google):
    google.answer(_google_ok())

    place = geocode("Paris", language="fr")

    assert place == Place("Paris", Decimal("48.856614"), Decimal("2.352222"), "FR", SOURCE_GOOGLE)
    (query,) = google.queries
    assert query == {"address": ["Paris"], "key": [API_KEY], "language": ["fr"]}


def test_google_language_defaults_to_the_active_language(google):
    google.answer(_google_ok(name="باريس"))

    with translation.override("ar"):
        place = geocode("باريس")

    assert place is not None
    assert place.name == "باريس"
    assert google.queries[0]["language"] == ["ar"]


def test_google_unusable_language_is_left_out(google):
    google.answer(_google_ok())

    geocode("Paris", language="fr&key=stolen")

    assert "language" not in google.queries[0]
    assert google.queries[0]["key"] == [API_KEY]


def test_google_falls_back_to_the_formatted_address_without_a_locality(google):
    payload = _google_ok()
    payload["results"][0]["address_components"] = []
    google.answer(payload)

    place = geocode("Paris", language="en")

    assert place is not None
    assert (place.name, place.country_code) == ("Paris, France", "")


def test_google_zero_results_is_none(google):
    google.answer({"status": "ZERO_RESULTS", "results": []})

    assert geocode("Xyzzyville", language="en") is None
    assert len(google.queries) == 1


@pytest.mark.parametrize("status", ["OVER_QUERY_LIMIT", "REQUEST_DENIED", "INVALID_REQUEST", "UNKNOWN_ERROR"])
def test_google_refusals_raise_geocoding_error(google, status):
    google.answer({"status": status, "results": [], "error_message": f"The provided API key {API_KEY} is invalid."})

    with pytest.raises(GeocodingError, match="unavailable") as caught:
        geocode("Paris", language="en")

    assert caught.value.code == status.lower()


def test_google_http_500_raises_geocoding_error(google):
    google.answer(status=500, body=b"<html>Server Error</html>")

    with pytest.raises(GeocodingError) as caught:
        geocode("Paris", language="en")

    assert caught.value.code == "http_error"


def test_google_timeout_raises_geocoding_error_quickly(google, settings):
    settings.GOOGLE_GEOCODING_TIMEOUT = 0.2
    google.answer(_google_ok(), delay=1.0)

    started = time.perf_counter()
    with pytest.raises(GeocodingError) as caught:
        geocode("Paris", language="en")

    assert caught.value.code == "unreachable"
    assert time.perf_counter() - started < 0.9


def test_google_unreachable_raises_geocoding_error(google, settings):
    settings.GOOGLE_GEOCODING_URL = "http://127.0.0.1:9/nothing-listens-here"

    with pytest.raises(GeocodingError) as caught:
        geocode("Paris", language="en")

    assert caught.value.code == "unreachable"


@pytest.mark.parametrize(
    "body",
    [
        b"not json{",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'"OK"',
        json.dumps({"status": "OK", "results": []}).encode(),
        json.dumps({"status": "OK", "results": [{"geometry": {}}]}).encode(),
        json.dumps({"status": "OK", "results": [None]}).encode(),
        json.dumps(_google_ok(lat="north")).encode(),
        json.dumps(_google_ok(lat=999)).encode(),
        json.dumps(_google_ok(lng=None)).encode(),
        json.dumps({"status": ["OK"]}).encode(),
        b" " * 1_100_000,
    ],
)
def test_google_malformed_answers_raise_geocoding_error(google, body):
    google.answer(body=body)

    with pytest.raises(GeocodingError) as caught:
        geocode("Paris", language="en")

    assert caught.value.code == "malformed"


def test_google_misconfigured_url_raises_geocoding_error(google, settings):
    settings.GOOGLE_GEOCODING_URL = "file:///etc/passwd"

    with pytest.raises(GeocodingError) as caught:
        geocode("Paris", language="en")

    assert caught.value.code == "misconfigured"


@pytest.mark.parametrize("query", ["Par\x00is", "Paris\u202e", "x" * MEGABYTE])
def test_google_is_not_asked_about_bad_input(google, query):
    google.answer(_google_ok())

    with pytest.raises(ValueError, match="place name"):
        geocode(query, language="en")

    assert google.queries == []


def test_google_key_is_sent_but_never_logged_or_shown(google, settings, caplog):
    """Across success and every failure, the key appears in no log record, error message or traceback."""
    caplog.set_level(logging.DEBUG)
    settings.GOOGLE_GEOCODING_TIMEOUT = 0.2
    scenarios: list[dict[str, Any]] = [
        {"payload": _google_ok()},
        {"payload": {"status": "REQUEST_DENIED", "error_message": f"API key {API_KEY} rejected"}},
        {"status": 500, "body": b"oops"},
        {"body": b"not json"},
        {"payload": _google_ok(), "delay": 0.6},
    ]
    shown: list[str] = []
    for scenario in scenarios:
        google.answer(
            scenario.get("payload"),
            status=scenario.get("status", 200),
            body=scenario.get("body"),
            delay=scenario.get("delay", 0),
        )
        try:
            geocode("Paris", language="en")
        except GeocodingError as error:
            shown += [str(error), repr(error), "".join(traceback.format_exception(error))]

    assert all(query["key"] == [API_KEY] for query in google.queries)
    assert len(shown) == 3 * 4
    assert "REQUEST_DENIED".lower() in caplog.text.lower()  # the logs do say what happened
    assert API_KEY not in caplog.text
    assert not [text for text in shown if API_KEY in text]
