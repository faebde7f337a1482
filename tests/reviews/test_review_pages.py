"""The review pages: the customer's form, the provider's replies and private rating, and reviews on public pages."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from marketplace.bookings import services as bookings
from marketplace.models import CustomerRating, Review, ReviewFlag, ReviewPhoto, ReviewReply, ReviewVote
from marketplace.reviews.services import completed_at, review_create, review_hide
from tests.factories import StaffFactory
from tests.factories.accounts import CustomerFactory
from tests.factories.marketplace import bookable_service, make_booking, paris_time
from tests.reviews.helpers import completed_booking, reviewed, stars

pytestmark = pytest.mark.django_db

GOOD_REVIEW = {
    "rating": "4",
    "quality": "5",
    "punctuality": "3",
    "communication": "4",
    "value": "4",
    "text": "Très bon travail, la fuite est réparée.",
    "language": "fr",
}


def png(name: str = "leak.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def review_url(booking) -> str:
    return reverse("review_write", args=[booking.pk])


# --- the customer's form: who, and when ----------------------------------------------------------------------------


def test_review_form_is_404_for_another_customer_and_the_provider(client):
    booking = completed_booking()
    for outsider in (CustomerFactory(), booking.provider.user):
        client.force_login(outsider)
        assert client.get(review_url(booking)).status_code == 404
        assert client.post(review_url(booking), GOOD_REVIEW).status_code == 404
    assert not Review.objects.exists()


def test_review_form_shows_why_not_when_the_job_is_not_completed(client):
    service = bookable_service()
    booking = make_booking(service, starts_at=paris_time("2027-04-01", 9))
    bookings.booking_accept(booking, by=service.provider.user)
    client.force_login(booking.customer)
    page = client.get(review_url(booking))
    assert page.status_code == 200
    assert "once the job is completed" in page.content.decode()
    assert 'name="rating"' not in page.content.decode()
    assert client.post(review_url(booking), GOOD_REVIEW).status_code == 409
    assert not Review.objects.exists()


def test_review_form_shows_already_reviewed(client):
    booking = completed_booking()
    review_create(booking=booking, author=booking.customer, data=stars(5))
    client.force_login(booking.customer)
    page = client.get(review_url(booking))
    assert "already reviewed" in page.content.decode()
    assert client.post(review_url(booking), GOOD_REVIEW).status_code == 409
    assert Review.objects.count() == 1


def test_review_form_closes_30_days_after_completion(client):
    booking = completed_booking()
    with time_machine.travel(completed_at(booking) + timedelta(days=31), tick=False):
        client.force_login(booking.customer)  # signed in then: a session from today would have expired
        page = client.get(review_url(booking))
        assert "within 30 days" in page.content.decode()
        assert client.post(review_url(booking), GOOD_REVIEW).status_code == 409
    assert not Review.objects.exists()


def test_write_a_review_links_on_the_booking_page_and_list(client):
    booking = completed_booking()
    client.force_login(booking.customer)
    link = f'href="{review_url(booking)}"'
    assert link in client.get(reverse("booking_detail", args=[booking.pk])).content.decode()
    assert link in client.get(reverse("booking_list")).content.decode()
    review_create(booking=booking, author=booking.customer, data=stars(5))
    assert link not in client.get(reverse("booking_detail", args=[booking.pk])).content.decode()
    assert link not in client.get(reverse("booking_list")).content.decode()


# --- writing a review -----------------------------------------------------------------------------------------------


def test_review_with_a_photo_is_shown_on_the_service_and_provider_pages(client):
    # given a completed booking and its customer on the English site
    booking = completed_booking()
    client.force_login(booking.customer)
    form = client.get(review_url(booking)).content.decode()
    assert '<option value="en" selected>' in form  # the page's language by default
    # when they review it in French with a photo
    response = client.post(review_url(booking), {**GOOD_REVIEW, "photos": [png()]}, follow=True)
    # then they are back on the booking page with a message
    assert response.redirect_chain[-1][0] == reverse("booking_detail", args=[booking.pk])
    assert "your review is published" in response.content.decode()
    review = Review.objects.get()
    assert (review.rating, review.quality, review.punctuality, review.language) == (4, 5, 3, "fr")
    assert review.photos.count() == 1
    # and everyone sees it, labelled with its language, on the service and provider pages
    client.logout()
    for url, kind in (
        (reverse("service_detail", args=[booking.service_id]), "Service"),
        (reverse("provider_detail", args=[booking.provider_id]), "LocalBusiness"),
    ):
        html = client.get(url).content.decode()
        assert "Written in French" in html
        assert 'lang="fr"' in html
        assert "la fuite est réparée" in html
        assert review.photos.get().image.renditions.exists()
        data = json_ld(html)
        assert data["@type"] == kind
        assert data["aggregateRating"]["ratingValue"] == 4
        assert data["aggregateRating"]["reviewCount"] == 1
        (item,) = data["review"]
        assert item["inLanguage"] == "fr"
        assert item["reviewRating"]["ratingValue"] == 4
        assert item["reviewBody"] == GOOD_REVIEW["text"]


def test_review_with_a_text_file_renamed_png_is_refused_and_nothing_is_saved(client):
    booking = completed_booking()
    client.force_login(booking.customer)
    images_before = get_image_model().objects.count()
    fake = SimpleUploadedFile("leak.png", b"just some text, not a picture", content_type="image/png")
    response = client.post(review_url(booking), {**GOOD_REVIEW, "photos": [fake]})
    assert response.status_code == 400
    assert "leak.png" in response.content.decode()
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Review.objects.exists()
    assert get_image_model().objects.count() == images_before


def test_review_missing_stars_is_refused_with_a_message(client):
    booking = completed_booking()
    client.force_login(booking.customer)
    response = client.post(review_url(booking), {**GOOD_REVIEW, "quality": "", "rating": "9"})
    assert response.status_code == 400
    assert "Give from 1 to 5 stars." in response.content.decode()
    assert not Review.objects.exists()


# --- the provider ---------------------------------------------------------------------------------------------------


def test_provider_replies_once_edits_within_48_hours_then_it_is_locked(client):
    review = reviewed()
    provider = review.provider
    client.force_login(provider.user)
    listing = client.get(reverse("provider_reviews"))
    assert listing.status_code == 200
    assert reverse("review_reply", args=[review.pk]) in listing.content.decode()
    field = f"review-{review.pk}-text"
    start = review.created_at + timedelta(hours=1)
    with time_machine.travel(start, tick=False):
        client.post(reverse("review_reply", args=[review.pk]), {field: "Thank you!"})
    with time_machine.travel(start + timedelta(hours=47), tick=False):
        response = client.post(
            reverse("review_reply", args=[review.pk]), {field: "Thank you, see you soon!"}, follow=True
        )
        assert "Your reply is published" in response.content.decode()
    assert ReviewReply.objects.get().text == "Thank you, see you soon!"
    with time_machine.travel(start + timedelta(hours=49), tick=False):
        page = client.get(reverse("provider_reviews")).content.decode()
        assert reverse("review_reply", args=[review.pk]) not in page  # no form any more
        response = client.post(reverse("review_reply", args=[review.pk]), {field: "Changed"}, follow=True)
        assert "48 hours" in response.content.decode()
    assert ReviewReply.objects.count() == 1
    assert ReviewReply.objects.get().text == "Thank you, see you soon!"
    assert (
        "Thank you, see you soon!" in client.get(reverse("service_detail", args=[review.service_id])).content.decode()
    )


def test_only_the_reviewed_provider_can_reply(client):
    review = reviewed()
    other = reviewed()
    client.force_login(other.provider.user)
    response = client.post(reverse("review_reply", args=[review.pk]), {f"review-{review.pk}-text": "Hi"})
    assert response.status_code == 404
    client.force_login(review.author)
    assert client.get(reverse("provider_reviews")).status_code == 403
    assert not ReviewReply.objects.exists()


def test_customer_rating_is_saved_once_and_shown_on_no_public_page(client):
    booking = completed_booking()
    client.force_login(booking.provider.user)
    page = client.get(reverse("booking_detail", args=[booking.pk])).content.decode()
    assert "Only NetFix staff see this" in page
    url = reverse("customer_rate", args=[booking.pk])
    client.post(url, {"rating": "2", "note": "Kept us waiting at the door"})
    client.post(url, {"rating": "5", "note": "second try"})
    rating = CustomerRating.objects.get()
    assert (rating.rating, rating.note) == (2, "Kept us waiting at the door")
    # the customer cannot rate, nor see the rating
    client.force_login(booking.customer)
    assert client.post(url, {"rating": "5"}).status_code == 403
    assert "Kept us waiting" not in client.get(reverse("booking_detail", args=[booking.pk])).content.decode()
    client.logout()
    for url in (
        reverse("service_detail", args=[booking.service_id]),
        reverse("provider_detail", args=[booking.provider_id]),
    ):
        assert "Kept us waiting" not in client.get(url).content.decode()


# --- readers --------------------------------------------------------------------------------------------------------


def test_helpful_is_counted_once_per_reader_and_never_for_the_author(client):
    review = reviewed()
    service_url = reverse("service_detail", args=[review.service_id])
    reader = CustomerFactory()
    client.force_login(reader)
    url = reverse("review_helpful", args=[review.pk])
    first = client.post(url, {"next": service_url}, follow=True)
    assert first.redirect_chain[-1][0] == service_url
    assert "your vote is counted" in first.content.decode()
    again = client.post(url, {"next": service_url}, follow=True)
    assert "already found this review helpful" in again.content.decode()
    assert "You found this helpful" in again.content.decode()
    client.force_login(review.author)
    client.post(url, {"next": "https://evil.example/"})
    assert ReviewVote.objects.count() == 1
    review.refresh_from_db()
    assert review.helpful_count == 1


def test_report_is_taken_once_per_reader(client):
    review = reviewed()
    client.force_login(CustomerFactory())
    url = reverse("review_report", args=[review.pk])
    response = client.post(url, {"reason": "spam", "note": "An advert"}, follow=True)
    assert "moderators will read this review again" in response.content.decode()
    again = client.post(url, {"reason": "offensive"}, follow=True)
    assert "already reported" in again.content.decode()
    bad = client.post(url, {"reason": "nonsense"}, follow=True)
    assert "Choose why you report" in bad.content.decode()
    assert ReviewFlag.objects.get().reason == "spam"
    review.refresh_from_db()
    assert review.open_flags == 1


def test_hidden_review_is_not_shown_and_cannot_be_voted(client):
    review = reviewed()
    review_hide(review=review, by=StaffFactory(), reason="Insults")
    html = client.get(reverse("service_detail", args=[review.service_id])).content.decode()
    assert f'id="review-{review.pk}"' not in html
    assert '"review": []' in html
    assert "aggregateRating" not in html
    html = client.get(reverse("provider_detail", args=[review.provider_id])).content.decode()
    assert f'id="review-{review.pk}"' not in html
    client.force_login(CustomerFactory())
    assert client.post(reverse("review_helpful", args=[review.pk])).status_code == 404
    assert client.post(reverse("review_report", args=[review.pk]), {"reason": "spam"}).status_code == 404


def test_reviews_are_paginated_and_sorted_by_helpful(client):
    service = bookable_service()
    reviews = [reviewed(service, rating=3) for _ in range(11)]
    Review.objects.filter(pk=reviews[0].pk).update(helpful_count=7)  # the oldest, so last when newest first
    url = reverse("service_detail", args=[service.pk])
    newest = client.get(url).content.decode()
    assert f'id="review-{reviews[0].pk}"' not in newest
    assert "reviews_page=2" in newest
    helpful = client.get(url, {"reviews": "helpful"}).content.decode()
    assert helpful.index(f'id="review-{reviews[0].pk}"') < helpful.index(f'id="review-{reviews[-1].pk}"')
    second = client.get(url, {"reviews_page": "2"}).content.decode()
    assert f'id="review-{reviews[0].pk}"' in second


# --- query counts ---------------------------------------------------------------------------------------------------


def _page_queries(client, url: str) -> int:
    client.get(url)  # renditions are made on the first view; count a warm page
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _reviews_with_photos(service, count: int, image) -> None:
    for _ in range(count):
        review = reviewed(service)
        ReviewPhoto.objects.create(review=review, image=image)
        ReviewReply.objects.create(review=review, author=service.provider.user, text="Thanks")


@pytest.mark.parametrize("signed_in", [False, True])
def test_review_pages_run_the_same_queries_for_2_and_12_reviews(client, signed_in):
    image = get_image_model().objects.create(title="Leak", file=png())
    small, large = bookable_service(), bookable_service()
    _reviews_with_photos(small, 2, image)
    _reviews_with_photos(large, 12, image)
    if signed_in:
        client.force_login(CustomerFactory())
    for name, args in (
        ("service_detail", (small.pk, large.pk)),
        ("provider_detail", (small.provider_id, large.provider_id)),
    ):
        few = _page_queries(client, reverse(name, args=[args[0]]))
        many = _page_queries(client, reverse(name, args=[args[1]]))
        assert few == many, name


def test_review_text_fields_follow_the_writers_script_on_an_arabic_page(client):
    """An English review typed on an Arabic page keeps its own direction (``dir="auto"``), and names are isolated."""
    booking = completed_booking()
    client.force_login(booking.customer)
    html = client.get(review_url(booking).replace("/en/", "/ar/", 1)).content.decode()
    assert re.search(r'<textarea[^>]*name="text"[^>]*dir="auto"|<textarea[^>]*dir="auto"[^>]*name="text"', html)
    assert f"<bdi>{booking.provider.company_name}</bdi>" in html
