"""Review rules and aggregates at the service layer: every refusal, replies, moderation effects, the weighted score."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.bookings import services as bookings
from marketplace.models import CustomerRating, ProviderRating, Review, ReviewFlag, ServiceRating
from marketplace.reviews import aggregates
from marketplace.reviews.services import (
    ReviewRefused,
    customer_rate,
    reply_save,
    review_create,
    review_flag,
    review_hide,
    review_keep,
    review_restore,
    review_vote_helpful,
)
from tests.factories import StaffFactory
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_service, make_booking
from tests.reviews.helpers import completed_booking, reviewed, stars

pytestmark = pytest.mark.django_db


def _refused(code: str, **kwargs) -> None:
    with pytest.raises(ReviewRefused) as refusal:
        review_create(**kwargs)
    assert refusal.value.code == code
    assert refusal.value.message


def _matches_a_recount(service_id: int, provider_id: int) -> None:
    fields = [
        "count",
        "rating_sum",
        "quality_sum",
        "value_sum",
        *(f"stars_{n}" for n in range(1, 6)),
        "average",
        "score",
    ]
    kept = ServiceRating.objects.get(service_id=service_id)
    recount = aggregates.rebuild_service(service_id)
    assert [getattr(kept, f) for f in fields] == [getattr(recount, f) for f in fields]
    kept_provider = ProviderRating.objects.get(provider_id=provider_id)
    recount_provider = aggregates.rebuild_provider(provider_id)
    assert [getattr(kept_provider, f) for f in fields] == [getattr(recount_provider, f) for f in fields]


# --- who may review, and when ---------------------------------------------------------------------------------------


def test_a_completed_booking_is_reviewed_once_by_its_customer():
    booking = completed_booking()
    review = review_create(booking=booking, author=booking.customer, data=stars(4, language="fr"))
    assert (review.rating, review.language, review.service_id, review.provider_id) == (
        4,
        "fr",
        booking.service_id,
        booking.provider_id,
    )
    _refused("already_reviewed", booking=booking, author=booking.customer, data=stars(5))
    assert Review.objects.count() == 1


def test_a_booking_that_is_not_completed_cannot_be_reviewed():
    booking = make_booking()
    _refused("not_completed", booking=booking, author=booking.customer, data=stars(5))


def test_someone_elses_booking_cannot_be_reviewed():
    booking = completed_booking()
    _refused("not_yours", booking=booking, author=CustomerFactory(), data=stars(1))
    _refused("not_yours", booking=booking, author=booking.provider.user, data=stars(5))


def test_reviews_close_thirty_days_after_completion():
    booking = completed_booking()
    late = timezone.now() + timedelta(days=30, minutes=1)
    _refused("review_window_closed", booking=booking, author=booking.customer, data=stars(5), now=late)
    in_time = timezone.now() + timedelta(days=29, hours=23)
    assert review_create(booking=booking, author=booking.customer, data=stars(5), now=in_time)


@pytest.mark.parametrize(
    ("field", "value"),
    [("rating", 0), ("rating", 6), ("quality", 0), ("value", 9), ("text", "   "), ("language", "xx-not")],
)
def test_bad_values_are_refused_and_nothing_is_counted(field, value):
    booking = completed_booking()
    data = stars(5)
    data = type(data)(**{**data.__dict__, field: value})
    with pytest.raises(ValidationError) as error:
        review_create(booking=booking, author=booking.customer, data=data)
    assert field in error.value.message_dict
    assert not Review.objects.exists()
    assert not ServiceRating.objects.filter(count__gt=0).exists()


def test_review_text_is_sanitised_and_limited():
    booking = completed_booking()
    review = review_create(
        booking=booking, author=booking.customer, data=stars(5, text="<script>alert(1)</script>Great <b>job</b>")
    )
    assert "<script>" not in review.text
    too_long = completed_booking()
    with pytest.raises(ValidationError):
        review_create(booking=too_long, author=too_long.customer, data=stars(5, text="x" * 2001))


# --- aggregates -----------------------------------------------------------------------------------------------------


def test_aggregates_follow_each_review_in_its_transaction():
    service = bookable_service()
    reviewed(service, 5)
    reviewed(service, 3, punctuality=1)
    rating = ServiceRating.objects.get(service=service)
    assert (rating.count, rating.average, rating.histogram) == (
        2,
        Decimal("4.00"),
        [(5, 1), (4, 0), (3, 1), (2, 0), (1, 0)],
    )
    assert rating.criterion_average("punctuality") == Decimal("3.0")
    assert ProviderRating.objects.get(provider=service.provider).count == 2
    _matches_a_recount(service.pk, service.provider_id)


def test_one_five_star_review_does_not_outrank_fifty_at_four_point_eight():
    assert aggregates.weighted_score(5, 1) < aggregates.weighted_score(240, 50)  # fifty reviews averaging 4.8
    assert aggregates.weighted_score(5, 1) == Decimal("3.6364")
    assert aggregates.weighted_score(240, 50) == Decimal("4.5833")


# --- replies and the private rating -----------------------------------------------------------------------------------


def test_the_provider_replies_once_and_may_edit_for_48_hours():
    review = reviewed()
    provider = review.provider.user
    reply = reply_save(review=review, author=provider, text="Thank you!")
    edited = reply_save(
        review=review, author=provider, text="Thank you, see you soon!", now=timezone.now() + timedelta(hours=47)
    )
    assert edited.pk == reply.pk
    assert edited.text == "Thank you, see you soon!"
    with pytest.raises(ReviewRefused) as locked:
        reply_save(review=review, author=provider, text="Changed again", now=timezone.now() + timedelta(hours=49))
    assert locked.value.code == "reply_locked"
    with pytest.raises(ReviewRefused):
        reply_save(review=review, author=review.author, text="Not mine to answer")


def test_the_provider_rates_the_customer_once_privately():
    booking = completed_booking()
    rating = customer_rate(booking=booking, by=booking.provider.user, rating=2, note="Not home at the time agreed")
    assert CustomerRating.objects.get() == rating
    with pytest.raises(ReviewRefused):
        customer_rate(booking=booking, by=booking.provider.user, rating=5)
    with pytest.raises(ReviewRefused):
        customer_rate(booking=completed_booking(), by=booking.provider.user, rating=5)  # not their booking


# --- reports, votes and moderation ------------------------------------------------------------------------------------


def test_hiding_a_review_takes_it_out_of_the_aggregates_and_tells_its_author(django_capture_on_commit_callbacks):
    service = bookable_service()
    kept = reviewed(service, 5)
    hidden = reviewed(service, 1)
    reporter = CustomerFactory()
    review_flag(review=hidden, by=reporter, reason=ReviewFlag.Reason.OFFENSIVE, note="insults")
    with pytest.raises(ReviewRefused):
        review_flag(review=hidden, by=reporter, reason=ReviewFlag.Reason.SPAM)
    hidden.refresh_from_db()
    assert hidden.open_flags == 1

    with django_capture_on_commit_callbacks(execute=True):
        review_hide(review=hidden, by=StaffFactory(), reason="Insults the provider")

    hidden.refresh_from_db()
    assert (hidden.status, hidden.open_flags) == (Review.Status.HIDDEN, 0)
    assert not ReviewFlag.objects.filter(resolved_at__isnull=True).exists()
    rating = ServiceRating.objects.get(service=service)
    assert (rating.count, rating.average) == (1, Decimal("5.00"))
    _matches_a_recount(service.pk, service.provider_id)
    assert [m.to for m in mail.outbox if "Insults the provider" in m.body] == [[hidden.author.email]]

    review_restore(review=hidden, by=StaffFactory())
    assert ServiceRating.objects.get(service=service).count == 2
    assert kept.pk


def test_keeping_a_reported_review_closes_its_reports():
    review = reviewed()
    review_flag(review=review, by=CustomerFactory(), reason=ReviewFlag.Reason.FALSE)
    kept = review_keep(review=review, by=StaffFactory())
    assert kept.open_flags == 0
    assert kept.status == Review.Status.PUBLISHED


def test_a_hide_needs_a_reason():
    review = reviewed()
    with pytest.raises(ValidationError):
        review_hide(review=review, by=StaffFactory(), reason=" ")


def test_helpful_votes_count_once_per_person_and_never_the_authors():
    review = reviewed()
    voter = CustomerFactory()
    assert review_vote_helpful(review=review, by=voter) is True
    assert review_vote_helpful(review=review, by=voter) is False
    with pytest.raises(ReviewRefused):
        review_vote_helpful(review=review, by=review.author)
    review.refresh_from_db()
    assert review.helpful_count == 1


def test_a_no_show_is_not_reviewable():
    service = bookable_service()
    booking = make_booking(service)
    bookings.booking_accept(booking, by=service.provider.user, now=booking.starts_at - timedelta(days=2, hours=1))
    bookings.booking_no_show(booking, by=service.provider.user, now=booking.ends_at)
    _refused("not_completed", booking=booking, author=booking.customer, data=stars(5))
