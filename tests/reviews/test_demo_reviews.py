"""``seed_demo`` adds reviews in four languages, one answered and one hidden, with correct aggregates, once."""

import pytest
from django.core import mail
from django.core.management import call_command

from marketplace.models import Booking, Review, ReviewReply, ServiceRating
from marketplace.reviews import aggregates

pytestmark = pytest.mark.django_db


def test_demo_reviews_are_made_once_with_correct_aggregates_and_no_emails():
    call_command("seed_demo", "--no-translations", "--services", "5", verbosity=0)
    reviews = Review.objects.all()
    own = Booking.objects.filter(customer__email="customer@netfix.test", status=Booking.Status.COMPLETED)
    assert own.filter(review__isnull=False).count() == own.count() - 1  # the latest is left for the review form
    assert reviews.exclude(author__email="customer@netfix.test").count() >= 10
    assert {"en", "fr", "es", "ar"} <= set(reviews.values_list("language", flat=True))
    assert ReviewReply.objects.count() == 1
    [hidden] = reviews.filter(status=Review.Status.HIDDEN)
    assert hidden.hidden_reason
    for rating in ServiceRating.objects.all():
        counted = (rating.count, rating.rating_sum, rating.score)
        rebuilt = aggregates.rebuild_service(rating.service_id)
        assert counted == (rebuilt.count, rebuilt.rating_sum, rebuilt.score)
    assert (
        ServiceRating.objects.get(service_id=hidden.service_id).count
        == reviews.filter(service_id=hidden.service_id, status=Review.Status.PUBLISHED).count()
    )
    assert mail.outbox == []
    count = reviews.count()
    call_command("seed_demo", "--no-translations", "--services", "5", verbosity=0)
    assert Review.objects.count() == count
    assert ReviewReply.objects.count() == 1
