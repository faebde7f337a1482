"""Every change to reviews: write, reply, rate the customer, report, vote helpful, hide and restore.

Reviews are earned: only the customer of a completed booking, once, within ``REVIEW_WINDOW`` of the completion.
Each function is atomic and keeps the service and provider aggregates in step in the same transaction
(``aggregates.py``). A refusal is a ``ReviewRefused`` with a stable ``code`` and a translated message: 409 in the
API, a message on the page; a booking or review the caller may not see is never found in the first place (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from marketplace.models import (
    Booking,
    BookingEvent,
    CustomerRating,
    Review,
    ReviewFlag,
    ReviewPhoto,
    ReviewReply,
    ReviewVote,
)
from marketplace.models.reviews import REPLY_TEXT_MAX, REVIEW_TEXT_MAX
from marketplace.reviews import aggregates
from providers.languages import SPOKEN_LANGUAGE_CODES

REVIEW_WINDOW = timedelta(days=30)
REPLY_EDIT_WINDOW = timedelta(hours=48)
MAX_REVIEW_PHOTOS = 5
# A review may be written once the job is done: completed (a no-show has nothing to review).
REVIEWABLE_STATES = frozenset({Booking.Status.COMPLETED})


class ReviewRefused(Exception):
    """The action is not allowed now (not completed, too late, already done...). Carries a translated message."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ReviewInput:
    rating: int
    quality: int
    punctuality: int
    communication: int
    value: int
    text: str
    language: str = ""


def completed_at(booking: Booking) -> datetime | None:
    """When the provider marked the job done (the review window counts from there)."""
    return (
        BookingEvent.objects.filter(booking=booking, action="complete")
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )


def review_refusal(booking: Booking, author: User, *, now: datetime | None = None) -> ReviewRefused | None:
    """Why ``author`` may not review ``booking`` now, or None. Pages use it to show or hide the form."""
    now = now or timezone.now()
    if booking.customer_id != author.pk:
        return ReviewRefused(_("Only the customer of this booking can review it."), code="not_yours")
    if booking.status not in REVIEWABLE_STATES:
        return ReviewRefused(_("You can review a booking once the job is completed."), code="not_completed")
    if Review.objects.filter(booking=booking).exists():
        return ReviewRefused(_("You have already reviewed this booking."), code="already_reviewed")
    done = completed_at(booking)
    if done is None or now - done > REVIEW_WINDOW:
        return ReviewRefused(
            _("Reviews can be written within 30 days of the job being completed."), code="review_window_closed"
        )
    return None


