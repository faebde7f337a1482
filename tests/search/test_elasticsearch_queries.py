"""The Elasticsearch backend without a cluster: the requests we send and the answers we parse.

No Elasticsearch server runs on this machine, so these tests check only our side of the conversation: the index
mapping (analysers, field types), the exact ``_search`` bodies ``build_search`` / ``build_suggest`` produce (fuzzy
text, every filter, ``function_score``, facet aggregations that leave out their own filter, every sort, pagination)
and the parsing of canned answers shaped exactly like Elasticsearch's (``fixtures/elasticsearch_*.json``). Whether
Elasticsearch *answers* those requests as intended — stemming, typo tolerance, facet counts, geo sorting — is checked
by the shared contract suite (``tests/search/test_contract.py``), which runs this backend against a real cluster
whenever ``ELASTICSEARCH_URL`` is set.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from elastic_transport import ConnectionError as TransportConnectionError

from providers.geocoding import distance_km
from providers.models import Category, ProviderProfile
from search.backends import Suggestion
from search.backends import elasticsearch as elasticsearch_backend
from search.backends.database import PROMOTED_BOOST
from search.backends.elasticsearch import (
    FALLBACK_BOOST,
    FUZZINESS,
    PROMOTED_WEIGHT,
    WITHIN_PROVIDER_RADIUS,
    ElasticsearchBackend,
    build_search,
    build_suggest,
    result_from_response,
    suggestions_from_response,
)
from search.documents import document_source, service_index
from search.models import SearchEntry
from search.query import FacetCount, Facets, Hit, SearchQuery

FIXTURES = Path(__file__).parent / "fixtures"
LAT, LON = 48.8566, 2.3522  # Paris
ALL_FILTERS = SearchQuery(
    text="plombier",
    language="fr",
    categories=("plumbing", "heating"),
    price_min=Decimal("10"),
    price_max=Decimal("80.50"),
    min_rating=Decimal("3.5"),
    verified_only=True,
    radius_km=20,
    available_on=date(2026, 12, 1),
    spoken_language="ar",
    provider_id=7,
    latitude=LAT,
    longitude=LON,
)
CATEGORY_FILTER = {"terms": {"category": ["plumbing", "heating"]}}
PRICE_FILTER = {"range": {"price": {"gte": "10", "lte": "80.50"}}}
RATING_FILTER = {"range": {"rating_average": {"gte": "3.5"}}}
VERIFIED_FILTER = {"term": {"verified": True}}


def body(query: SearchQuery) -> dict[str, Any]:
    return build_search(query).to_dict()


def scored_query(query: SearchQuery) -> dict[str, Any]:
    return body(query)["query"]["function_score"]["query"]["bool"]


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


# --- Mapping --------------------------------------------------------------------------------------------------------


def test_mapping_has_a_language_analyser_per_text_field_and_typed_fields(settings: Any) -> None:
    settings.ELASTICSEARCH_INDEX_PREFIX = "review"
    index = service_index().to_dict()
    properties = index["mappings"]["properties"]

    assert service_index()._name == "review-services"
    for language, analyser in {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic"}.items():
        assert properties[f"text_{language}"] == {
            "type": "text",
            "analyzer": analyser,
            "fields": {"plain": {"type": "text", "analyzer": "standard"}},
        }
        assert properties[f"name_{language}"] == {"type": "search_as_you_type"}
        assert properties[f"category_name_{language}"] == {"type": "keyword"}
        assert properties[f"category_name_{language}_prefix"] == {"type": "search_as_you_type"}
    assert properties["city"] == {"type": "keyword"}
    assert properties["city_prefix"] == {"type": "search_as_you_type"}
    assert properties["location"] == {"type": "geo_point"}
    assert properties["available_days"] == {"type": "date", "format": "strict_date"}
    assert properties["category"] == properties["languages"] == properties["currency"] == {"type": "keyword"}
    assert properties["price"] == {"type": "scaled_float", "scaling_factor": 100}
    assert properties["verified"] == properties["promoted"] == {"type": "boolean"}
    assert properties["created_at"] == {"type": "date"}
    assert properties["provider_id"] == {"type": "long"}
    assert {"rating_average", "rating_count", "rating_score", "popularity", "radius_km", "service_id"} <= set(
        properties
    )


def test_document_source_holds_the_entry_its_days_and_the_suggest_fields() -> None:
    """Unsaved model instances: ``document_source`` only reads attributes, so no database row is needed."""
    entry = SearchEntry(
        service_id=42,
        category=Category(slug="plumbing", name="Plumbing"),
        provider=ProviderProfile(pk=9, address="Lyon, France"),
        text_en="Emergency plumbing repairs",
        text_fr="Plomberie d'urgence",
        name_en="Emergency plumbing",
        name_fr="Plomberie d'urgence",
        price_per_hour=Decimal("45.50"),
        currency="EUR",
        rating_average=Decimal("4.50"),
        rating_count=8,
        rating_score=Decimal("4.1234"),
        verified=True,
        latitude=45.764,
        longitude=4.8357,
        radius_km=30,
        languages=" fr en ",
        popularity=12,
        promoted=True,
        created_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    )

    source = document_source(entry, [date(2026, 12, 3), date(2026, 12, 1)])

    assert source["service_id"] == 42
    assert source["category"] == "plumbing"
    assert source["provider_id"] == 9
    assert source["city"] == source["city_prefix"] == "Lyon"
    assert source["price"] == 45.5
    assert source["rating_score"] == 4.1234
    assert source["location"] == {"lat": 45.764, "lon": 4.8357}
    assert source["languages"] == ["fr", "en"]
    assert source["available_days"] == ["2026-12-01", "2026-12-03"]
    assert source["created_at"] == "2026-01-02T03:04:00+00:00"
    assert source["text_fr"] == "Plomberie d'urgence"
    assert source["text_es"] == ""
    assert source["category_name_en"] == "Plumbing"
    assert source["category_name_en_prefix"] == "Plumbing plumber"  # suggestions complete the trade too
    assert source["category_name_fr_prefix"] == "Plomberie plombier"
    assert set(source) - {"text_en", "text_fr", "text_es", "text_ar"} <= set(
        service_index().to_dict()["mappings"]["properties"]
    )


# --- No connection until used ---------------------------------------------------------------------------------------


def test_choosing_the_backend_and_building_requests_never_connects(settings: Any) -> None:
    # Port 9 (discard) on loopback is closed here: any connection attempt fails fast and visibly.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    backend = ElasticsearchBackend()
    build_search(ALL_FILTERS)
    build_suggest("pl", "fr", 5)

    assert "client" not in vars(backend)  # the client is made on first use only
    with pytest.raises(TransportConnectionError):
        backend.search(SearchQuery(text="x"))
    assert vars(backend)["client"] is not None


# --- Text -----------------------------------------------------------------------------------------------------------


def test_text_matches_stems_exactly_and_forgives_typos_on_plain_words_with_a_weaker_english_fallback() -> None:
    should = scored_query(ALL_FILTERS)["must"][0]["bool"]["should"]

    assert [clause["bool"]["boost"] for clause in should] == [1.0, FALLBACK_BOOST]
    for clause, language in zip(should, ("fr", "en"), strict=True):
        exact, fuzzy = clause["bool"]["should"]
        assert clause["bool"]["minimum_should_match"] == 1
        assert exact == {
            "multi_match": {
                "query": "plombier",
                "fields": [f"name_{language}^3", f"text_{language}^2"],
                "operator": "and",
                "tie_breaker": 0.3,
            }
        }
        assert fuzzy == {
            "match": {
                f"text_{language}.plain": {
                    "query": "plombier",
                    "operator": "and",
                    "fuzziness": FUZZINESS,
                    "prefix_length": 1,
                }
            }
        }
    assert FUZZINESS.startswith("AUTO")


def test_english_pages_have_no_fallback_and_an_unknown_language_reads_english() -> None:
    for language in ("en", "xx"):
        should = scored_query(SearchQuery(text="plumber", language=language))["must"][0]["bool"]["should"]
        assert len(should) == 1
        assert should[0]["bool"]["should"][0]["multi_match"]["fields"] == ["name_en^3", "text_en^2"]


def test_no_text_matches_everything_and_adds_no_filter() -> None:
    request = body(SearchQuery(text="   "))

    assert scored_query(SearchQuery(text="   ")) == {"must": [{"match_all": {}}]}
    assert "post_filter" not in request


# --- Filters --------------------------------------------------------------------------------------------------------


def test_filters_without_a_facet_narrow_the_query_itself() -> None:
    point = {"lat": 48.8566, "lon": 2.3522}
    assert scored_query(ALL_FILTERS)["filter"] == [
        {"geo_distance": {"distance": "20km", "location": point}},
        {"script": {"script": {"source": WITHIN_PROVIDER_RADIUS, "params": point}}},
        {"term": {"available_days": "2026-12-01"}},
        {"term": {"languages": "ar"}},
        {"term": {"provider_id": 7}},
    ]
    assert "arcDistance(params.lat, params.lon) <= doc['radius_km'].value * 1000.0" in WITHIN_PROVIDER_RADIUS
    assert "doc['radius_km'].value == 0" in WITHIN_PROVIDER_RADIUS  # radius not stated: the searcher's decides


def test_a_point_without_a_radius_finds_who_comes_there() -> None:
    """No searcher's radius: the providers' own radii decide, within the largest radius a search may ask."""
    filters = scored_query(SearchQuery(latitude=LAT, longitude=LON))["filter"]

    assert filters[0]["geo_distance"]["distance"] == "500km"
    assert filters[1]["script"]["script"]["source"] == WITHIN_PROVIDER_RADIUS


def test_faceted_filters_are_post_filters() -> None:
    assert body(ALL_FILTERS)["post_filter"] == {
        "bool": {"filter": [CATEGORY_FILTER, PRICE_FILTER, RATING_FILTER, VERIFIED_FILTER]}
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(categories=("plumbing", "heating")), CATEGORY_FILTER),
        (SearchQuery(price_min=Decimal("10")), {"range": {"price": {"gte": "10"}}}),
        (SearchQuery(price_max=Decimal("80.50")), {"range": {"price": {"lte": "80.50"}}}),
        (SearchQuery(min_rating=Decimal("3.5")), RATING_FILTER),
        (SearchQuery(verified_only=True), VERIFIED_FILTER),
    ],
)
def test_each_faceted_filter_alone(query: SearchQuery, expected: dict[str, Any]) -> None:
    assert body(query)["post_filter"] == {"bool": {"filter": [expected]}}


# --- Scoring --------------------------------------------------------------------------------------------------------


def test_function_score_boosts_promoted_listings_and_text_matches_by_rating() -> None:
    function_score = body(SearchQuery(text="plumber"))["query"]["function_score"]

    assert function_score["functions"] == [
        {"filter": {"term": {"promoted": True}}, "weight": PROMOTED_WEIGHT},
        {"field_value_factor": {"field": "rating_score", "modifier": "ln2p", "missing": 0}},
    ]
    assert PROMOTED_WEIGHT == PROMOTED_BOOST > 1  # the same boost as the database backend's
    assert function_score["score_mode"] == function_score["boost_mode"] == "multiply"


def test_without_text_only_promotion_scores_and_the_rating_sorts() -> None:
    request = body(SearchQuery())

    assert request["query"]["function_score"]["functions"] == [
        {"filter": {"term": {"promoted": True}}, "weight": PROMOTED_WEIGHT}
    ]
    assert request["sort"][:3] == ["_score", {"promoted": {"order": "desc"}}, {"rating_score": {"order": "desc"}}]


# --- Facets ---------------------------------------------------------------------------------------------------------


def test_each_facet_counts_under_every_faceted_filter_but_its_own() -> None:
    aggs = body(ALL_FILTERS)["aggs"]

    assert aggs["categories"]["filter"] == {"bool": {"filter": [PRICE_FILTER, RATING_FILTER, VERIFIED_FILTER]}}
    assert aggs["price_bands"]["filter"] == {"bool": {"filter": [CATEGORY_FILTER, RATING_FILTER, VERIFIED_FILTER]}}
    assert aggs["ratings"]["filter"] == {"bool": {"filter": [CATEGORY_FILTER, PRICE_FILTER, VERIFIED_FILTER]}}
    assert aggs["verified"]["filter"] == {"bool": {"filter": [CATEGORY_FILTER, PRICE_FILTER, RATING_FILTER]}}


def test_facet_aggregations_count_categories_price_bands_ratings_and_verified() -> None:
    aggs = body(SearchQuery())["aggs"]

    assert all(agg["filter"] == {"match_all": {}} for agg in aggs.values())
    assert aggs["categories"]["aggs"]["values"]["terms"]["field"] == "category"
    assert aggs["price_bands"]["aggs"]["values"]["range"] == {
        "field": "price",
        "ranges": [
            {"key": "0-25", "to": 25.0},
            {"key": "25-50", "from": 25.0, "to": 50.0},
            {"key": "50-100", "from": 50.0, "to": 100.0},
            {"key": "100-200", "from": 100.0, "to": 200.0},
            {"key": "200-", "from": 200.0},
        ],
    }
    assert aggs["ratings"]["aggs"]["values"]["range"] == {
        "field": "rating_average",
        "ranges": [{"key": "4", "from": 4}, {"key": "3", "from": 3}, {"key": "2", "from": 2}],
    }
    assert aggs["verified"]["aggs"]["values"]["terms"]["field"] == "verified"


# --- Sorts and pages ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "keys"),
    [
        ("relevance", ["_score", {"promoted": "desc"}, {"rating_score": "desc"}, {"service_id": "asc"}]),
        ("price", [{"price": "asc"}, {"service_id": "asc"}]),
        ("-price", [{"price": "desc"}, {"service_id": "asc"}]),
        ("rating", [{"rating_score": "desc"}, {"rating_count": "desc"}, {"service_id": "asc"}]),
        ("newest", [{"created_at": "desc"}, {"service_id": "desc"}]),
        ("popular", [{"popularity": "desc"}, {"rating_score": "desc"}, {"service_id": "asc"}]),
        (
            "distance",
            [
                {
                    "_geo_distance": {
                        "location": {"lat": 48.8566, "lon": 2.3522},
                        "order": "asc",
                        "unit": "km",
                        "distance_type": "arc",
                    }
                },
                {"service_id": "asc"},
            ],
        ),
    ],
)
def test_each_sort_matches_the_database_backend_and_ends_on_the_service_id(sort: str, keys: list[Any]) -> None:
    def ordered(key: Any) -> Any:
        if isinstance(key, dict) and not any(name.startswith("_") for name in key):
            return {name: {"order": order} for name, order in key.items()}
        return key

    request = body(SearchQuery(sort=sort, latitude=LAT, longitude=LON))
    assert request["sort"] == [ordered(key) for key in keys]


def test_distance_sort_without_a_point_falls_back_to_relevance() -> None:
    assert body(SearchQuery(sort="distance"))["sort"][0] == "_score"


def test_pagination_and_exact_totals() -> None:
    request = body(SearchQuery(page=3, page_size=25))

    assert (request["from"], request["size"], request["track_total_hits"]) == (50, 25, True)
    assert request["_source"] == ["service_id", "promoted", "location"]


def test_a_page_beyond_the_result_window_asks_for_no_hits_but_keeps_total_and_facets() -> None:
    request = body(SearchQuery(page=10_000, page_size=100))

    assert (request["from"], request["size"], request["track_total_hits"]) == (10_000, 0, True)
    assert body(SearchQuery(page=100, page_size=100))["size"] == 100  # the last full page: from 9 900


# --- Answers --------------------------------------------------------------------------------------------------------


def test_a_search_answer_becomes_a_search_result() -> None:
    query = SearchQuery(text="plombier", language="fr", sort="distance", radius_km=20, latitude=LAT, longitude=LON)

    result = result_from_response(load("elasticsearch_search_response.json"), query)

    assert result.query is query
    assert result.total == 23
    assert result.hits == [
        Hit(service_id=42, distance_km=1.3, promoted=True),  # rounded to 100 m, as the database backend does
        Hit(service_id=7, distance_km=17.4, promoted=False),
        Hit(service_id=19, distance_km=9.0, promoted=False),
    ]
    assert result.facets == Facets(
        categories=[FacetCount("plumbing", 23), FacetCount("electricity", 6), FacetCount("painting", 2)],
        # Every band, rating and verified value, zeros included, in a fixed order (the contract's facets).
        price_bands=[
            FacetCount("0-25", 4),
            FacetCount("25-50", 15),
            FacetCount("50-100", 10),
            FacetCount("100-200", 0),
            FacetCount("200-", 0),
        ],
        ratings=[FacetCount("4", 11), FacetCount("3", 20), FacetCount("2", 27)],
        verified=[FacetCount("true", 23), FacetCount("false", 7)],
    )


def test_distance_is_computed_from_the_stored_point_when_not_sorting_by_it() -> None:
    response = load("elasticsearch_search_response.json")
    for hit in response["hits"]["hits"]:
        hit["sort"] = [3.2, 4.1, int(hit["_id"])]  # relevance sort values: _score, rating_score, service_id

    result = result_from_response(response, SearchQuery(text="plombier", radius_km=20, latitude=LAT, longitude=LON))

    class Point:
        def __init__(self, latitude: float, longitude: float) -> None:
            self.latitude, self.longitude = latitude, longitude

    assert result.hits[0].distance_km == round(distance_km(Point(LAT, LON), Point(48.8606, 2.3376)), 1) == 1.2
    assert result_from_response(response, SearchQuery(text="plombier")).hits[0].distance_km is None


def test_an_empty_answer_is_an_empty_result() -> None:
    response = copy.deepcopy(load("elasticsearch_search_response.json"))
    response["hits"] = {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []}
    for agg in response["aggregations"].values():
        for bucket in agg["values"]["buckets"]:
            bucket["doc_count"] = 0

    response["aggregations"]["verified"]["values"]["buckets"] = []  # terms aggregations list no empty bucket

    result = result_from_response(response, SearchQuery())

    assert (result.hits, result.total, result.facets.categories) == ([], 0, [])
    assert [count.count for count in result.facets.price_bands + result.facets.ratings] == [0] * 8
    assert result.facets.verified == [FacetCount("true", 0), FacetCount("false", 0)]


# --- Suggest --------------------------------------------------------------------------------------------------------


def test_suggest_asks_names_as_you_type_and_categories_and_cities_over_the_whole_index() -> None:
    request = build_suggest("  pl ", "fr", 5).to_dict()  # blanks trimmed

    assert request["query"] == {
        "multi_match": {
            "query": "pl",
            "type": "bool_prefix",
            "operator": "and",
            "fields": ["name_fr", "name_fr._2gram", "name_fr._3gram"],
        }
    }
    assert request["size"] == 5
    categories = request["aggs"]["all_categories"]
    assert categories["global"] == {}
    assert categories["aggs"]["matching"]["filter"]["multi_match"]["fields"][0] == "category_name_fr_prefix"
    assert categories["aggs"]["matching"]["aggs"]["values"]["aggs"]["label"]["terms"]["field"] == "category_name_fr"
    cities = request["aggs"]["all_cities"]["aggs"]["matching"]
    assert cities["filter"]["multi_match"]["fields"] == ["city_prefix", "city_prefix._2gram", "city_prefix._3gram"]
    assert cities["aggs"]["values"]["terms"]["field"] == "city"


def test_a_suggest_answer_lists_services_categories_and_cities_once_each() -> None:
    response = load("elasticsearch_suggest_response.json")

    assert suggestions_from_response(response, "fr", 8) == [
        Suggestion(kind="service", label="Plomberie d'urgence", value="Plomberie d'urgence"),
        Suggestion(kind="service", label="Plâtrier plaquiste", value="Plâtrier plaquiste"),
        Suggestion(kind="category", label="Plomberie", value="plumbing"),
        Suggestion(kind="city", label="Plaisir", value="Plaisir"),
    ]
    # Two places: the field of work keeps one of them (``SUGGEST_RESERVED``), the best name the other.
    assert [s.kind for s in suggestions_from_response(response, "fr", 2)] == ["service", "category"]


def test_a_blank_prefix_asks_nothing(settings: Any) -> None:
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    backend = ElasticsearchBackend()

    assert backend.suggest("   ", "fr") == []
    assert backend.suggest(" p ", "fr") == []  # one letter suggests nothing, as on the database backend
    assert "client" not in vars(backend)


# --- Index and rebuild ----------------------------------------------------------------------------------------------


class RecordingIndices:
    """Stands in for ``client.indices`` (no cluster here): records what ``rebuild`` asks."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def delete(self, **kwargs: Any) -> None:
        self.calls.append(("delete", kwargs))

    def create(self, **kwargs: Any) -> None:
        self.calls.append(("create", kwargs))


