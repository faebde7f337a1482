"""Bookings through the REST API: create, read, transitions, refusals as problem+json — and the double-booking proof.

The concurrency tests fire real HTTP requests from 50 threads at a threaded HTTP server on PostgreSQL: each request
runs in its own server thread with its own database connection, as in production.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import requests
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import IntegrityError, connection, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from marketplace.models import Booking
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_service, make_booking, paris_time

START = paris_time("2027-03-02", 10)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def payload(listing, **overrides):
    return {
        "service": listing.pk,
        "starts_at": iso(START),
        "hours": "2",
        "address": "12 rue de Rivoli",
        "city": "Paris",
        **overrides,
    }


@pytest.fixture
def frozen_now(monkeypatch):
    """Bookings are checked against "now"; the tests book a fixed date, so now is three days before it."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: START.astimezone(UTC) - timedelta(days=3))


@pytest.mark.django_db
class TestBookingsAPI:
    def test_create_and_read(self, client, frozen_now):
        service = bookable_service(price_per_hour=Decimal("10.50"))
        customer = CustomerFactory()
        client.force_login(customer)
        response = client.post("/api/v1/bookings/", payload(service), content_type="application/json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "requested"
        assert body["total"] == "21.00"
        assert body["price_lines"] == [{"kind": "hours", "label": "2 h × $10.50", "amount": "21.00"}]
        assert body["starts_at"] == "2027-03-02T09:00:00Z"
        assert body["actions"] == ["cancel_by_customer", "reschedule"]
        assert [event["action"] for event in body["events"]] == ["request"]
        listed = client.get("/api/v1/bookings/").json()
        assert [item["id"] for item in listed["results"]] == [body["id"]]

    def test_taken_slot_is_409_problem(self, client, frozen_now):
        service = bookable_service()
        make_booking(service, starts_at=START)
        client.force_login(CustomerFactory())
        response = client.post("/api/v1/bookings/", payload(service), content_type="application/json")
        assert response.status_code == 409
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"].endswith("/slot-unavailable")

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"city": "Marseille"}, "city"),
            ({"hours": "0.25"}, "hours"),
            ({"starts_at": "2027-03-02T10:00:00"}, "starts_at"),
            ({"starts_at": "tomorrow"}, "starts_at"),
            ({"service": 10**20}, "service"),
            ({"promo_code": "NOPE"}, "non_field_errors"),
        ],
    )
    def test_bad_input_is_400_and_books_nothing(self, client, frozen_now, overrides, field):
        service = bookable_service()
        client.force_login(CustomerFactory())
        response = client.post("/api/v1/bookings/", payload(service, **overrides), content_type="application/json")
        assert response.status_code == 400, response.content
        assert field in {error["field"] for error in response.json()["errors"]}
        assert not Booking.objects.exists()

    def test_transitions_and_refusals(self, client, frozen_now):
        booking = make_booking(starts_at=START, now=START - timedelta(days=3))
        provider = booking.provider.user
        client.force_login(booking.customer)
        refused = client.post(f"/api/v1/bookings/{booking.pk}/accept/")
        assert refused.status_code == 403  # a customer may never accept
        client.force_login(provider)
        accepted = client.post(f"/api/v1/bookings/{booking.pk}/accept/")
        assert accepted.status_code == 200
        assert accepted.json()["status"] == "confirmed"
        again = client.post(f"/api/v1/bookings/{booking.pk}/accept/")
        assert again.status_code == 409
        assert again["Content-Type"] == "application/problem+json"
        assert "confirmed" in again.json()["detail"]
        too_early = client.post(f"/api/v1/bookings/{booking.pk}/complete/")
        assert too_early.status_code == 409
        assert too_early.json()["type"].endswith("/too-early")
        no_reason = client.post(f"/api/v1/bookings/{booking.pk}/cancel/", {}, content_type="application/json")
        assert no_reason.status_code == 400
        cancelled = client.post(
            f"/api/v1/bookings/{booking.pk}/cancel/", {"reason": "Ill"}, content_type="application/json"
        )
        assert cancelled.json()["status"] == "cancelled_by_provider"

    def test_others_cannot_see_or_touch_a_booking(self, client, frozen_now):
        booking = make_booking(starts_at=START)
        client.force_login(CustomerFactory())
        assert client.get(f"/api/v1/bookings/{booking.pk}/").status_code == 404
        assert client.post(f"/api/v1/bookings/{booking.pk}/cancel/").status_code == 404
        assert client.get("/api/v1/bookings/").json()["results"] == []
        client.logout()
        assert client.get("/api/v1/bookings/").status_code in {401, 403}

    def test_slots_leave_out_booked_time(self, client, frozen_now):
        service = bookable_service()
        make_booking(service, starts_at=START)
        response = client.get(f"/api/v1/services/{service.pk}/slots/", {"start": "2027-03-02", "end": "2027-03-02"})
        starts = response.json()["starts"]
        assert "2027-03-02T09:00:00Z" not in starts  # 10:00 Paris, booked
        assert "2027-03-02T08:30:00Z" not in starts  # 09:30 Paris: the 1-hour job would run into it
        assert "2027-03-02T08:00:00Z" in starts  # 09:00 Paris: ends as the booking starts
        assert "2027-03-02T11:00:00Z" in starts  # 12:00 Paris, right after it


