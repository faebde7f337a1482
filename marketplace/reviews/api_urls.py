"""``/api/v1/`` routes of reviews, next to the services, providers and bookings they hang from."""

from django.urls import path

from marketplace.reviews.api import (
    BookingReviewCreate,
    ProviderRatingView,
    ProviderReviewList,
    ReviewFlagView,
    ReviewReplyView,
    ServiceRatingView,
    ServiceReviewList,
)

urlpatterns = [
    path("services/<int:service_pk>/reviews/", ServiceReviewList.as_view(), name="service-reviews"),
    path("services/<int:service_pk>/rating/", ServiceRatingView.as_view(), name="service-rating"),
    path("providers/<int:provider_pk>/reviews/", ProviderReviewList.as_view(), name="provider-reviews"),
    path("providers/<int:provider_pk>/rating/", ProviderRatingView.as_view(), name="provider-rating"),
    path("bookings/<int:pk>/review/", BookingReviewCreate.as_view(), name="booking-review"),
    path("reviews/<int:pk>/reply/", ReviewReplyView.as_view(), name="review-reply"),
    path("reviews/<int:pk>/flag/", ReviewFlagView.as_view(), name="review-flag"),
]
