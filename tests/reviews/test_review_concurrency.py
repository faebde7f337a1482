"""Aggregates stay exact when reviews arrive at the same moment, on PostgreSQL through a real threaded HTTP server.

Each request runs in its own server thread with its own database connection, as in production; a barrier releases
every client thread together. The running totals kept by ``aggregates.add`` under row locks must then equal a
recount from the reviews themselves (``rebuild_service`` / ``rebuild_provider``).
"""

from __future__ import annotations

from collections import Counter

import pytest

from marketplace.models import ProviderRating, Review, ServiceRating
from marketplace.reviews import aggregates
from tests.factories.marketplace import bookable_service
from tests.marketplace.test_bookings_api import _fire, _session_headers, concurrent_server  # noqa: F401 (fixture)
from tests.reviews.helpers import completed_booking

CUSTOMERS = 24
SAME_CUSTOMER = 10

AGGREGATE_FIELDS = (
    "count",
    "rating_sum",
    "quality_sum",
    "punctuality_sum",
    "communication_sum",
    "value_sum",
    "stars_1",
    "stars_2",
    "stars_3",
    "stars_4",
    "stars_5",
    "average",
    "score",
)


def body(index: int) -> dict:
    stars = 1 + index % 5
    return {
        "rating": stars,
        "quality": 1 + (index + 1) % 5,
        "punctuality": 1 + (index + 2) % 5,
        "communication": 1 + (index + 3) % 5,
        "value": 1 + (index + 4) % 5,
        "text": f"Review number {index}.",
        "language": "en",
    }


def snapshot(aggregate) -> dict:
    return {name: getattr(aggregate, name) for name in AGGREGATE_FIELDS}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_reviews_of_one_service_keep_exact_aggregates(concurrent_server):  # noqa: F811
    service = bookable_service()
    other = bookable_service(provider=service.provider)  # the provider's total spans both services
    bookings = [completed_booking(service) for _ in range(CUSTOMERS)] + [completed_booking(other)]
    urls = [f"{concurrent_server}/api/v1/bookings/{booking.pk}/review/" for booking in bookings]
    headers = [_session_headers(booking.customer) for booking in bookings]

    results = _fire(urls, [body(index) for index in range(len(bookings))], headers)

    assert [status for status, _kind in results] == [201] * len(bookings), results
    running_service = snapshot(ServiceRating.objects.get(service=service))
    running_provider = snapshot(ProviderRating.objects.get(provider=service.provider))
    assert running_service == snapshot(aggregates.rebuild_service(service.pk))
    assert running_provider == snapshot(aggregates.rebuild_provider(service.provider_id))
    assert running_service["count"] == CUSTOMERS
    assert running_provider["count"] == CUSTOMERS + 1
    histogram = Counter(1 + index % 5 for index in range(CUSTOMERS))
    assert [running_service[f"stars_{n}"] for n in range(1, 6)] == [histogram[n] for n in range(1, 6)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_review_posted_from_ten_threads_is_stored_once(concurrent_server):  # noqa: F811
    booking = completed_booking()
    url = f"{concurrent_server}/api/v1/bookings/{booking.pk}/review/"
    headers = _session_headers(booking.customer)

    results = _fire([url] * SAME_CUSTOMER, [body(3)] * SAME_CUSTOMER, [headers] * SAME_CUSTOMER)

    assert sorted(status for status, _kind in results) == [201] + [409] * (SAME_CUSTOMER - 1), results
    assert all(kind == "application/problem+json" for status, kind in results if status == 409)
    assert Review.objects.filter(booking=booking).count() == 1
    assert ServiceRating.objects.get(service=booking.service).count == 1
    assert snapshot(ServiceRating.objects.get(service=booking.service)) == snapshot(
        aggregates.rebuild_service(booking.service_id)
    )