class RecordingClient:
    def __init__(self) -> None:
        self.indices = RecordingIndices()


def test_index_sends_a_document_per_entry_and_deletes_the_ids_without_one(catalogue: Any, monkeypatch: Any) -> None:
    """``helpers.bulk`` is replaced by a recorder (it would need a cluster); the entries are the real catalogue's."""
    sent: list[tuple[list[dict[str, Any]], dict[str, Any]]] = []
    monkeypatch.setattr(
        elasticsearch_backend.helpers, "bulk", lambda client, actions, **kwargs: sent.append((list(actions), kwargs))
    )
    backend = ElasticsearchBackend()
    backend.__dict__["client"] = RecordingClient()
    missing = max(catalogue.ids.values()) + 1000

    backend.index([*catalogue.ids.values(), missing, catalogue.ids[1]])

    [(actions, options)] = sent
    assert options == {"ignore_status": (404,), "refresh": "wait_for"}
    by_id = {action["_id"]: action for action in actions}
    assert len(actions) == 13
    assert by_id[missing] == {"_op_type": "delete", "_index": "netfix-services", "_id": missing}
    first = by_id[catalogue.ids[1]]
    assert first["_op_type"] == "index"
    assert first["_source"]["name_fr"] == "Plombier d'urgence"
    assert first["_source"]["category"] == "plumbing"
    assert first["_source"]["city"] == "Paris"
    assert first["_source"]["available_days"] == [catalogue.day_one.isoformat(), catalogue.day_two.isoformat()]
    assert by_id[catalogue.ids[2]]["_source"]["promoted"] is True


def test_rebuild_drops_and_creates_the_index_with_its_mapping(settings: Any) -> None:
    settings.ELASTICSEARCH_INDEX_PREFIX = "rebuild"
    backend = ElasticsearchBackend()
    client = RecordingClient()
    backend.__dict__["client"] = client

    backend.rebuild()

    [(first, deleted), (second, created)] = client.indices.calls
    assert (first, deleted) == ("delete", {"index": "rebuild-services", "ignore_unavailable": True})
    assert second == "create"
    assert created["index"] == "rebuild-services"
    assert created["body"]["mappings"]["properties"]["text_fr"]["analyzer"] == "french"
