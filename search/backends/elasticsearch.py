"""The Elasticsearch backend: the same ``SearchQuery`` in, the same ``SearchResult`` out as the database backend.

The request is built and the answer read by pure functions (``build_search``, ``result_from_response``,
``build_suggest``, ``suggestions_from_response``), so the exact body we send is tested without a cluster; only
``ElasticsearchBackend`` talks to one, through a client made on first use from ``ELASTICSEARCH_URL`` — importing
this module (or choosing the backend) never opens a connection.

Shape of a search (the same answers as the database backend: ``tests/search/test_contract.py`` runs both):

- the text must match in the page's language, every word: exactly on the stemmed text and the name (the name weighs
  more), or with typos forgiven (``FUZZINESS``) on the unstemmed text; English is a lower-boosted fallback;
- filters without a facet (distance, available day, spoken language) go in the query's ``filter`` context; near a
  point, a service must be within the searcher's radius *and* its provider's own; the faceted filters (category,
  price, rating, verified) go in ``post_filter``, and each facet's aggregation applies every faceted filter but its
  own, so "plumbing (12)" still shows while "electrical" is ticked;
- ``function_score`` multiplies relevance by ``PROMOTED_WEIGHT`` for promoted listings and, with text, by
  ``ln(2 + rating_score)``; without text every hit scores alike but promoted ones, and the sort's rating key decides;
- every sort ends on ``service_id`` so pages never overlap or skip.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import A, Q, Search
from elasticsearch.dsl.query import Query

from providers.geocoding import distance_km
from search.backends import Suggestion, merge_suggestions
from search.backends.database import PROMOTED_BOOST
from search.documents import FALLBACK_LANGUAGE, LANGUAGES, document_source, index_name, service_index
from search.models import SearchEntry
from search.query import (
    MAX_RADIUS_KM,
    MAX_TEXT,
    PRICE_BANDS,
    RATING_BANDS,
    FacetCount,
    Facets,
    Hit,
    SearchQuery,
    SearchResult,
)

if TYPE_CHECKING:
    from elasticsearch.dsl.aggs import Agg

PROMOTED_WEIGHT = PROMOTED_BOOST  # the database backend's: promoted listings rise among similar matches only
FALLBACK_BOOST = 0.5  # English text counts half as much as text in the page's language
# Edits allowed per word: none under 5 letters, one up to 8, two from 9. Elasticsearch's plain AUTO (one from 3, two
# from 6) lets "plombier" find "plumber" and "plumbers" find every "plumbing": typo tolerance, not other words.
FUZZINESS = "AUTO:5,9"
NAME_BOOST = 3
TEXT_BOOST = 2
TIE_BREAKER_SHARE = 0.3  # a word in the name *and* the rest of the text counts for a bit more than in one of them
MIN_SUGGEST_PREFIX = 2
MAX_SUGGEST_PREFIX = 100
FACET_SIZE = 100  # more categories than there will ever be
INDEX_BATCH = 500
MAX_RESULT_WINDOW = 10_000  # the index's default ``max_result_window``: from + size beyond it is an error
ASC, DESC = {"order": "asc"}, {"order": "desc"}
# The same orders, ties included, as the database backend's ``_ordering`` (the contract suite compares them exactly).
SORTS: Mapping[str, list[Any]] = {
    "relevance": ["_score", {"promoted": DESC}, {"rating_score": DESC}, {"service_id": ASC}],
    "price": [{"price": ASC}, {"service_id": ASC}],
    "-price": [{"price": DESC}, {"service_id": ASC}],
    "rating": [{"rating_score": DESC}, {"rating_count": DESC}, {"service_id": ASC}],
    "newest": [{"created_at": DESC}, {"service_id": DESC}],
    "popular": [{"popularity": DESC}, {"rating_score": DESC}, {"service_id": ASC}],
}
# Within the provider's own radius too; 0 = not stated, so only the searcher's radius applies (as in the database).
WITHIN_PROVIDER_RADIUS = (
    "doc['location'].size() > 0 && (doc['radius_km'].size() == 0 || doc['radius_km'].value == 0"
    " || doc['location'].arcDistance(params.lat, params.lon) <= doc['radius_km'].value * 1000.0)"
)


def _language(language: str) -> str:
    return language if language in LANGUAGES else FALLBACK_LANGUAGE


def _number(value: Any) -> str:
    return format(value, "f")


# --- Search -------------------------------------------------------------------------------------------------------


def _text_query(query: SearchQuery) -> Query:
    if not query.text.strip():
        return Q("match_all")
    language = _language(query.language)
    text = query.text[:MAX_TEXT]

    def match(lang: str, boost: float = 1.0) -> Query:
        # Stemmed words match exactly (a fuzzy stem is another word); typos are forgiven on the unstemmed words.
        exact = Q(
            "multi_match",
            query=text,
            fields=[f"name_{lang}^{NAME_BOOST}", f"text_{lang}^{TEXT_BOOST}"],
            operator="and",
            tie_breaker=TIE_BREAKER_SHARE,
        )
        fuzzy = Q(
            "match",
            **{f"text_{lang}.plain": {"query": text, "operator": "and", "fuzziness": FUZZINESS, "prefix_length": 1}},
        )
        return Q("bool", should=[exact, fuzzy], minimum_should_match=1, boost=boost)

    should = [match(language)]
    if language != FALLBACK_LANGUAGE:
        should.append(match(FALLBACK_LANGUAGE, FALLBACK_BOOST))
    return Q("bool", should=should, minimum_should_match=1)


def _query_filters(query: SearchQuery) -> list[Query]:
    """Filters no facet counts over: they narrow the facets too."""
    filters = []
    if query.latitude is not None and query.longitude is not None:
        point = {"lat": query.latitude, "lon": query.longitude}
        filters.append(Q("geo_distance", distance=f"{query.radius_km or MAX_RADIUS_KM}km", location=point))
        filters.append(Q("script", script={"source": WITHIN_PROVIDER_RADIUS, "params": point}))
    if query.available_on is not None:
        filters.append(Q("term", available_days=query.available_on.isoformat()))
    if query.spoken_language:
        filters.append(Q("term", languages=query.spoken_language))
    if query.provider_id is not None:
        filters.append(Q("term", provider_id=query.provider_id))
    return filters


def _facet_filters(query: SearchQuery) -> dict[str, Query]:
    """The faceted filters, by facet name: applied after the aggregations (``post_filter``)."""
    filters: dict[str, Query] = {}
    if query.categories:
        filters["categories"] = Q("terms", category=list(query.categories))
    price: dict[str, str] = {}
    if query.price_min is not None:
        price["gte"] = _number(query.price_min)
    if query.price_max is not None:
        price["lte"] = _number(query.price_max)
    if price:
        filters["price_bands"] = Q("range", price=price)
    if query.min_rating is not None:
        filters["ratings"] = Q("range", rating_average={"gte": _number(query.min_rating)})
    if query.verified_only:
        filters["verified"] = Q("term", verified=True)
    return filters


def _price_ranges() -> list[dict[str, Any]]:
    """``PRICE_BANDS`` as range buckets keyed "0-25", "25-50", ..., "200-" (ES ranges: lower bound included)."""
    bounds = [None, *PRICE_BANDS, None]
    ranges = []
    for lower, upper in pairwise(bounds):
        bucket: dict[str, Any] = {"key": f"{_number(lower) if lower else 0}-{_number(upper) if upper else ''}"}
        if lower is not None:
            bucket["from"] = float(lower)
        if upper is not None:
            bucket["to"] = float(upper)
        ranges.append(bucket)
    return ranges


def _facet_aggs() -> dict[str, Agg]:
    return {
        "categories": A("terms", field="category", size=FACET_SIZE, order=[{"_count": "desc"}, {"_key": "asc"}]),
        "price_bands": A("range", field="price", ranges=_price_ranges()),
        "ratings": A("range", field="rating_average", ranges=[{"key": str(n), "from": n} for n in RATING_BANDS]),
        "verified": A("terms", field="verified", size=2),
    }


def _sort(query: SearchQuery) -> list[Any]:
    """The sort keys; each ends on ``service_id`` so pages never overlap or skip. Distance needs a point."""
    if query.sort == "distance" and query.latitude is not None and query.longitude is not None:
        point = {"lat": query.latitude, "lon": query.longitude}
        return [
            {"_geo_distance": {"location": point, "order": "asc", "unit": "km", "distance_type": "arc"}},
            {"service_id": ASC},
        ]
    return list(SORTS.get(query.sort, SORTS["relevance"]))


def build_search(query: SearchQuery) -> Search:
    """The request for ``query`` (``.to_dict()`` is the body sent to ``_search``)."""
    functions: list[dict[str, Any]] = [{"filter": Q("term", promoted=True), "weight": PROMOTED_WEIGHT}]
    if query.text.strip():
        # Without text every hit scores the same, and the sort's own rating key orders them exactly.
        functions.append({"field_value_factor": {"field": "rating_score", "modifier": "ln2p", "missing": 0}})
    scored = Q(
        "function_score",
        query=Q("bool", must=[_text_query(query)], filter=_query_filters(query)),
        functions=functions,
        score_mode="multiply",
        boost_mode="multiply",
    )
    search = Search(index=index_name()).query(scored)
    facet_filters = _facet_filters(query)
    if facet_filters:
        search = search.post_filter(Q("bool", filter=list(facet_filters.values())))
    for name, agg in _facet_aggs().items():
        others = [f for facet, f in facet_filters.items() if facet != name]
        scope = Q("bool", filter=others) if others else Q("match_all")
        search.aggs.bucket(name, "filter", filter=scope).bucket("values", agg)
    # Beyond Elasticsearch's result window a page is empty (with its total and facets), never a refused request.
    start = min((query.page - 1) * query.page_size, MAX_RESULT_WINDOW)
    size = max(0, min(query.page_size, MAX_RESULT_WINDOW - start))
    return (
        search.sort(*_sort(query))
        .source(["service_id", "promoted", "location"])
        .extra(from_=start, size=size, track_total_hits=True)
    )


@dataclass(frozen=True)
class _Point:
    latitude: float
    longitude: float


def _distance(hit: Mapping[str, Any], query: SearchQuery) -> float | None:
    if query.latitude is None or query.longitude is None:
        return None
    if query.sort == "distance" and hit.get("sort"):
        value = hit["sort"][0]
        return round(float(value), 1) if isinstance(value, int | float) and value != float("inf") else None
    location = hit.get("_source", {}).get("location")
    if not location:
        return None
    return round(distance_km(_Point(query.latitude, query.longitude), _Point(location["lat"], location["lon"])), 1)


def _counts(aggregations: Mapping[str, Any], name: str) -> dict[str, int]:
    buckets = aggregations.get(name, {}).get("values", {}).get("buckets", [])
    return {str(bucket.get("key_as_string", bucket["key"])): bucket["doc_count"] for bucket in buckets}


def _facets(aggregations: Mapping[str, Any]) -> Facets:
    """Categories with hits, most first; every band, rating and verified value in a fixed order, zeros included."""
    categories = _counts(aggregations, "categories")
    prices, ratings, verified = (_counts(aggregations, name) for name in ("price_bands", "ratings", "verified"))
    return Facets(
        categories=[FacetCount(value, count) for value, count in categories.items() if count],
        price_bands=[FacetCount(band["key"], prices.get(band["key"], 0)) for band in _price_ranges()],
        ratings=[FacetCount(str(stars), ratings.get(str(stars), 0)) for stars in RATING_BANDS],
        verified=[FacetCount(value, verified.get(value, 0)) for value in ("true", "false")],
    )


def result_from_response(response: Mapping[str, Any], query: SearchQuery) -> SearchResult:
    """``SearchResult`` from the JSON of a ``_search`` answer to ``build_search(query)``."""
    hits = response["hits"]
    total = hits["total"]
    aggregations = response.get("aggregations", {})
    return SearchResult(
        hits=[
            Hit(
                service_id=int(hit["_id"]),
                distance_km=_distance(hit, query),
                promoted=bool(hit.get("_source", {}).get("promoted", False)),
            )
            for hit in hits["hits"]
        ],
        total=total["value"] if isinstance(total, Mapping) else int(total),
        facets=_facets(aggregations),
        query=query,
    )


# --- Suggest ------------------------------------------------------------------------------------------------------


def _prefix_match(prefix: str, field: str) -> Query:
    """Every word typed, the last one as a prefix ("' OR 1=1" needs the words "or" and "1", so finds nothing)."""
    return Q(
        "multi_match",
        query=prefix,
        type="bool_prefix",
        operator="and",
        fields=[field, f"{field}._2gram", f"{field}._3gram"],
    )


def suggest_prefix(prefix: str) -> str:
    """The prefix as suggest reads it: blanks collapsed, at most ``MAX_SUGGEST_PREFIX`` characters."""
    return " ".join(prefix.split())[:MAX_SUGGEST_PREFIX]


def build_suggest(prefix: str, language: str, limit: int) -> Search:
    """Service names matching ``prefix`` as hits; categories and cities, over the whole index, as aggregations."""
    language = _language(language)
    prefix = suggest_prefix(prefix)
    search = (
        Search(index=index_name())
        .query(_prefix_match(prefix, f"name_{language}"))
        .sort("_score", {"popularity": DESC}, {"service_id": ASC})
        .source([f"name_{language}"])
        .extra(size=limit)
    )
    categories = search.aggs.bucket("all_categories", "global").bucket(
        "matching", "filter", filter=_prefix_match(prefix, f"category_name_{language}_prefix")
    )
    categories.bucket("values", "terms", field="category", size=limit).bucket(
        "label", "terms", field=f"category_name_{language}", size=1
    )
    cities = search.aggs.bucket("all_cities", "global").bucket(
        "matching", "filter", filter=_prefix_match(prefix, "city_prefix")
    )
    cities.bucket("values", "terms", field="city", size=limit)
    return search


def suggestions_from_response(response: Mapping[str, Any], language: str, limit: int) -> list[Suggestion]:
    """Services, then categories, then cities, as :func:`~search.backends.merge_suggestions` keeps them."""
    language = _language(language)
    aggregations = response.get("aggregations", {})

    services = [
        Suggestion(kind="service", label=name, value=name)
        for hit in response["hits"]["hits"]
        if (name := hit.get("_source", {}).get(f"name_{language}", ""))
    ]
    categories = [
        Suggestion(kind="category", label=_first_key(bucket.get("label", {}), bucket["key"]), value=bucket["key"])
        for bucket in aggregations.get("all_categories", {}).get("matching", {}).get("values", {}).get("buckets", [])
    ]
    cities = [
        Suggestion(kind="city", label=bucket["key"], value=bucket["key"])
        for bucket in aggregations.get("all_cities", {}).get("matching", {}).get("values", {}).get("buckets", [])
        if bucket["key"]
    ]
    return merge_suggestions(services, categories + cities, limit)


def _first_key(aggregation: Mapping[str, Any], default: str) -> str:
    buckets = aggregation.get("buckets", [])
    return buckets[0]["key"] if buckets else default


# --- Backend ------------------------------------------------------------------------------------------------------


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(sorted(set(ids)))
    while batch := list(islice(iterator, INDEX_BATCH)):
        yield batch


class ElasticsearchBackend:
    """``SearchBackend`` on the cluster at ``ELASTICSEARCH_URL``."""

    @cached_property
    def client(self) -> Elasticsearch:
        # Made on first use: importing the module or picking the backend must not need a reachable cluster.
        return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)

    def search(self, query: SearchQuery) -> SearchResult:
        response = self.client.search(index=index_name(), body=build_search(query).to_dict())
        return result_from_response(response.body, query)

    def suggest(self, prefix: str, language: str, limit: int = 8) -> list[Suggestion]:
        if len(suggest_prefix(prefix)) < MIN_SUGGEST_PREFIX or limit < 1:
            return []
        response = self.client.search(index=index_name(), body=build_suggest(prefix, language, limit).to_dict())
        return suggestions_from_response(response.body, language, limit)

    def index(self, service_ids: Iterable[int]) -> None:
        name = index_name()
        for batch in _batches(service_ids):
            entries = (
                SearchEntry.objects.filter(service_id__in=batch)
                .select_related("category", "provider")
                .prefetch_related("days")
            )
            actions: list[dict[str, Any]] = []
            for entry in entries:
                days = [day.day for day in entry.days.all()]
                actions.append(
                    {
                        "_op_type": "index",
                        "_index": name,
                        "_id": entry.service_id,
                        "_source": document_source(entry, days),
                    }
                )
            indexed = {action["_id"] for action in actions}
            actions += [
                {"_op_type": "delete", "_index": name, "_id": service_id}
                for service_id in batch
                if service_id not in indexed
            ]
            # 404 = deleting a document that was never indexed: already in line. "wait_for": searchable on return.
            helpers.bulk(self.client, actions, ignore_status=(404,), refresh="wait_for")

    def rebuild(self) -> None:
        index = service_index()
        index.delete(using=self.client, ignore_unavailable=True)
        index.create(using=self.client)
