"""``/<lang>/services/most-requested/``: ranked by counted bookings, cached, refreshed when a booking changes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.bookings import services
from providers.popularity import CACHE_KEY, ranking
from providers.selectors import most_requested_services
from tests.factories import ServiceFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time
from tests.home.conftest import site_tree  # noqa: F401 - the page tree fixture

pytestmark = pytest.mark.django_db
URL = "/en/services/most-requested/"
START = paris_time("2027-03-02", 10)
NOW = START - timedelta(days=3)


def _names(html: str) -> list[str]:
    return re.findall(r'class="stretched-link[^"]*"\s+href="[^"]+"\s*>([^<]+)</a>', html)


def _book(service, run, hour: int = 10, day: str = "2027-03-02"):
    return run(make_booking, service, starts_at=paris_time(day, hour), now=NOW)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def test_a_new_booking_moves_its_service_up_and_the_count_is_shown(client, site_tree, run):  # noqa: F811
    provider = bookable_provider()
    older = bookable_service(provider=provider, name="Older service")
    newer = bookable_service(provider=provider, name="Newer service")
    assert _names(client.get(URL).content.decode())[:2] == ["Newer service", "Older service"]  # tie: newest first
    assert cache.get(CACHE_KEY) is not None

    _book(older, run)
    html = client.get(URL).content.decode()
    assert _names(html)[:2] == ["Older service", "Newer service"]
    assert "Booked once" in html
    assert "Not booked yet" in html

    _book(older, run, hour=13)
    assert "Booked 2 times" in client.get(URL).content.decode()
    assert [count for pk, count in ranking() if pk == newer.pk] == [0]


def test_declined_and_expired_bookings_do_not_count_but_cancelled_ones_do(run):
    provider = bookable_provider()
    declined, expired, cancelled = (bookable_service(provider=provider) for _ in range(3))
    booking = _book(declined, run, hour=8)
    run(services.booking_decline, booking, by=provider.user)
    booking = _book(expired, run, hour=11)
    run(services.booking_expire, booking, now=booking.expires_at)
    booking = _book(cancelled, run, hour=14)
    run(services.booking_cancel_by_customer, booking, by=booking.customer, now=NOW)
    counts = {service.pk: service.request_count for service in most_requested_services()[0:10]}  # type: ignore[attr-defined]
    assert counts == {declined.pk: 0, expired.pk: 0, cancelled.pk: 1}
    assert most_requested_services()[0].pk == cancelled.pk


def test_the_ranking_is_cached_until_a_booking_changes(run, django_assert_num_queries):
    service = bookable_service()
    ranking()
    with django_assert_num_queries(0):
        assert ranking() == [(service.pk, 0)]
    booking = _book(service, run)
    assert cache.get(CACHE_KEY) is None  # dropped on commit
    assert ranking() == [(service.pk, 1)]
    run(services.booking_decline, booking, by=service.provider.user)  # a status change drops it again
    assert ranking() == [(service.pk, 0)]


def test_a_paused_service_leaves_its_page_even_before_the_cache_expires(run):
    first, second = bookable_service(), bookable_service()
    ranking()
    first.status = first.Status.PAUSED
    first.save(update_fields=["status"])
    assert [service.pk for service in most_requested_services()[0:10]] == [second.pk]


def _queries(client) -> int:
    client.get(URL)  # warm caches (site root paths, the ranking)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_page_query_count_is_flat_in_services_and_bookings(client, site_tree, run):  # noqa: F811
    provider = bookable_provider()
    services_ = [bookable_service(provider=provider) for _ in range(3)]
    for hour, service in zip((8, 11, 14), services_, strict=True):
        _book(service, run, hour=hour)
    at_few = _queries(client)
    ServiceFactory.create_batch(30, provider=provider, category=services_[0].category)
    for hour in (8, 11, 14):
        _book(services_[0], run, hour=hour, day="2027-03-03")
    cache.delete(CACHE_KEY)
    assert _queries(client) == at_few
