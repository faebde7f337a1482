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
