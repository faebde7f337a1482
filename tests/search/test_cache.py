"""Search answers cached per query and per index generation (``search/cache.py``, decision 0048).

The cache is the project's default cache: Redis in CI (``REDIS_URL``), local memory on a laptop. Test settings turn it
off for every other test; here it is on.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers.models import Service
from search import cache as search_cache
from search.indexing import index_services
from search.query import SearchQuery
from search.services import search_services
from tests.search.conftest import Catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.SEARCH_CACHE_SECONDS = 60
    cache.delete(search_cache.GENERATION_KEY)


def _count_queries(query: SearchQuery) -> int:
    with CaptureQueriesContext(connection) as captured:
        search_services(query)
    return len(captured.captured_queries)


def test_the_same_search_again_skips_the_backend_but_reads_the_services(catalogue: Catalogue):
    search_services(SearchQuery(text="warm up"))  # the backend's one-off lookups (text search configuration)
    query = SearchQuery(text="plumbing", sort="price")
    first = _count_queries(query)
    again = _count_queries(query)
    # The hits and the facets-and-total queries are not run again; the page's services still are (fresh prices).
    assert again == first - 2
    assert catalogue.keys([service.pk for service in search_services(query).services]) == [1, 2, 3, 4]


def test_an_index_change_is_seen_by_the_next_search(catalogue: Catalogue, django_capture_on_commit_callbacks):
    query = SearchQuery(categories=("plumbing",), sort="-price")
    assert catalogue.keys([service.pk for service in search_services(query).services]) == [4, 3, 2, 1]
    Service.objects.filter(pk=catalogue.ids[1]).update(price_per_hour=Decimal(999))
    with django_capture_on_commit_callbacks(execute=True):
        index_services([catalogue.ids[1]])
    page = search_services(query)
    assert catalogue.keys([service.pk for service in page.services]) == [1, 4, 3, 2]
    assert {facet.value: facet.count for facet in page.facets.price_bands}["200-"] == 2


def test_an_index_write_not_yet_committed_leaves_the_generation(catalogue: Catalogue):
    """The generation moves on commit: a search meanwhile must not store the old answer under the new generation."""
    before = search_cache.generation()
    index_services([catalogue.ids[1]])  # inside the test's transaction: not committed
    assert search_cache.generation() == before


def test_different_searches_never_share_an_answer(catalogue: Catalogue, settings):
    queries = [
        SearchQuery(text="plumbing"),
        SearchQuery(text="plumbing", language="fr"),
        SearchQuery(text="plumbing", page=2, page_size=2),
        SearchQuery(text="plumbing", sort="-price"),
        SearchQuery(text="plumbing", price_max=Decimal(100)),
        SearchQuery(text="plumbing", price_max=Decimal("100.5")),
        SearchQuery(categories=("plumbing",)),
        SearchQuery(categories=("plumbing", "cleaning")),
    ]

    def answers() -> list[tuple[list[int], int, list[tuple[str, int]]]]:
        pages = [search_services(query) for query in queries]
        return [
            ([service.pk for service in page.services], page.total, [(c.value, c.count) for c in page.facets.ratings])
            for page in pages
        ]

    settings.SEARCH_CACHE_SECONDS = 0
    expected = answers()
    settings.SEARCH_CACHE_SECONDS = 60
    answers()  # fills the cache
    assert answers() == expected  # each search read its own entry, none another's
    assert len(set(map(repr, expected))) > 4  # the searches really answer differently


def test_a_lost_generation_starts_a_new_one_and_no_old_answer_comes_back(catalogue: Catalogue):
    query = SearchQuery(categories=("plumbing",))
    search_services(SearchQuery(text="warm up"))
    uncached = _count_queries(query)
    assert _count_queries(query) == uncached - 2
    old = search_cache.generation()
    cache.delete(search_cache.GENERATION_KEY)  # evicted, or Redis restarted
    search_cache.bump()
    assert search_cache.generation() > old
    assert _count_queries(query) == uncached  # the backend answers again


def test_a_new_format_of_cached_values_never_reads_the_old_ones(catalogue: Catalogue, monkeypatch):
    query = SearchQuery(categories=("plumbing",))
    search_services(SearchQuery(text="warm up"))
    uncached = _count_queries(query)
    monkeypatch.setattr(search_cache, "FORMAT", search_cache.FORMAT + 1)
    assert _count_queries(query) == uncached


def test_bump_moves_the_generation_on(catalogue: Catalogue):
    before = search_cache.generation()
    search_cache.bump()
    assert search_cache.generation() == before + 1


def test_zero_seconds_turns_the_cache_off(catalogue: Catalogue, settings):
    settings.SEARCH_CACHE_SECONDS = 0
    query = SearchQuery(text="plumbing")
    assert _count_queries(query) == _count_queries(query)


def test_the_same_api_search_again_runs_no_sql_and_answers_the_same(
    client, catalogue: Catalogue, django_assert_num_queries
):
    url = "/api/v1/services/?q=plumbing&sort=price&page_size=2"
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.json() == first.json()
    assert again.json()["next"].startswith("http://testserver/api/v1/services/?")


def test_the_api_page_follows_a_listing_change_once_indexed(
    client, catalogue: Catalogue, django_capture_on_commit_callbacks
):
    """Pausing a listing queues its re-indexing on commit; the task's own commit moves the generation on."""
    url = "/api/v1/services/?categories=plumbing&category=plumbing&sort=price"
    before = client.get(url).json()
    assert catalogue.ids[1] in [row["id"] for row in before["results"]]
    service = Service.objects.get(pk=catalogue.ids[1])
    service.status = Service.Status.PAUSED
    with django_capture_on_commit_callbacks(execute=True):
        service.save()
    after = client.get(url).json()
    assert catalogue.ids[1] not in [row["id"] for row in after["results"]]
    assert after["count"] == before["count"] - 1


