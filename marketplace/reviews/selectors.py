"""Reads of reviews, shaped for the service and provider pages, the provider's dashboard and the customer's bookings.

Every list is a queryset already joined and prefetched, so a page of reviews runs the same number of queries
whatever its size: author and reply joined, photos and their renditions prefetched (two queries per page).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.images import get_image_model

from accounts.models import User
from marketplace.models import Booking, BookingEvent, ProviderRating, Review, ReviewPhoto, ReviewVote, ServiceRating
from marketplace.models.reviews import RatingAggregate
from marketplace.reviews.services import REVIEW_WINDOW, REVIEWABLE_STATES
from providers.languages import SPOKEN_LANGUAGES
from providers.models import ProviderProfile, Service

ORDERS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-pk"),
    "helpful": ("-helpful_count", "-created_at", "-pk"),
}
# Renditions a review shows: the thumbnail and the enlarged photo it links to.
REVIEW_PHOTO_RENDITIONS = ("fill-160x160|format-webp", "max-1600x1200|format-webp")
_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


def published_reviews(
    *, service: Service | None = None, provider: ProviderProfile | None = None, order: str = "newest"
) -> QuerySet[Review]:
    """Published reviews of one service or one provider (hidden ones never), newest or most helpful first.

    An unknown ``order`` falls back to newest: it comes from the query string.
    """
    reviews = Review.objects.filter(status=Review.Status.PUBLISHED)
    if service is not None:
        reviews = reviews.filter(service=service)
    if provider is not None:
        reviews = reviews.filter(provider=provider)
    photos = ReviewPhoto.objects.select_related("image").order_by("sort_order", "pk")
    images = get_image_model().objects.prefetch_renditions(*REVIEW_PHOTO_RENDITIONS)
    return (
        reviews.select_related("author", "reply", "service")
        .prefetch_related(Prefetch("photos", queryset=photos), Prefetch("photos__image", queryset=images))
        .order_by(*ORDERS.get(order, ORDERS["newest"]))
    )


def provider_reviews(provider: ProviderProfile) -> QuerySet[Review]:
    """Every published review of the provider's services, newest first, for the provider's replies page."""
    return published_reviews(provider=provider)


def review_summary(*, service: Service | None = None, provider: ProviderProfile | None = None) -> RatingAggregate:
    """The aggregate row of a service or a provider, or an empty unsaved one when nobody has reviewed it yet."""
    if service is not None:
        return ServiceRating.objects.filter(service=service).first() or ServiceRating(service=service)
    if provider is not None:
        return ProviderRating.objects.filter(provider=provider).first() or ProviderRating(provider=provider)
    raise TypeError("review_summary() needs a service or a provider")


def language_label(code: str) -> str:
    """ "Written in French" — shown on every review, whatever the page's language."""
    return gettext("Written in %(language)s") % {"language": gettext(str(_LANGUAGE_NAMES.get(code, code)))}


def author_name(user: User) -> str:
    """First name and the initial of the last name ("Marie D."): enough to be a person, not enough to be found."""
    first = (user.first_name or "").strip()
    last = (user.last_name or "").strip()
    if not first:
        return gettext("A NetFix customer")
    return f"{first} {last[0]}." if last else first


def helpful_votes(user: User, reviews: Iterable[Review]) -> set[int]:
    """Which of ``reviews`` the signed-in ``user`` already found helpful (one query for a page)."""
    if not user.is_authenticated:
        return set()
    ids = [review.pk for review in reviews]
    return set(ReviewVote.objects.filter(voter=user, review_id__in=ids).values_list("review_id", flat=True))


def reviewable_booking_ids(customer: User, *, now: datetime | None = None) -> set[int]:
    """The customer's bookings that may be reviewed now (one query), for the "Write a review" links of a list.

    Mirrors ``services.review_refusal``, which stays the authority when the form is posted.
    """
    if not customer.is_authenticated:
        return set()
    now = now or timezone.now()
    recent_completion = BookingEvent.objects.filter(
        booking=OuterRef("pk"), action="complete", at__gte=now - REVIEW_WINDOW
    )
    return set(
        Booking.objects.filter(customer=customer, status__in=REVIEWABLE_STATES, review__isnull=True)
        .filter(Exists(recent_completion))
        .values_list("pk", flat=True)
    )
