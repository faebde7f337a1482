"""Reviews through the REST API: public lists and summaries, create, reply, flag — and every refusal as problem+json."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.services import api_client_create
from marketplace.bookings import services as booking_services
from marketplace.models import ProviderRating, Review, ReviewFlag, ReviewReply, ServiceRating
from marketplace.reviews import aggregates
from marketplace.reviews.services import completed_at, reply_save, review_hide, review_vote_helpful
from tests.accounts.test_oidc import REDIRECT_URI, _bearer, _code_from, _consent, _exchange, _pkce_pair
from tests.factories import ProviderProfileFactory, UserFactory
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_service, make_booking
from tests.reviews.helpers import completed_booking, reviewed

pytestmark = pytest.mark.django_db

GOOD = {
    "rating": 4,
    "quality": 5,
    "punctuality": 3,
    "communication": 4,
    "value": 4,
    "text": "Fixed the leak in an hour.",
    "language": "en",
}


def review_url(booking) -> str:
    return f"/api/v1/bookings/{booking.pk}/review/"


def post(client: Client, url: str, body: dict, **extra):
    return client.post(url, body, content_type="application/json", **extra)


def problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    if code is not None:
        assert body["type"].endswith(f"/{code}"), body
    return body


# --- create ---------------------------------------------------------------------------------------------------------


def test_create_good_review_is_201_and_updates_both_aggregates(client):
    booking = completed_booking()
    client.force_login(booking.customer)

    response = post(client, review_url(booking), GOOD)

    assert response.status_code == 201, response.content
    body = response.json()
    assert {key: body[key] for key in GOOD} == GOOD
    assert body["reply"] is None
    assert body["service"] == booking.service_id
    assert body["created_at"].endswith("Z")
    service_rating = ServiceRating.objects.get(service=booking.service)
    provider_rating = ProviderRating.objects.get(provider=booking.provider)
    for aggregate in (service_rating, provider_rating):
        assert (aggregate.count, aggregate.rating_sum, aggregate.stars_4, aggregate.quality_sum) == (1, 4, 1, 5)
    summary = Client().get(f"/api/v1/services/{booking.service_id}/rating/").json()
    assert summary["count"] == 1
    assert Decimal(summary["average"]) == Decimal(4)
    assert summary["criteria"] == {"quality": "5.0", "punctuality": "3.0", "communication": "4.0", "value": "4.0"}
    assert summary["histogram"] == [{"stars": n, "count": int(n == 4)} for n in range(5, 0, -1)]
    assert Client().get(f"/api/v1/providers/{booking.provider_id}/rating/").json()["count"] == 1


def test_language_left_out_is_the_request_language(client):
    booking = completed_booking()
    client.force_login(booking.customer)
    body = {key: value for key, value in GOOD.items() if key != "language"}
    response = post(client, review_url(booking), body, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 201, response.content
    assert Review.objects.get().language == "fr"


def test_review_of_a_booking_not_completed_is_409(client):
    booking = make_booking()
    booking_services.booking_accept(booking, by=booking.provider.user)
    client.force_login(booking.customer)
    problem(post(client, review_url(booking), GOOD), 409, "not-completed")
    assert not Review.objects.exists()


def test_second_review_of_the_same_booking_is_409(client):
    booking = completed_booking()
    client.force_login(booking.customer)
    assert post(client, review_url(booking), GOOD).status_code == 201
    problem(post(client, review_url(booking), {**GOOD, "rating": 1}), 409, "already-reviewed")
    assert Review.objects.get().rating == 4
    assert ServiceRating.objects.get().count == 1


def test_review_after_thirty_days_is_409(client):
    booking = completed_booking()
    with time_machine.travel(completed_at(booking) + timedelta(days=30, minutes=1), tick=False):
        client.force_login(booking.customer)  # signed in then: a session from 2026 would have expired
        problem(post(client, review_url(booking), GOOD), 409, "review-window-closed")
    assert not Review.objects.exists()


def test_someone_elses_booking_is_404_for_customers_and_its_provider(client):
    booking = completed_booking()
    for stranger in (CustomerFactory(), booking.provider.user):
        client.force_login(stranger)
        problem(post(client, review_url(booking), GOOD), 404)
    problem(post(client, "/api/v1/bookings/999999999999/review/", GOOD), 404)
    assert not Review.objects.exists()


def test_anonymous_cannot_review(client):
    booking = completed_booking()
    assert post(client, review_url(booking), GOOD).status_code in {401, 403}
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("rating", 0), ("rating", 6), ("rating", "x"), ("rating", None), ("rating", True), ("quality", 0),
     ("value", 6), ("communication", "x"), ("rating", 4.5), ("text", ""), ("text", "<b></b>"),
     ("text", "a" * 2001), ("language", "xx")],
)  # fmt: skip
def test_bad_values_are_400_with_field_errors_and_save_nothing(client, field, value):
    booking = completed_booking()
    client.force_login(booking.customer)
    body = problem(post(client, review_url(booking), {**GOOD, field: value}), 400, "validation-error")
    assert [error["field"] for error in body["errors"]] == [field]
    assert not Review.objects.exists()
    assert not ServiceRating.objects.filter(count__gt=0).exists()


def test_missing_stars_are_400(client):
    booking = completed_booking()
    client.force_login(booking.customer)
    body = problem(post(client, review_url(booking), {"text": "ok"}), 400)
    assert {error["field"] for error in body["errors"]} == {
        "rating",
        "quality",
        "punctuality",
        "communication",
        "value",
    }


# --- reply ----------------------------------------------------------------------------------------------------------


def test_provider_replies_once_edits_within_48_hours_then_it_is_locked(client):
    review = reviewed()
    url = f"/api/v1/reviews/{review.pk}/reply/"
    client.force_login(review.provider.user)

    first = post(client, url, {"text": "Thank you!"})
    assert first.status_code == 201, first.content
    assert first.json()["reply"]["text"] == "Thank you!"
    written = review.reply.created_at

    with time_machine.travel(written + timedelta(hours=47), tick=False):
        edited = post(client, url, {"text": "Thank you, see you soon!"})
    assert edited.status_code == 200, edited.content
    assert edited.json()["reply"]["text"] == "Thank you, see you soon!"

    with time_machine.travel(written + timedelta(hours=49), tick=False):
        problem(post(client, url, {"text": "Changed my mind"}), 409, "reply-locked")
    review.reply.refresh_from_db()
    assert review.reply.text == "Thank you, see you soon!"
    listed = Client().get(f"/api/v1/services/{review.service_id}/reviews/").json()["results"][0]
    assert listed["reply"]["text"] == "Thank you, see you soon!"


def test_only_the_reviewed_provider_can_reply(client):
    review = reviewed()
    url = f"/api/v1/reviews/{review.pk}/reply/"
    for stranger in (ProviderProfileFactory().user, review.author):
        client.force_login(stranger)
        problem(post(client, url, {"text": "pwned"}), 403)
    client.force_login(review.provider.user)
    problem(post(client, url, {"text": "   "}), 400)
    assert not ReviewReply.objects.exists()


def test_hidden_review_cannot_be_replied_to_or_flagged(client):
    review = reviewed()
    review_hide(review=review, by=UserFactory(is_staff=True), reason="Insults")
    client.force_login(review.provider.user)
    problem(post(client, f"/api/v1/reviews/{review.pk}/reply/", {"text": "Hello"}), 404)
    client.force_login(UserFactory())
    problem(post(client, f"/api/v1/reviews/{review.pk}/flag/", {"reason": "spam"}), 404)


# --- flag -----------------------------------------------------------------------------------------------------------


def test_anyone_signed_in_flags_a_review_once(client):
    review = reviewed()
    url = f"/api/v1/reviews/{review.pk}/flag/"
    client.force_login(UserFactory())

    response = post(client, url, {"reason": "offensive", "note": "Rude words"})
    assert response.status_code == 201, response.content
    assert response.json()["reason"] == "offensive"
    problem(post(client, url, {"reason": "spam"}), 409, "already-flagged")
    problem(post(client, url, {"reason": "because"}), 400)
    client.force_login(review.author)
    problem(post(client, url, {"reason": "spam"}), 409, "own-review")
    assert ReviewFlag.objects.count() == 1
    assert Review.objects.get(pk=review.pk).open_flags == 1


def test_anonymous_cannot_flag(client):
    review = reviewed()
    assert post(client, f"/api/v1/reviews/{review.pk}/flag/", {"reason": "spam"}).status_code in {401, 403}
    assert not ReviewFlag.objects.exists()


# --- lists ----------------------------------------------------------------------------------------------------------


def test_anonymous_reads_published_reviews_newest_or_most_helpful_first(client):
    service = bookable_service()
    older, newer = reviewed(service, 5), reviewed(service, 3)
    hidden = reviewed(service, 1)
    review_hide(review=hidden, by=UserFactory(is_staff=True), reason="Spam")
    review_vote_helpful(review=older, by=UserFactory())
    url = f"/api/v1/services/{service.pk}/reviews/"

    body = client.get(url).json()
    assert body["count"] == 2
    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
    first = body["results"][0]
    assert set(first) >= {"rating", "quality", "text", "language", "author", "created_at", "reply", "helpful_count"}
    assert "@" not in first["author"]
    helpful = client.get(url, {"ordering": "helpful"}).json()["results"]
    assert [item["id"] for item in helpful] == [older.pk, newer.pk]
    by_provider = client.get(f"/api/v1/providers/{service.provider_id}/reviews/").json()
    assert by_provider["count"] == 2
    problem(client.get(url, {"ordering": "rating"}), 400)
    summary = client.get(f"/api/v1/services/{service.pk}/rating/").json()
    assert summary["count"] == 2  # the hidden review left the aggregate


def test_unlisted_service_and_unknown_ids_are_404(client):
    review = reviewed()
    review.service.status = review.service.Status.PAUSED
    review.service.save(update_fields=["status"])
    problem(client.get(f"/api/v1/services/{review.service_id}/reviews/"), 404)
    problem(client.get(f"/api/v1/services/{review.service_id}/rating/"), 404)
    problem(client.get("/api/v1/services/999999999999999/reviews/"), 404)
    problem(client.get("/api/v1/providers/999999999999999/rating/"), 404)


def test_rating_of_a_service_without_reviews_is_zero(client):
    service = bookable_service()
    summary = client.get(f"/api/v1/services/{service.pk}/rating/").json()
    assert summary["count"] == 0
    assert summary["criteria"]["quality"] is None
    assert sum(bucket["count"] for bucket in summary["histogram"]) == 0


def _list_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_is_flat(client):
    """Two reviews or twelve (each with a reply): the same number of queries per list page."""
    service = bookable_service()
    for index in range(12):
        review = reviewed(service, 1 + index % 5)
        reply_save(review=review, author=service.provider.user, text="Thanks")
    small, large = bookable_service(provider=service.provider), service
    for _index in range(2):
        reviewed(small, 4)
    for path in ("services/{}/reviews/", "services/{}/reviews/?ordering=helpful"):
        few = _list_queries(client, "/api/v1/" + path.format(small.pk))
        many = _list_queries(client, "/api/v1/" + path.format(large.pk))
        assert few == many <= 4
    assert _list_queries(client, f"/api/v1/providers/{service.provider_id}/reviews/") <= 4


# --- tokens ---------------------------------------------------------------------------------------------------------


def customer_app_token(user, scope: list[str]) -> str:
    """An access token from the authorization code flow of an app that may ask for the reviews scope."""
    app = api_client_create(
        name="Reviews app",
        grant_types=["authorization_code"],
        scopes=["openid", "bookings:read", "reviews:write"],
        redirect_uris=[REDIRECT_URI],
        public=True,
    )
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    verifier, challenge = _pkce_pair()
    code = _code_from(_consent(browser, app.client.pk, scope, challenge))
    response = _exchange(Client(), app.client.pk, code, verifier)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def test_a_token_needs_reviews_write_to_review(client):
    booking = completed_booking()
    reader = customer_app_token(booking.customer, ["openid", "bookings:read"])
    problem(post(client, review_url(booking), GOOD, **_bearer(reader)), 403, "insufficient-scope")
    assert not Review.objects.exists()
    # Public lists need no scope at all.
    assert client.get(f"/api/v1/services/{booking.service_id}/reviews/", **_bearer(reader)).status_code == 200

    writer = customer_app_token(booking.customer, ["openid", "reviews:write"])
    response = post(client, review_url(booking), GOOD, **_bearer(writer))
    assert response.status_code == 201, response.content
    assert aggregates.rebuild_service(booking.service_id).count == 1
