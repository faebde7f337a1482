"""The provider's private iCal feed, outside the language prefix: calendar apps keep one URL forever (decision 0036)."""

from django.urls import path

from marketplace.views.calendar import booking_ical_feed

urlpatterns = [
    path("bookings/ical/<str:token>.ics", booking_ical_feed, name="booking_ical_feed"),
]
