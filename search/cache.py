"""Search answers cached per query until the index changes (decision 0048).

What a backend answers (hit ids, total, facets) depends only on the index and the query, so it is cached under the
query and the index's *generation*: a counter that every write to the index moves on, once that write is committed.
A search therefore never gets an answer older than the index it would have read, and nothing has to be deleted when
the catalogue changes. Why cache at all: counting facets reads every matching row (tens of milliseconds at 100 000
services), and the same searches — a field of work in a city, the first page without text — come again and again.

Two things are cached this way, under one generation:
- the backend's answer (``cached_search``), for the page and the API: the page still reads its services fresh;
- the API's whole JSON page (``search.api``) under the parsed query, which the same search from anyone returns with
  links to its own URL. A listing's own change (price, pause) reaches it when the index task commits — seconds, as
  its place in the results does.

``SEARCH_CACHE_SECONDS`` bounds how long an answer is kept (and how long two processes without a shared cache could
disagree); 0 turns the cache off.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import cache

from search.query import SearchQuery, SearchResult

GENERATION_KEY = "search:generation"
FORMAT = 3
"""The shape of what is cached: raise it when a cached value's shape changes (a field added to the API page, a new
``SearchResult`` attribute), so that during a deploy the new code never reads what the old code stored."""
MISSING = object()
T = TypeVar("T")


def generation() -> int:
    """The index's current generation (started from the clock, so a lost counter never revives old answers)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY, time.time_ns())
    return int(value)


def bump() -> None:
    """Say the index changed: every answer cached so far is for an older index and will not be read again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or it was evicted): a new one, later than any before
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def remember(kind: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same ``kind`` and ``key`` on the current index."""
    seconds = settings.SEARCH_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    # The generation is read before computing: if the index changes meanwhile, the answer is stored under the
    # older generation, which nobody reads any more.
    cache_key = f"search:{kind}:{FORMAT}:{settings.SEARCH_BACKEND}:{generation()}:{digest}"
    found = cache.get(cache_key, MISSING)
    if found is not MISSING:
        return cast(T, found)
    value = compute()
    cache.set(cache_key, value, timeout=seconds)
    return value


def cached_search(query: SearchQuery, search: Callable[[SearchQuery], SearchResult]) -> SearchResult:
    """``search(query)``, or its answer for the current index when one is cached."""
    return remember("result", repr(query), lambda: search(query))
