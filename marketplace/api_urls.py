from django.urls import include, path
from rest_framework.routers import SimpleRouter

from marketplace.api import BookingViewSet

router = SimpleRouter()
router.register("bookings", BookingViewSet, basename="booking")

urlpatterns = [*router.urls, path("", include("marketplace.reviews.api_urls"))]
