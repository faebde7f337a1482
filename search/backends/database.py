"""The search backend that needs no extra service: SQL over ``SearchEntry`` / ``SearchDay``.

Text: PostgreSQL matches the generated ``search_<lang>`` tsvector with ``websearch_to_tsquery`` (made for what people
type: quotes, ``or``, ``-word`` are understood, never a syntax error) and ranks with ``ts_rank``; SQLite matches an FTS5
table where every word the user typed becomes a quoted phrase, so no FTS syntax (``NEAR(``, ``*``, ``"``) gets through,
and ranks with ``bm25``. Both from migration 0002. Anything else (or SQLite without FTS5) falls back to LIKE per word.
Typos: when the words as typed find nothing, PostgreSQL corrects those the index does not hold to the closest words
it does (``search.spelling``) and searches again; SQLite has no such thing.

Behaviour (decision record of the search issue):
- Distance: equirectangular approximation in plain SQL arithmetic (no trigonometry per row), after a bounding-box
  prefilter on the indexed latitude/longitude. A service is found near a point only if the point is within the
  searcher's radius *and* within the provider's own service radius (they must be willing to travel there); an entry
  with radius 0 has not stated one, so only the searcher's radius applies. Without a searcher's radius, the
  provider's radius alone decides ("who comes to me"). Entries without coordinates never match a point search.
- Relevance: text rank, multiplied by ``PROMOTED_BOOST`` for promoted listings, then the weighted rating score. With no
  text, promoted listings come first, then by rating score. Every order ends with the service id, so pages are stable.
- Facets: each counted over the filtered set without its own filter (standard faceting), all in one grouped query.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Any, cast

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import translation

from search import cache as search_cache
from search.backends import Suggestion, merge_suggestions
from search.indexing import category_words
from search.models import SearchDay, SearchEntry
from search.query import PRICE_BANDS, RATING_BANDS, FacetCount, Facets, Hit, SearchQuery, SearchResult
from search.spelling import corrected_text

LANGUAGES = ("en", "fr", "es", "ar")
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic"}
PROMOTED_BOOST = 1.5
"""Promoted listings' text rank is multiplied by this: they rise among similar matches, not above much better ones."""
KM_PER_DEGREE = 111.195  # mean Earth radius × π / 180
MAX_WORDS = 32
WORD_RE = re.compile(r"\w+")
TABLE = SearchEntry._meta.db_table


def _language(code: str) -> str:
    return code if code in LANGUAGES else "en"


def _completes_words(text: str, prefix: str) -> bool:
    """Every word typed is a word of ``text`` and the last one starts one, in any order, ignoring case.

    What Elasticsearch's ``bool_prefix`` match with ``operator: and`` does on a ``search_as_you_type`` field, so both
    backends suggest the same fields of work ("plumber pl" and "pl plumber" both find Plumbing through "plumber").
    """
    words = {word.casefold() for word in WORD_RE.findall(text)}
    *whole, last = [word.casefold() for word in WORD_RE.findall(prefix)] or [""]
    return bool(last) and set(whole) <= words and any(word.startswith(last) for word in words)


def _words(text: str) -> list[str]:
    """The words of a text (letters/digits runs): the only thing of a user's text that reaches FTS5 or LIKE."""
    return WORD_RE.findall(text)[:MAX_WORDS]