def _clean(data: ReviewInput) -> str:
    errors: dict[str, str] = {}
    for name in ("rating", "quality", "punctuality", "communication", "value"):
        value = getattr(data, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[name] = _("Give from 1 to 5 stars.")
    if not data.text.strip():
        errors["text"] = _("Tell other customers how it went.")
    elif len(data.text) > REVIEW_TEXT_MAX:
        errors["text"] = _("Keep the review under %(count)d characters.") % {"count": REVIEW_TEXT_MAX}
    language = data.language or (get_language() or "en").split("-")[0]
    if language not in SPOKEN_LANGUAGE_CODES:
        errors["language"] = _("Choose the language the review is written in.")
    if errors:
        raise ValidationError(errors)
    return language


def review_create(
    *,
    booking: Booking,
    author: User,
    data: ReviewInput,
    photos: Sequence[object] = (),
    now: datetime | None = None,
) -> Review:
    """Publish the customer's review and count it into the service and provider aggregates, atomically.

    ``photos`` are Wagtail images already checked by content (the form's upload field does that).
    """
    language = _clean(data)
    if len(photos) > MAX_REVIEW_PHOTOS:
        raise ValidationError({"photos": _("Add at most %(count)d photos.") % {"count": MAX_REVIEW_PHOTOS}})
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        refusal = review_refusal(locked, author, now=now)
        if refusal is not None:
            raise refusal
        review = Review(
            booking=locked,
            service_id=locked.service_id,
            provider_id=locked.provider_id,
            author=author,
            rating=data.rating,
            quality=data.quality,
            punctuality=data.punctuality,
            communication=data.communication,
            value=data.value,
            text=data.text.strip(),
            language=language,
        )
        review.full_clean(exclude=["booking", "service", "provider", "author"])
        try:
            with transaction.atomic():
                review.save()
        except IntegrityError as error:  # a second tab won the race for the one-per-booking row
            raise ReviewRefused(_("You have already reviewed this booking."), code="already_reviewed") from error
        ReviewPhoto.objects.bulk_create(
            ReviewPhoto(review=review, image=image, sort_order=index) for index, image in enumerate(photos)
        )
        aggregates.add(review)
    return review


def reply_save(*, review: Review, author: User, text: str, now: datetime | None = None) -> ReviewReply:
    """The provider answers once; the answer may be edited for ``REPLY_EDIT_WINDOW`` after it was first written."""
    now = now or timezone.now()
    if review.provider.user_id != author.pk:
        raise ReviewRefused(_("Only the provider who was reviewed can reply."), code="not_yours")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your reply.")})
    if len(text) > REPLY_TEXT_MAX:
        raise ValidationError({"text": _("Keep the reply under %(count)d characters.") % {"count": REPLY_TEXT_MAX}})
    with transaction.atomic():
        existing = ReviewReply.objects.select_for_update().filter(review=review).first()
        if existing is None:
            reply = ReviewReply(review=review, author=author, text=text)
            reply.full_clean(exclude=["review", "author"])
            try:
                with transaction.atomic():
                    reply.save()
            except IntegrityError as error:
                raise ReviewRefused(_("You have already replied to this review."), code="already_replied") from error
            return reply
        if now - existing.created_at > REPLY_EDIT_WINDOW:
            raise ReviewRefused(_("A reply can be changed for 48 hours after it was written."), code="reply_locked")
        existing.text = text
        existing.full_clean(exclude=["review", "author"])
        existing.save(update_fields=["text", "updated_at"])
        return existing


def reply_editable(reply: ReviewReply, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) - reply.created_at <= REPLY_EDIT_WINDOW


def customer_rate(*, booking: Booking, by: User, rating: int, note: str = "") -> CustomerRating:
    """The provider rates the customer of a completed booking, once; only staff ever see it."""
    if booking.provider.user_id != by.pk:
        raise ReviewRefused(_("Only the provider of this booking can rate its customer."), code="not_yours")
    if booking.status not in {Booking.Status.COMPLETED, Booking.Status.NO_SHOW}:
        raise ReviewRefused(_("You can rate the customer once the job is done."), code="not_completed")
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give from 1 to 5 stars.")})
    try:
        with transaction.atomic():
            return CustomerRating.objects.create(
                booking=booking, customer_id=booking.customer_id, rating=rating, note=note.strip()
            )
    except IntegrityError as error:
        raise ReviewRefused(_("You have already rated this customer."), code="already_rated") from error


def review_flag(*, review: Review, by: User, reason: str, note: str = "") -> ReviewFlag:
    """Anyone signed in may report a published review once; it joins the moderators' queue."""
    if reason not in ReviewFlag.Reason.values:
        raise ValidationError({"reason": _("Choose why you report this review.")})
    if review.author_id == by.pk:
        raise ReviewRefused(_("You cannot report your own review."), code="own_review")
    with transaction.atomic():
        try:
            with transaction.atomic():
                flag = ReviewFlag.objects.create(review=review, flagged_by=by, reason=reason, note=note.strip()[:500])
        except IntegrityError as error:
            raise ReviewRefused(_("You have already reported this review."), code="already_flagged") from error
        Review.objects.filter(pk=review.pk).update(open_flags=F("open_flags") + 1)
    return flag


def review_vote_helpful(*, review: Review, by: User) -> bool:
    """Count one "helpful" per person (not the author); False when this person had already voted."""
    if review.author_id == by.pk:
        raise ReviewRefused(_("You cannot vote for your own review."), code="own_review")
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReviewVote.objects.create(review=review, voter=by)
        except IntegrityError:
            return False
        Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
    return True


def _resolve_flags(review: Review, now: datetime) -> None:
    ReviewFlag.objects.filter(review=review, resolved_at__isnull=True).update(resolved_at=now)
    review.open_flags = 0


def review_hide(*, review: Review, by: User, reason: str, now: datetime | None = None) -> Review:
    """A moderator hides a review with a reason: it leaves pages and aggregates, its author is told why."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is hidden; its author will read it.")})
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.status == Review.Status.HIDDEN:
            raise ReviewRefused(_("This review is already hidden."), code="already_hidden")
        locked.status = Review.Status.HIDDEN
        locked.hidden_reason = reason.strip()
        locked.hidden_by = by
        locked.hidden_at = now
        _resolve_flags(locked, now)
        locked.save()
        aggregates.remove(locked)
        transaction.on_commit(lambda: _tell_author(locked.pk), robust=True)
    return locked


def _tell_author(review_id: int) -> None:
    from marketplace.reviews.tasks import send_review_hidden_email

    send_review_hidden_email.delay(review_id)


def review_restore(*, review: Review, by: User) -> Review:
    """A moderator puts a hidden review back: it counts again."""
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.status != Review.Status.HIDDEN:
            raise ReviewRefused(_("This review is not hidden."), code="not_hidden")
        locked.status = Review.Status.PUBLISHED
        locked.hidden_reason = ""
        locked.hidden_by = None
        locked.hidden_at = None
        locked.save()
        aggregates.add(locked)
    return locked


def review_keep(*, review: Review, by: User, now: datetime | None = None) -> Review:
    """A moderator read the reports and keeps the review published: the reports are closed."""
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        _resolve_flags(locked, now or timezone.now())
        locked.save(update_fields=["open_flags", "updated_at"])
    return locked