# --- the double-booking proof ---------------------------------------------------------------------------------------


def _session_headers(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    return {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}",
        "X-CSRFToken": token,
        "Content-Type": "application/json",
    }


def _fire(url: str | list[str], bodies: list[dict], headers: list[dict]) -> list[tuple[int, str]]:
    """POST every body at once (a barrier releases all threads together); returns (status, content type) each.

    ``url`` is one URL for all, or one per body."""
    urls = url if isinstance(url, list) else [url] * len(bodies)
    barrier = threading.Barrier(len(bodies))
    results: list[tuple[int, str]] = [(0, "")] * len(bodies)

    def worker(index: int) -> None:
        barrier.wait()
        try:
            response = requests.post(urls[index], json=bodies[index], headers=headers[index], timeout=300)
        except requests.RequestException as error:
            results[index] = (0, repr(error))
        else:
            results[index] = (response.status_code, response.headers.get("Content-Type", ""))

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


CONCURRENT = 50


class _BacklogServer(ThreadedWSGIServer):
    """Django's threaded test server with a listen backlog for 50 simultaneous connections (the default is 5)."""

    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def concurrent_server(transactional_db):
    """A real HTTP server in a thread; each request gets its own thread and database connection."""
    server = _BacklogServer(("127.0.0.1", 0), _QuietHandler)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "starts",
    [
        pytest.param([START] * CONCURRENT, id="same-slot"),
        # Four-hour jobs starting 10:00, 10:30, 11:00 or 11:30: every two of them overlap.
        pytest.param([START + timedelta(minutes=30 * (i % 4)) for i in range(CONCURRENT)], id="overlapping"),
    ],
)
def test_fifty_concurrent_requests_make_exactly_one_booking(concurrent_server, starts):
    service = bookable_service(minimum_hours=Decimal(1))
    customers = [CustomerFactory() for _ in range(CONCURRENT)]
    hours = "2" if len(set(starts)) == 1 else "4"
    bodies = [payload(service, starts_at=iso(start), hours=hours) for start in starts]
    headers = [_session_headers(customer) for customer in customers]
    results = _fire(f"{concurrent_server}/api/v1/bookings/", bodies, headers)
    statuses = sorted(status for status, _type in results)
    assert statuses == [201] + [409] * (CONCURRENT - 1), results
    assert all(kind == "application/problem+json" for status, kind in results if status == 409)
    assert Booking.objects.filter(service=service).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_itself_refuses_overlapping_live_bookings():
    """Even code that skips the service (a bulk insert, a bug) cannot store an overlap: the exclusion constraint."""
    booking = make_booking(starts_at=START)
    clone = Booking.objects.get(pk=booking.pk)
    clone.pk = None
    clone.starts_at = booking.starts_at + timedelta(minutes=30)
    with pytest.raises(IntegrityError, match="booking_no_overlap"), transaction.atomic():
        clone.save()
    clone.status = Booking.Status.DECLINED  # not live: it holds nothing, so it may overlap
    clone.save()
    assert connection.vendor == "postgresql"