def test_api_pages_are_cached_per_language_and_link_from_each_host(client, catalogue: Catalogue, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    url = "/api/v1/services/?q=urgence&sort=price"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    # "urgence" is a word of service 1's French translation only: found in French, not in English.
    assert [row["id"] for row in french["results"]] == [catalogue.ids[1]]
    assert english["count"] == 0
    other = client.get("/api/v1/services/?q=plumbing&page_size=1", HTTP_HOST="other.example").json()
    here = client.get("/api/v1/services/?q=plumbing&page_size=1").json()
    assert other["next"].startswith("http://other.example/")
    assert here["next"].startswith("http://testserver/")


def test_parameters_the_search_ignores_share_the_entry_but_keep_their_links(
    client, catalogue: Catalogue, django_assert_num_queries
):
    """The entry is the parsed query's: junk parameters cannot fill the cache, and each answer links from its URL."""
    first = client.get("/api/v1/services/?q=plumbing&page_size=1&utm_source=mail")
    with django_assert_num_queries(0):
        again = client.get("/api/v1/services/?page_size=1&q=plumbing&utm_source=ads")
    assert again.json()["results"] == first.json()["results"]
    assert "utm_source=ads" in again.json()["next"]
    assert "utm_source=mail" not in again.json()["next"]


def test_a_bad_search_is_never_cached(client, catalogue: Catalogue, monkeypatch):
    remembered: list[str] = []
    remember = search_cache.remember
    monkeypatch.setattr(
        search_cache, "remember", lambda kind, key, compute: remembered.append(key) or remember(kind, key, compute)
    )
    for url in ("/api/v1/services/?price_min=-1", "/api/v1/services/?q=x&radius=1000000000"):
        assert client.get(url).status_code == 400
    assert remembered == []
    assert client.get("/api/v1/services/?q=plumbing").status_code == 200
    assert len(remembered) == 2  # the API page and the backend answer: the spy does see a good search


@pytest.mark.postgres
def test_a_corrected_search_is_cached_with_its_correction(client, catalogue: Catalogue, django_assert_num_queries):
    """The correction is part of the answer: the page and the API served from the cache still say what was searched."""
    first = client.get("/api/v1/services/", {"q": "emergeny plumbr"}).json()
    assert (first["corrected_text"], first["count"]) == ("emergency plumber", 1)
    with django_assert_num_queries(0):
        again = client.get("/api/v1/services/", {"q": "emergeny plumbr"}).json()
    assert again == first
    page = search_services(SearchQuery(text="emergeny plumbr"))
    assert (page.corrected_text, page.total) == ("emergency plumber", 1)
