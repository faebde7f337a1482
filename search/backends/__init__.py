"""Search backends behind one interface, chosen by ``SEARCH_BACKEND`` ("database" or "elasticsearch")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from search.query import SearchQuery, SearchResult

BACKENDS = {
    "database": "search.backends.database.DatabaseBackend",
    "elasticsearch": "search.backends.elasticsearch.ElasticsearchBackend",
}


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "service", "category" or "city"
    label: str
    value: str  # what the search box is filled with (or the category slug / city name)


#: Places the service names leave to fields of work and places, when some match: with many matching names these
#: would never show, and they are what a searcher most often means ("plom" → Plomberie, "ly" → Lyon).
SUGGEST_RESERVED = 3


def merge_suggestions(services: Iterable[Suggestion], others: Iterable[Suggestion], limit: int) -> list[Suggestion]:
    """Service names, then fields of work and places (each label once per kind), ``limit`` in all.

    The names keep at most ``limit`` less the places reserved for the others (``SUGGEST_RESERVED``, at most half the
    list); what one side does not fill, the other may. Both backends merge through here, so they agree.
    """
    names, rest = _unique(services), _unique(others)
    reserved = min(len(rest), SUGGEST_RESERVED, limit // 2)
    head = names[: max(limit - reserved, 0)]
    return head + rest[: max(limit - len(head), 0)]


def _unique(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for suggestion in suggestions:
        if (suggestion.kind, suggestion.label.casefold()) not in seen:
            seen.add((suggestion.kind, suggestion.label.casefold()))
            unique.append(suggestion)
    return unique


class SearchBackend(Protocol):
    def search(self, query: SearchQuery) -> SearchResult:
        """Filtered, faceted, sorted, paginated hits. Never raises for user input (``SearchQuery`` is valid)."""

    def suggest(self, prefix: str, language: str, limit: int = 8) -> list[Suggestion]:
        """Completions for the search box."""

    def index(self, service_ids: Iterable[int]) -> None:
        """Bring these services' documents in line with their ``SearchEntry`` rows (missing row = remove)."""

    def rebuild(self) -> None:
        """Start from an empty index (``search_reindex`` then indexes every entry)."""


@cache
def _load(name: str) -> SearchBackend:
    return import_string(BACKENDS[name])()


def get_backend() -> SearchBackend:
    return _load(settings.SEARCH_BACKEND)
