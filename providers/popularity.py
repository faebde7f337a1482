"""The "most requested" ranking: listed services ordered by how many bookings they got, kept in the cache.

A booking counts unless the provider declined it or let it expire: those never became work, while a booking the
customer later cancelled was still a real request for the service (decision 0037). Ties go to the newest listing.

The ranking — ``(service id, count)`` pairs of every listed service — is one grouped query, cached under
:data:`CACHE_KEY` for :data:`CACHE_SECONDS`. Every booking event that changes a status (a new request included)
drops it once its transaction commits (``marketplace.bookings.notifications``), so a new booking moves its
service up on the next page view; changes to listings themselves (a new or paused service) show within the TTL.
A page then loads only its own services by id (:class:`RankedServices`), so its query count does not grow with
the number of services or bookings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from django.core.cache import cache
from django.db.models import Count, Q

from providers.models import Service

CACHE_KEY = "most-requested:v1"
CACHE_SECONDS = 300
NOT_COUNTED = ("declined", "expired")  # Booking.Status values that are not a request the provider took up


def ranking() -> list[tuple[int, int]]:
    """``(service id, bookings counted)`` for every listed service, most requested first (cached)."""
    cached: list[tuple[int, int]] | None = cache.get(CACHE_KEY)
    if cached is None:
        from providers.selectors import service_list

        counted = Count("bookings", filter=~Q(bookings__status__in=NOT_COUNTED))
        rows = (
            service_list()
            .annotate(request_count=counted)
            .order_by("-request_count", "-created_at", "-pk")
            .values_list("pk", "request_count")
        )
        cached = [(pk, count) for pk, count in rows]
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return cached


def forget_ranking() -> None:
    """Drop the cached ranking (a booking was made or changed status); the next page view recounts."""
    cache.delete(CACHE_KEY)


class RankedServices(Sequence[Service]):
    """The ranking as a lazy sequence for ``Paginator``: its length is the ranking's, and a slice loads only the
    services in it, shaped like ``service_list`` (one query plus the translation prefetch), each carrying
    ``request_count``. A service paused or hidden since the ranking was cached is left out of its page."""

    def __init__(self, ranked: list[tuple[int, int]]) -> None:
        self._ranked = ranked

    def __len__(self) -> int:
        return len(self._ranked)

    @overload
    def __getitem__(self, index: int) -> Service: ...

    @overload
    def __getitem__(self, index: slice) -> list[Service]: ...

    def __getitem__(self, index: int | slice) -> Service | list[Service]:
        if isinstance(index, int):
            return self._load(self._ranked[index : index + 1 or None])[0]
        return self._load(self._ranked[index])

    @staticmethod
    def _load(part: list[tuple[int, int]]) -> list[Service]:
        from providers.selectors import service_list

        if not part:
            return []
        counts = dict(part)
        services = {service.pk: service for service in service_list().filter(pk__in=counts)}
        loaded = []
        for pk, count in part:
            if pk in services:
                service = services[pk]
                service.request_count = count  # type: ignore[attr-defined]
                loaded.append(service)
        return loaded