@cache
def _pg_config(alias: str, language: str) -> str:
    """The configuration migration 0002 used for this language's column (``simple`` where the server lacks one)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [PG_CONFIGS[language]])
        return PG_CONFIGS[language] if cursor.fetchone() else "simple"


@cache
def _has_fts5_table(alias: str, language: str) -> bool:
    return f"netfix_search_fts_{language}" in connection.introspection.table_names()


class DatabaseBackend:
    """``SearchBackend`` over the database; the ``SearchEntry`` rows are the index (``index``/``rebuild``: no-ops)."""

    # --- Text ---------------------------------------------------------------------------------------------------

    def _text(self, entries: QuerySet[SearchEntry], query: SearchQuery) -> tuple[QuerySet[SearchEntry], bool]:
        """Entries narrowed to the text, annotated with ``text_rank`` (bigger is better); False when no text."""
        text = query.text.strip()
        if not text:
            return entries, False
        language = _language(query.language)
        vendor = connection.vendor
        if vendor == "postgresql":
            config = _pg_config(connection.alias, language)
            tsquery = "websearch_to_tsquery(%s::regconfig, %s)"
            entries = entries.filter(
                RawSQL(f'"{TABLE}"."search_{language}" @@ {tsquery}', [config, text], output_field=BooleanField())  # noqa: S611
            ).annotate(
                text_rank=RawSQL(  # noqa: S611 - table/column names are constants; user text only ever a parameter
                    f'ts_rank("{TABLE}"."search_{language}", {tsquery})', [config, text], output_field=FloatField()
                )
            )
            return entries, True
        words = _words(text)
        if not words:
            return entries.none().annotate(text_rank=Value(0.0, output_field=FloatField())), True
        if vendor == "sqlite" and _has_fts5_table(connection.alias, language):
            fts = f"netfix_search_fts_{language}"
            match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
            entries = entries.filter(
                service_id__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])  # noqa: S608, S611
            ).annotate(
                # bm25 is negative, more negative is better.
                text_rank=RawSQL(  # noqa: S611 - table/column names are constants; user text only ever a parameter
                    f'(SELECT -bm25({fts}) FROM {fts} WHERE {fts} MATCH %s AND rowid = "{TABLE}"."service_id")',  # noqa: S608
                    [match],
                    output_field=FloatField(),
                )
            )
            return entries, True
        condition = Q()
        for word in words:
            condition &= Q(**{f"text_{language}__icontains": word})
        return entries.filter(condition).annotate(text_rank=Value(1.0, output_field=FloatField())), True

    # --- Filters ------------------------------------------------------------------------------------------------

    def _point(self, query: SearchQuery) -> tuple[float, float, float] | None:
        """(latitude, longitude, km per degree of longitude there), or None without a point."""
        if query.latitude is None or query.longitude is None:
            return None
        return query.latitude, query.longitude, KM_PER_DEGREE * max(math.cos(math.radians(query.latitude)), 0.01)

    def _filters(self, query: SearchQuery) -> dict[str, Q]:
        """One Q per facetable filter (so a facet can leave its own out), plus ``other`` for the rest."""
        filters: dict[str, Q] = {"category": Q(), "price": Q(), "rating": Q(), "verified": Q(), "other": Q()}
        if query.categories:
            filters["category"] = Q(category__slug__in=query.categories)
        if query.price_min is not None:
            filters["price"] &= Q(price_per_hour__gte=query.price_min)
        if query.price_max is not None:
            filters["price"] &= Q(price_per_hour__lte=query.price_max)
        if query.min_rating is not None:
            filters["rating"] = Q(rating_average__gte=query.min_rating)
        if query.verified_only:
            filters["verified"] = Q(verified=True)
        if query.available_on is not None:
            filters["other"] &= Q(Exists(SearchDay.objects.filter(entry=OuterRef("pk"), day=query.available_on)))
        if query.spoken_language:
            filters["other"] &= Q(languages__contains=f" {query.spoken_language} ")
        if query.provider_id is not None:
            filters["other"] &= Q(provider_id=query.provider_id)
        point = self._point(query)
        if point is not None:
            latitude, longitude, km_per_lon = point
            box_km = float(query.radius_km or 500)
            filters["other"] &= Q(
                latitude__range=(latitude - box_km / KM_PER_DEGREE, latitude + box_km / KM_PER_DEGREE),
                longitude__range=(longitude - box_km / km_per_lon, longitude + box_km / km_per_lon),
            )
            # Squared distances in km², compared with squared radii: no square root or cosine per row.
            if query.radius_km:
                filters["other"] &= Q(distance2__lte=float(query.radius_km) ** 2)
            filters["other"] &= Q(radius_km=0) | Q(distance2__lte=F("radius_km") * F("radius_km"))
        return filters

    def _base(self, query: SearchQuery) -> QuerySet[SearchEntry]:
        entries = SearchEntry.objects.all()
        point = self._point(query)
        if point is not None:
            latitude, longitude, km_per_lon = point
            dy = (F("latitude") - Value(latitude)) * Value(KM_PER_DEGREE)
            dx = (F("longitude") - Value(longitude)) * Value(km_per_lon)
            entries = entries.annotate(distance2=ExpressionWrapper(dy * dy + dx * dx, output_field=FloatField()))
        return entries

    @staticmethod
    def _combined(filters: dict[str, Q], *, without: str = "") -> Q:
        combined = Q()
        for name, condition in filters.items():
            if name != without:
                combined &= condition
        return combined

    # --- Search -------------------------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """The words as typed; when they find nothing, the misspelt ones corrected, on PostgreSQL (decision 0051).

        Only words the index does not hold are corrected, so a search emptied by its filters is not changed.
        """
        result = self._search(query)
        if result.total or not query.text:
            return result
        corrected = corrected_text(query.text, _language(query.language), alias=connection.alias)
        if not corrected:
            return result
        found = self._search(replace(query, text=corrected))
        return replace(found, query=query, corrected_text=corrected) if found.total else result

    def _search(self, query: SearchQuery) -> SearchResult:
        filters = self._filters(query)
        base, has_text = self._text(self._base(query), query)
        matching = base.filter(self._combined(filters))
        ordered = matching.annotate(boosted_rank=self._boosted_rank(has_text)).order_by(
            *self._ordering(query, has_text)
        )
        start = (query.page - 1) * query.page_size
        rows = list(
            ordered.values_list("service_id", "promoted", "latitude", "longitude")[start : start + query.page_size]
        )
        hits = [
            Hit(service_id=service_id, distance_km=self._distance(query, lat, lon), promoted=promoted)
            for service_id, promoted, lat, lon in rows
        ]
        facets, total = self._facets(base, filters)
        return SearchResult(hits=hits, total=total, facets=facets, query=query)

    @staticmethod
    def _boosted_rank(has_text: bool) -> Case | Value:
        if not has_text:
            return Value(0.0, output_field=FloatField())
        return Case(
            When(promoted=True, then=F("text_rank") * Value(PROMOTED_BOOST)),
            default=F("text_rank"),
            output_field=FloatField(),
        )

    def _ordering(self, query: SearchQuery, has_text: bool) -> list[str]:
        sort = query.sort
        if sort == "distance" and self._point(query) is None:
            sort = "relevance"
        return {
            "relevance": ["-boosted_rank", "-promoted", "-rating_score", "service_id"],
            "price": ["price_per_hour", "service_id"],
            "-price": ["-price_per_hour", "service_id"],
            "rating": ["-rating_score", "-rating_count", "service_id"],
            "distance": ["distance2", "service_id"],
            "newest": ["-created_at", "-service_id"],
            "popular": ["-popularity", "-rating_score", "service_id"],
        }.get(sort, ["-boosted_rank", "-promoted", "-rating_score", "service_id"])

    def _distance(self, query: SearchQuery, latitude: float | None, longitude: float | None) -> float | None:
        point = self._point(query)
        if point is None or latitude is None or longitude is None:
            return None
        dy = (latitude - point[0]) * KM_PER_DEGREE
        dx = (longitude - point[1]) * point[2]
        return round(math.hypot(dx, dy), 1)

    # --- Facets -------------------------------------------------------------------------------------------------

    def _facets(self, base: QuerySet[SearchEntry], filters: dict[str, Q]) -> tuple[Facets, int]:
        """The facets and the total, each facet over the filtered set without the facet's own filter.

        One grouped query (one scan of the rows matching text and the non-facet filters): per field of work, a count
        for each facet value under ``FILTER (WHERE …)`` with every facet filter but that facet's own, summed here
        across the groups. Before, each facet was its own query over the same rows (measured by ``make bench``).
        """
        bounds = [Decimal(0), *PRICE_BANDS]
        band_names = [f"{low}-{high}" for low, high in zip(bounds, PRICE_BANDS, strict=False)] + [f"{PRICE_BANDS[-1]}-"]
        band_filters = [
            Q(price_per_hour__gte=low, price_per_hour__lt=high) for low, high in zip(bounds, PRICE_BANDS, strict=False)
        ] + [Q(price_per_hour__gte=PRICE_BANDS[-1])]

        def count(without: str, condition: Q | None = None) -> Count:
            combined = self._combined({**filters, "other": Q()}, without=without)
            if condition is not None:
                combined &= condition
            return Count("pk", filter=combined) if combined else Count("pk")

        aggregates = {
            "total": count(""),
            "in_category": count("category"),
            **{f"band{i}": count("price", condition) for i, condition in enumerate(band_filters)},
            **{f"stars{stars}": count("rating", Q(rating_average__gte=stars)) for stars in RATING_BANDS},
            "true": count("verified", Q(verified=True)),
            "false": count("verified", Q(verified=False)),
        }
        grouped = base.filter(filters["other"]).values("category__slug").annotate(**aggregates).order_by()
        rows = cast(list[dict[str, Any]], list(grouped))  # the stubs only know the grouping key
        values = {name: sum(row[name] for row in rows) for name in aggregates}
        categories = sorted(
            (FacetCount(row["category__slug"], row["in_category"]) for row in rows if row["in_category"]),
            key=lambda facet: (-facet.count, facet.value),
        )
        facets = Facets(
            categories=categories,
            price_bands=[FacetCount(name, values[f"band{i}"]) for i, name in enumerate(band_names)],
            ratings=[FacetCount(str(stars), values[f"stars{stars}"]) for stars in RATING_BANDS],
            verified=[FacetCount("true", values["true"]), FacetCount("false", values["false"])],
        )
        return facets, values["total"]

    # --- Suggestions and index ----------------------------------------------------------------------------------

    def suggest(self, prefix: str, language: str, limit: int = 8) -> list[Suggestion]:
        """Service names starting with the prefix (then containing it), category names, providers' places."""
        from providers.models import Category, ProviderProfile

        prefix = " ".join(prefix.split())[:100]
        if len(prefix) < 2 or limit < 1:
            return []
        name = f"name_{_language(language)}"
        starting = SearchEntry.objects.filter(**{f"{name}__istartswith": prefix})
        containing = SearchEntry.objects.filter(**{f"{name}__icontains": prefix}).exclude(
            **{f"{name}__istartswith": prefix}
        )
        services = [
            Suggestion(kind="service", label=label, value=label)
            for entries in (starting, containing)
            for label in entries.order_by("-popularity", name).values_list(name, flat=True)[:limit]
        ]
        # Fields of work by a word of their name or trade in the language, as Elasticsearch's ``*_prefix`` fields:
        # "plom" finds Plomberie, "سبا" finds السباكة through سباك. A dozen rows, so compared here.
        # Those with the most listings first, as Elasticsearch's terms aggregation (ties by slug, as its keys).
        # Cached with the index generation: counting every entry on each keystroke would cost more than the rest.
        listings: dict[int, int] = search_cache.remember(
            "category-listings",
            "",
            lambda: dict(SearchEntry.objects.values_list("category_id").annotate(count=Count("pk")).order_by()),
        )
        listed = sorted(
            Category.objects.filter(pk__in=listings), key=lambda category: (-listings[category.pk], category.slug)
        )
        with translation.override(_language(language)):
            categories = [
                Suggestion(kind="category", label=category.display_name, value=category.slug)
                for category in listed
                if _completes_words(category_words(category, language), prefix)
            ]
        places = (
            ProviderProfile.objects.filter(
                pk__in=SearchEntry.objects.values("provider_id"), address__istartswith=prefix
            )
            .order_by("address")
            .values_list("address", flat=True)
            .distinct()[:limit]
        )
        cities = [Suggestion(kind="city", label=place, value=place) for place in places]
        return merge_suggestions(services, categories + cities, limit)

    def index(self, service_ids: Iterable[int]) -> None:
        """Nothing to do: the ``SearchEntry`` rows are the index (and the database keeps the text columns in step)."""

    def rebuild(self) -> None:
        """Nothing to do, as for :meth:`index`."""
