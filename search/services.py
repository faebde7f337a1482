"""The one search service the page (``/<lang>/search/``) and the API (``/api/v1/services/``) both call.

A backend answers with hit ids, facets and a total (``search.backends``); this module turns the hits of one page into
``Service`` objects shaped for cards and serializers. Why one function: the page and the API must find, filter and
order the same listings, and the page's query count must not grow with its size (issue 9, item 7). The services of a
page are read in one query (provider, category and rating joined) plus fixed prefetches (the active language's
translation, photos with their images and renditions), then put back in the backend's order.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from django.db.models import Prefetch
from wagtail.images import get_image_model

from providers.models import Service, ServicePhoto
from providers.selectors import service_list
from providers.translations import active_translation_prefetch
from search.backends import get_backend
from search.cache import cached_search
from search.query import Facets, SearchQuery, SearchResult

# The thumbnail a result card shows (the first photo), prefetched so cards cost no query each.
CARD_PHOTO_RENDITION = "fill-400x300|format-webp"


@dataclass(frozen=True)
class SearchPage:
    """One page of results: the services in the backend's order, each carrying ``distance_km`` and ``promoted``."""

    services: list[Service]
    total: int
    facets: Facets
    query: SearchQuery
    corrected_text: str = ""

    @property
    def number(self) -> int:
        return self.query.page

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.total / self.query.page_size))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def next_page_number(self) -> int:
        return self.query.page + 1

    @property
    def previous_page_number(self) -> int:
        return self.query.page - 1

    @property
    def start_index(self) -> int:
        """Position (1-based) of the page's first result, for "results 21–40 of 95"."""
        return (self.query.page - 1) * self.query.page_size + 1 if self.services else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.services) - 1 if self.services else 0


def search_services(query: SearchQuery) -> SearchPage:
    """Run ``query`` on the configured backend and load the page's services in hit order.

    A hit whose service is no longer listed (paused or hidden since it was indexed) is left out rather than shown;
    the index catches up through Celery. The backend's answer may come from ``search.cache`` (never older than the
    index); the services themselves are always read fresh.
    """
    result = cached_search(query, get_backend().search)
    return SearchPage(
        services=_services_for(result),
        total=result.total,
        facets=result.facets,
        query=query,
        corrected_text=result.corrected_text,
    )


def _services_for(result: SearchResult) -> list[Service]:
    if not result.hits:
        return []
    image_model = get_image_model()
    ids = [hit.service_id for hit in result.hits]
    loaded = {
        service.pk: service
        for service in service_list()
        .filter(pk__in=ids)
        .select_related("rating")
        .prefetch_related(None)  # service_list's translation prefetch is for the active language; use the query's
        .prefetch_related(
            active_translation_prefetch(result.query.language),
            Prefetch("photos", queryset=ServicePhoto.objects.order_by("sort_order", "pk")),
            Prefetch("photos__image", queryset=image_model.objects.prefetch_renditions(CARD_PHOTO_RENDITION)),
        )
        .order_by()
    }
    services = []
    for hit in result.hits:
        service = loaded.get(hit.service_id)
        if service is None:
            continue
        service.distance_km = hit.distance_km  # type: ignore[attr-defined]
        service.promoted = hit.promoted  # type: ignore[attr-defined]
        services.append(service)
    return services
