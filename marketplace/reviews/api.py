"""Reviews in the REST API: public lists and rating summaries, and the customer's, provider's and reader's writes.

Everything goes through ``marketplace/reviews/services.py``; this module only translates. Lists and summaries are
public (anyone, any token); writing needs a signed-in user and, with a bearer token, ``reviews:write``. A refusal of
the service (``ReviewRefused``) is a 409 problem+json whose ``type`` ends with its code (``already-reviewed``,
``review-window-closed``...); a booking that is not the caller's, or a hidden review, is a 404; another provider
replying is a 403 (the review is public, so there is nothing to hide). Photos are added on the website only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.models import Booking, ProviderRating, Review, ReviewFlag, ReviewReply, ServiceRating
from marketplace.models.reviews import CRITERIA, REPLY_TEXT_MAX, REVIEW_TEXT_MAX, RatingAggregate
from marketplace.reviews import services
from marketplace.reviews.selectors import ORDERS, author_name
from netfix.api.permissions import HasRequiredScopes, IsUser
from netfix.api.problems import ConflictError
from netfix.api.scopes import PUBLIC_READ, REVIEWS_WRITE
from netfix.sanitize import SanitizedCharSerializerField
from providers.api import UTCDateTimeField
from providers.api_writes import ChoiceField, raise_as_api_error
from providers.languages import SPOKEN_LANGUAGES
from providers.selectors import provider_list, service_list

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

WRITES = {"POST": [REVIEWS_WRITE]}


class ReviewConflict(ConflictError):
    default_detail = _("This review cannot be written or changed now.")  # type: ignore[assignment]
    default_code = "review_refused"


def _raise_for(error: services.ReviewRefused | DjangoValidationError) -> NoReturn:
    """A service's refusal as the API's answer: 403 for "not yours" on a public review, else 409; invalid is 400."""
    if isinstance(error, DjangoValidationError):
        raise_as_api_error(error)
    if error.code == "not_yours":
        raise PermissionDenied(error.message) from error
    raise ReviewConflict(error.message, code=error.code) from error


# --- Reads ----------------------------------------------------------------------------------------------------------


class ReplySerializer(serializers.ModelSerializer[ReviewReply]):
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()

    class Meta:
        model = ReviewReply
        fields = ("text", "created_at", "updated_at")


class ReviewSerializer(serializers.ModelSerializer[Review]):
    author = serializers.SerializerMethodField(help_text=_("The author's first name and the initial of the last."))
    reply = serializers.SerializerMethodField(help_text=_("The provider's answer, if any."))
    language = serializers.CharField(read_only=True, help_text=_("The language the review is written in."))
    created_at = UTCDateTimeField()

    class Meta:
        model = Review
        fields = (
            "id",
            "service",
            "provider",
            "rating",
            *CRITERIA,
            "text",
            "language",
            "author",
            "created_at",
            "helpful_count",
            "reply",
        )

    def get_author(self, review: Review) -> str:
        return author_name(review.author)

    @extend_schema_field(ReplySerializer(allow_null=True))
    def get_reply(self, review: Review) -> dict[str, Any] | None:
        try:
            reply = review.reply
        except ReviewReply.DoesNotExist:
            return None
        return dict(ReplySerializer(reply).data)


class StarsCountSerializer(serializers.Serializer[Any]):
    stars = serializers.IntegerField(min_value=1, max_value=5)
    count = serializers.IntegerField(min_value=0)


class CriteriaSerializer(serializers.Serializer[Any]):
    quality = serializers.DecimalField(max_digits=2, decimal_places=1, allow_null=True)
    punctuality = serializers.DecimalField(max_digits=2, decimal_places=1, allow_null=True)
    communication = serializers.DecimalField(max_digits=2, decimal_places=1, allow_null=True)
    value = serializers.DecimalField(max_digits=2, decimal_places=1, allow_null=True)


class RatingSerializer(serializers.Serializer[Any]):
    """The aggregate kept in step with the published reviews (``marketplace/reviews/aggregates.py``)."""

    count = serializers.IntegerField(help_text=_("Published reviews."))
    average = serializers.DecimalField(max_digits=3, decimal_places=2, help_text=_("0 while there is no review."))
    score = serializers.DecimalField(
        max_digits=5, decimal_places=4, help_text=_("Weighted (Bayesian) score lists are sorted by; decision 0045.")
    )
    criteria = CriteriaSerializer(help_text=_("Average per criterion; null while there is no review."))
    histogram = StarsCountSerializer(many=True, help_text=_("Reviews per number of stars, 5 first."))


def rating_data(aggregate: RatingAggregate) -> dict[str, Any]:
    return {
        "count": aggregate.count,
        "average": aggregate.average,
        "score": aggregate.score,
        "criteria": {name: aggregate.criterion_average(name) for name in CRITERIA},
        "histogram": [{"stars": stars, "count": count} for stars, count in aggregate.histogram],
    }


class ReviewListQuerySerializer(serializers.Serializer[Any]):
    ordering = ChoiceField(
        choices=[("newest", _("newest first")), ("helpful", _("most helpful first"))],
        required=False,
        default="newest",
        help_text=_("newest (default) or helpful."),
    )


class _PublicRead(generics.GenericAPIView[Any]):
    """Public, token-agnostic reads of one listed service's or provider's reviews; 404 when it is not listed."""

    permission_classes = (permissions.AllowAny, HasRequiredScopes)
    required_scopes = PUBLIC_READ
    filter_backends = ()
    owner_field = ""

    def owner_id(self) -> int:
        raise NotImplementedError

    def reviews(self) -> QuerySet[Review]:
        """Published reviews with author and reply joined: a page costs the same queries at any size.

        Leaner than ``selectors.published_reviews`` (same filter and orders): the API carries no photos, so it does
        not prefetch them and their renditions.
        """
        query = ReviewListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return (
            Review.objects.filter(**{self.owner_field: self.owner_id()}, status=Review.Status.PUBLISHED)
            .select_related("author", "reply")
            .order_by(*ORDERS[query.validated_data["ordering"]])
        )


class _ServiceMixin:
    owner_field = "service_id"
    kwargs: dict[str, Any]

    def owner_id(self) -> int:
        pk = int(self.kwargs["service_pk"])
        if not service_list().filter(pk=pk).exists():
            raise Http404
        return pk


class _ProviderMixin:
    owner_field = "provider_id"
    kwargs: dict[str, Any]

    def owner_id(self) -> int:
        pk = int(self.kwargs["provider_pk"])
        if not provider_list().filter(pk=pk).exists():
            raise Http404
        return pk


class _ReviewList(_PublicRead, generics.ListAPIView[Review]):
    serializer_class = ReviewSerializer

    def get_queryset(self) -> QuerySet[Review]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular building the schema
            return Review.objects.none()
        return self.reviews()


_LIST_DOC = "Published reviews, newest or most helpful first. Hidden reviews are left out; photos are web-only."


@extend_schema(
    summary="Reviews of a service", description=_LIST_DOC, tags=["reviews"], parameters=[ReviewListQuerySerializer]
)
class ServiceReviewList(_ServiceMixin, _ReviewList):
    pass


@extend_schema(
    summary="Reviews of all a provider's services",
    description=_LIST_DOC,
    tags=["reviews"],
    parameters=[ReviewListQuerySerializer],
)
class ProviderReviewList(_ProviderMixin, _ReviewList):
    pass


class _RatingView(_PublicRead):
    serializer_class = RatingSerializer
    pagination_class = None
    model: type[ServiceRating] | type[ProviderRating]

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        owner = self.owner_id()
        aggregate = self.model.objects.filter(**{self.owner_field: owner}).first() or self.model()
        return Response(RatingSerializer(rating_data(aggregate)).data)


_RATING_DOC = "Count, average, per-criterion averages, star histogram and weighted score of the published reviews."


@extend_schema(summary="Rating summary of a service", description=_RATING_DOC, tags=["reviews"])
class ServiceRatingView(_ServiceMixin, _RatingView):
    model = ServiceRating


@extend_schema(summary="Rating summary of a provider", description=_RATING_DOC, tags=["reviews"])
class ProviderRatingView(_ProviderMixin, _RatingView):
    model = ProviderRating


# --- Writes ---------------------------------------------------------------------------------------------------------


def _stars(label: StrOrPromise) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=5, help_text=label)


class ReviewCreateSerializer(serializers.Serializer[Any]):
    rating = _stars(_("Overall, 1 to 5 stars."))
    quality = _stars(_("Quality of the work, 1 to 5."))
    punctuality = _stars(_("Punctuality, 1 to 5."))
    communication = _stars(_("Communication, 1 to 5."))
    value = _stars(_("Value for money, 1 to 5."))
    text = SanitizedCharSerializerField(max_length=REVIEW_TEXT_MAX, multiline=True)
    language = ChoiceField(
        choices=SPOKEN_LANGUAGES,
        required=False,
        help_text=_("The language the review is written in; the request's language if left out."),
    )

    def to_input(self) -> services.ReviewInput:
        return services.ReviewInput(**self.validated_data)


class ReplyWriteSerializer(serializers.Serializer[Any]):
    text = SanitizedCharSerializerField(max_length=REPLY_TEXT_MAX, multiline=True)


class FlagSerializer(serializers.ModelSerializer[ReviewFlag]):
    reason = ChoiceField(choices=ReviewFlag.Reason.choices)
    note = SanitizedCharSerializerField(max_length=500, required=False, allow_blank=True, default="", multiline=True)
    created_at = UTCDateTimeField(read_only=True)

    class Meta:
        model = ReviewFlag
        fields = ("review", "reason", "note", "created_at")
        read_only_fields = ("review",)


def _answer(review: Review, code: int) -> Response:
    fresh = Review.objects.select_related("author", "reply").get(pk=review.pk)
    return Response(ReviewSerializer(fresh).data, status=code)


class _Write(generics.GenericAPIView[Any]):
    permission_classes = (IsUser, HasRequiredScopes)
    required_scopes = WRITES
    filter_backends = ()
    pagination_class = None

    def published_review(self) -> Review:
        review = Review.objects.select_related("provider").filter(pk=self.kwargs["pk"], status=Review.Status.PUBLISHED)
        found = review.first()
        if found is None:
            raise Http404
        return found


@extend_schema(
    summary="Review my completed booking",
    description=(
        "The customer of a completed booking reviews it once, within 30 days of completion. Refusals are 409 "
        "problems whose type ends with the reason (not-completed, already-reviewed, review-window-closed); another "
        "person's booking is a 404. Photos can be added on the website only."
    ),
    tags=["reviews"],
    request=ReviewCreateSerializer,
    responses={201: ReviewSerializer},
)
class BookingReviewCreate(_Write):
    serializer_class = ReviewCreateSerializer

    def post(self, request: Request, pk: int) -> Response:
        booking = Booking.objects.filter(pk=pk, customer_id=request.user.pk).first()
        if booking is None:
            raise Http404
        incoming = ReviewCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            review = services.review_create(
                booking=booking,
                author=request.user,  # type: ignore[arg-type]
                data=incoming.to_input(),
            )
        except (services.ReviewRefused, DjangoValidationError) as error:
            _raise_for(error)
        return _answer(review, status.HTTP_201_CREATED)


@extend_schema(
    summary="Reply to a review of my service (or change my reply)",
    description=(
        "The reviewed provider answers once (201) and may change the answer for 48 hours (200); later it is a 409 "
        "reply-locked. Another provider is a 403; a hidden review is a 404."
    ),
    tags=["reviews"],
    request=ReplyWriteSerializer,
    responses={200: ReviewSerializer, 201: ReviewSerializer},
)
class ReviewReplyView(_Write):
    serializer_class = ReplyWriteSerializer

    def post(self, request: Request, pk: int) -> Response:
        review = self.published_review()
        if review.provider.user_id != request.user.pk:
            raise PermissionDenied(_("Only the provider who was reviewed can reply."))
        incoming = ReplyWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        existed = ReviewReply.objects.filter(review=review).exists()
        try:
            services.reply_save(
                review=review,
                author=request.user,
                text=incoming.validated_data["text"],
            )
        except (services.ReviewRefused, DjangoValidationError) as error:
            _raise_for(error)
        return _answer(review, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


@extend_schema(
    summary="Report a review to the moderators",
    description="Once per person (again is a 409 already-flagged); one's own review cannot be reported.",
    tags=["reviews"],
    request=FlagSerializer,
    responses={201: FlagSerializer},
)
class ReviewFlagView(_Write):
    serializer_class = FlagSerializer

    def post(self, request: Request, pk: int) -> Response:
        review = self.published_review()
        incoming = FlagSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            flag = services.review_flag(
                review=review,
                by=request.user,  # type: ignore[arg-type]
                reason=incoming.validated_data["reason"],
                note=incoming.validated_data["note"],
            )
        except (services.ReviewRefused, DjangoValidationError) as error:
            _raise_for(error)
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)
