"""Service and provider rating aggregates, kept in step with published reviews in the same transaction.

The weighted score is a Bayesian average: ``(PRIOR_WEIGHT × PRIOR_MEAN + sum of ratings) / (PRIOR_WEIGHT + count)``.
Every service starts as if it had ``PRIOR_WEIGHT`` reviews of ``PRIOR_MEAN`` stars, so one 5-star review scores
(10 × 3.5 + 5) / 11 ≈ 3.64 while fifty 4.8-star reviews score (35 + 240) / 60 ≈ 4.58 (decision 0045).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.db.models import Count, Q, Sum

from marketplace.models import ProviderRating, Review, ServiceRating
from marketplace.models.reviews import CRITERIA, RatingAggregate

PRIOR_MEAN = Decimal("3.5")
PRIOR_WEIGHT = 10

A = TypeVar("A", bound=RatingAggregate)


def weighted_score(rating_sum: int, count: int) -> Decimal:
    score = (PRIOR_WEIGHT * PRIOR_MEAN + rating_sum) / (PRIOR_WEIGHT + count)
    return score.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _refresh_derived(aggregate: RatingAggregate) -> None:
    aggregate.average = (
        (Decimal(aggregate.rating_sum) / aggregate.count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if aggregate.count
        else Decimal("0")
    )
    aggregate.score = weighted_score(aggregate.rating_sum, aggregate.count) if aggregate.count else Decimal("0")


def _apply(aggregate: RatingAggregate, review: Review, sign: int) -> None:
    aggregate.count += sign
    aggregate.rating_sum += sign * review.rating
    for name in CRITERIA:
        setattr(aggregate, f"{name}_sum", getattr(aggregate, f"{name}_sum") + sign * getattr(review, name))
    setattr(aggregate, f"stars_{review.rating}", getattr(aggregate, f"stars_{review.rating}") + sign)
    _refresh_derived(aggregate)
    aggregate.save()


def _locked_pair(review: Review) -> tuple[ServiceRating, ProviderRating]:
    """Both rows, locked, always service first then provider, so two reviews never wait on each other in a cycle."""
    ServiceRating.objects.get_or_create(service_id=review.service_id)
    ProviderRating.objects.get_or_create(provider_id=review.provider_id)
    return (
        ServiceRating.objects.select_for_update().get(service_id=review.service_id),
        ProviderRating.objects.select_for_update().get(provider_id=review.provider_id),
    )


def add(review: Review) -> None:
    """A review became visible: count it (the caller is in the review's transaction)."""
    for aggregate in _locked_pair(review):
        _apply(aggregate, review, +1)


def remove(review: Review) -> None:
    """A review was hidden: take it out again."""
    for aggregate in _locked_pair(review):
        _apply(aggregate, review, -1)


def _totals(reviews: Q) -> dict[str, int]:
    sums = {f"{name}_sum": Sum(name) for name in ("rating", *CRITERIA)}
    stars = {f"stars_{n}": Count("pk", filter=Q(rating=n)) for n in range(1, 6)}
    values = Review.objects.filter(reviews, status=Review.Status.PUBLISHED).aggregate(
        count=Count("pk"), **sums, **stars
    )
    return {key: value or 0 for key, value in values.items()}


def rebuild(aggregate: A, reviews: Q) -> A:
    """Recount from the reviews themselves (a repair tool, and how tests check the running totals)."""
    for field, value in _totals(reviews).items():
        setattr(aggregate, field, value)
    _refresh_derived(aggregate)
    aggregate.save()
    return aggregate


def rebuild_service(service_id: int) -> ServiceRating:
    aggregate, _created = ServiceRating.objects.get_or_create(service_id=service_id)
    return rebuild(aggregate, Q(service_id=service_id))


def rebuild_provider(provider_id: int) -> ProviderRating:
    aggregate, _created = ProviderRating.objects.get_or_create(provider_id=provider_id)
    return rebuild(aggregate, Q(provider_id=provider_id))
