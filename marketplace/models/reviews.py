"""Reviews: earned by a completed booking, answered once by the provider, moderated, and summed into aggregates.

Why aggregates are rows: a service page must not recompute averages over every review on each request, and lists
sort by a weighted score. ``ServiceRating`` / ``ProviderRating`` are updated in the same transaction as the review
that changes them (``marketplace/reviews/aggregates.py``), under a row lock, so concurrent reviews never lose a count.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from netfix.models import TimeStampedModel
from netfix.sanitize import CleanCharField, CleanTextField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STARS = [MinValueValidator(1), MaxValueValidator(5)]
CRITERIA = ("quality", "punctuality", "communication", "value")
REVIEW_TEXT_MAX = 2000
REPLY_TEXT_MAX = 1000


def _stars(label: StrOrPromise) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, validators=STARS)


class Review(TimeStampedModel):
    """The customer's review of one completed booking (one per booking)."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        HIDDEN = "hidden", _("hidden by a moderator")

    booking = models.OneToOneField(
        "marketplace.Booking", on_delete=models.PROTECT, related_name="review", verbose_name=_("booking")
    )
    # Copied from the booking: lists and aggregates filter by them without a join.
    service = models.ForeignKey(
        "providers.Service", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("service")
    )
    provider = models.ForeignKey(
        "providers.ProviderProfile", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("provider")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("author")
    )
    rating = _stars(_("overall rating"))
    quality = _stars(_("quality"))
    punctuality = _stars(_("punctuality"))
    communication = _stars(_("communication"))
    value = _stars(_("value for money"))
    text = CleanTextField(_("review"), max_length=REVIEW_TEXT_MAX)
    language = models.CharField(_("language"), max_length=12)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    hidden_reason = CleanTextField(_("why it was hidden"), max_length=1000, blank=True, default="")
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    helpful_count = models.PositiveIntegerField(_("found helpful"), default=0)
    open_flags = models.PositiveIntegerField(_("open reports"), default=0, db_index=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        # Editors and Moderators hold it (migration 0006): they work the reported-reviews queue.
        permissions = [("moderate_review", _("Can hide and restore reviews"))]
        indexes = [
            models.Index(fields=["service", "status", "-created_at"], name="review_service_recent"),
            models.Index(fields=["provider", "status", "-created_at"], name="review_provider_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__range=(1, 5))
                & models.Q(quality__range=(1, 5))
                & models.Q(punctuality__range=(1, 5))
                & models.Q(communication__range=(1, 5))
                & models.Q(value__range=(1, 5)),
                name="review_stars_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ · booking #{self.booking_id}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReviewReply(TimeStampedModel):
    """The provider's one public answer to a review (editable for 48 hours)."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="reply", verbose_name=_("review"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    text = CleanTextField(_("reply"), max_length=REPLY_TEXT_MAX)

    class Meta:
        verbose_name = _("reply to a review")
        verbose_name_plural = _("replies to reviews")

    def __str__(self) -> str:
        return f"reply to review #{self.review_id}"


class ReviewPhoto(models.Model):
    """A photo the customer added to a review (a Wagtail image, checked by content like every upload)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos", verbose_name=_("review"))
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("review photo")
        verbose_name_plural = _("review photos")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.image.title


class ReviewFlag(models.Model):
    """Someone reported a review; moderators see open reports in the Wagtail admin."""

    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("offensive or hateful")
        FALSE = "false", _("false or misleading")
        PRIVATE = "private", _("shares private information")
        SPAM = "spam", _("spam or advertising")
        OTHER = "other", _("something else")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="flags", verbose_name=_("review"))
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = CleanCharField(_("note"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "flagged_by"], name="review_flag_once_per_person")]

    def __str__(self) -> str:
        return f"{self.reason} · review #{self.review_id}"


class ReviewVote(models.Model):
    """One person found a review helpful (counted into ``Review.helpful_count`` for "most helpful first")."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes", verbose_name=_("review"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("voter")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [models.UniqueConstraint(fields=["review", "voter"], name="review_vote_once_per_person")]

    def __str__(self) -> str:
        return f"helpful · review #{self.review_id}"


class CustomerRating(TimeStampedModel):
    """The provider's private rating of the customer of a completed booking; only staff see it."""

    booking = models.OneToOneField(
        "marketplace.Booking", on_delete=models.CASCADE, related_name="customer_rating", verbose_name=_("booking")
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings_received", verbose_name=_("customer")
    )
    rating = _stars(_("rating"))
    note = CleanTextField(_("note for NetFix staff"), max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = _("customer rating")
        verbose_name_plural = _("customer ratings")
        constraints = [models.CheckConstraint(condition=models.Q(rating__range=(1, 5)), name="customer_rating_1_to_5")]

    def __str__(self) -> str:
        return f"{self.rating}★ · booking #{self.booking_id}"


class RatingAggregate(models.Model):
    """Published reviews summed: count, star histogram, sums per criterion, and the weighted score lists sort by."""

    count = models.PositiveIntegerField(_("reviews"), default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    quality_sum = models.PositiveIntegerField(default=0)
    punctuality_sum = models.PositiveIntegerField(default=0)
    communication_sum = models.PositiveIntegerField(default=0)
    value_sum = models.PositiveIntegerField(default=0)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)
    average = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=Decimal("0"))
    # Bayesian average (decision 0045): what lists sort by, so one 5-star review cannot beat fifty 4.8s.
    score = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=4, default=Decimal("0"), db_index=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def criterion_average(self, name: str) -> Decimal | None:
        if not self.count:
            return None
        return (Decimal(getattr(self, f"{name}_sum")) / self.count).quantize(Decimal("0.1"))

    @property
    def histogram(self) -> list[tuple[int, int]]:
        """``[(5, n5), (4, n4), ...]``, most stars first, as pages show it."""
        return [(stars, getattr(self, f"stars_{stars}")) for stars in range(5, 0, -1)]


class ServiceRating(RatingAggregate):
    service = models.OneToOneField(
        "providers.Service", on_delete=models.CASCADE, related_name="rating", verbose_name=_("service")
    )

    class Meta:
        verbose_name = _("service rating")
        verbose_name_plural = _("service ratings")

    def __str__(self) -> str:
        return f"service {self.service_id}: {self.average} ({self.count})"


class ProviderRating(RatingAggregate):
    provider = models.OneToOneField(
        "providers.ProviderProfile", on_delete=models.CASCADE, related_name="rating", verbose_name=_("provider")
    )

    class Meta:
        verbose_name = _("provider rating")
        verbose_name_plural = _("provider ratings")

    def __str__(self) -> str:
        return f"provider {self.provider_id}: {self.average} ({self.count})"
