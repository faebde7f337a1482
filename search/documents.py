"""The Elasticsearch document of a listed service: the ``SearchEntry`` row, its bookable days, and what suggest needs.

Why per-language fields rather than one ``text`` field with a language code: each language gets its own built-in
analyser (stemming and stop words differ — "plombiers" must find "plombier", "plumbing" must find "plumber"), and a
search only reads the page's language plus English as a lower-boosted fallback. A ``plain`` subfield (standard
analyser) keeps the unstemmed words, so fuzzy matching of a typo is not thrown off by a stemmer's odd roots.

Names, category names and cities are ``search_as_you_type`` fields: the box suggests from them with a ``bool_prefix``
query. Category names and cities are also kept as plain keywords (``category_name_<lang>``, ``city``) for the terms
aggregations that list them: separate fields rather than ``raw`` multi-fields of the ``search_as_you_type`` ones, which
build their own subfields and are not documented to take multi-fields.

Nothing here talks to a cluster: the index name is read from settings when asked for, and the mapping is plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Long,
    ScaledFloat,
    SearchAsYouType,
    Text,
)

from search.indexing import category_words
from search.models import SearchEntry

# Site language -> Elasticsearch's built-in analyser for it.
ANALYZERS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic"}
LANGUAGES = tuple(ANALYZERS)
FALLBACK_LANGUAGE = "en"


def _text(language: str) -> Text:
    return Text(analyzer=ANALYZERS[language], fields={"plain": Text(analyzer="standard")})


def _suggestable() -> SearchAsYouType:
    return SearchAsYouType()


class ServiceDocument(Document):
    """One listed service. The index is not bound here: ``service_index()`` names it from settings at call time."""

    service_id = Integer()
    category = Keyword()  # slug
    text_en = _text("en")
    text_fr = _text("fr")
    text_es = _text("es")
    text_ar = _text("ar")
    name_en = _suggestable()
    name_fr = _suggestable()
    name_es = _suggestable()
    name_ar = _suggestable()
    category_name_en = Keyword()
    category_name_en_prefix = _suggestable()
    category_name_fr = Keyword()
    category_name_fr_prefix = _suggestable()
    category_name_es = Keyword()
    category_name_es_prefix = _suggestable()
    category_name_ar = Keyword()
    category_name_ar_prefix = _suggestable()
    provider_id = Long()
    city = Keyword()
    city_prefix = _suggestable()
    price = ScaledFloat(scaling_factor=100)
    currency = Keyword()
    rating_average = ScaledFloat(scaling_factor=100)
    rating_count = Integer()
    rating_score = ScaledFloat(scaling_factor=10000)
    verified = Boolean()
    location = GeoPoint()
    radius_km = Integer()
    languages = Keyword(multi=True)
    popularity = Integer()
    promoted = Boolean()
    created_at = Date()
    available_days = Date(multi=True, format="strict_date")


def index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-services"


def service_index() -> Index:
    """The services index with its mapping (built-in analysers only, so no custom analysis settings to ship)."""
    index = Index(index_name())
    # One shard: term statistics (and so relevance) are the same on every query until the catalogue needs more.
    index.settings(number_of_shards=1)
    index.document(ServiceDocument)
    return index


def city_of(address: str) -> str:
    """The city part of a provider's "City, Country" address (the geocoder's own reading), for suggestions."""
    return address.split(",", 1)[0].strip()


def document_source(entry: SearchEntry, days: Iterable[date]) -> dict[str, Any]:
    """The ``_source`` of ``entry``'s document. Needs ``entry.category`` and ``entry.provider`` loaded."""
    source: dict[str, Any] = {
        "service_id": entry.service_id,
        "category": entry.category.slug,
        "provider_id": entry.provider_id,
        "city": city_of(entry.provider.address),
        "city_prefix": city_of(entry.provider.address),
        "price": float(entry.price_per_hour),
        "currency": entry.currency,
        "rating_average": float(entry.rating_average),
        "rating_count": entry.rating_count,
        "rating_score": float(entry.rating_score),
        "verified": entry.verified,
        "location": (
            {"lat": entry.latitude, "lon": entry.longitude}
            if entry.latitude is not None and entry.longitude is not None
            else None
        ),
        "radius_km": entry.radius_km,
        "languages": entry.languages.split(),
        "popularity": entry.popularity,
        "promoted": entry.promoted,
        "created_at": entry.created_at.isoformat(),
        "available_days": sorted(day.isoformat() for day in days),
    }
    for language in LANGUAGES:
        source[f"text_{language}"] = getattr(entry, f"text_{language}")
        source[f"name_{language}"] = getattr(entry, f"name_{language}")
        with translation.override(language):
            source[f"category_name_{language}"] = entry.category.display_name
        # Suggestions complete the name and the trade ("سبا" → سباك → plumbing, where the name is "السباكة").
        source[f"category_name_{language}_prefix"] = category_words(entry.category, language)
    return source
