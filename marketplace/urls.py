"""Marketplace pages under the language prefix: booking a service, the customer's bookings, the provider's inbox."""

from django.urls import path

from marketplace.reviews import views as reviews
from marketplace.views import booking, calendar, checkout, customer, payouts, provider, respond

urlpatterns: list = []

# The provider's inbox, calendar and answers (docs/decisions/0036-provider-inbox-links-and-ical.md).
urlpatterns += [
    path("dashboard/requests/", provider.provider_requests, name="provider_requests"),
    path("dashboard/calendar/", calendar.provider_calendar, name="provider_calendar"),
    path("bookings/<int:pk>/accept/", provider.booking_accept, name="booking_accept"),
    path("bookings/<int:pk>/decline/", provider.booking_decline, name="booking_decline"),
    path("bookings/<int:pk>/complete/", provider.booking_complete, name="booking_complete"),
    path("bookings/<int:pk>/no-show/", provider.booking_no_show, name="booking_no_show"),
    path("bookings/<int:pk>/cancel-by-provider/", provider.booking_cancel_provider, name="booking_cancel_provider"),
    path("bookings/respond/<str:token>/", respond.booking_respond, name="booking_respond"),
]

# Booking a service and the customer's bookings (docs/decisions/0035-two-step-booking.md).
urlpatterns += [
    path("services/<int:pk>/book/", booking.booking_create, name="booking_create"),
    path("services/<int:pk>/book/slots/", booking.booking_slots, name="booking_slots"),
    path("bookings/", customer.booking_list, name="booking_list"),
    path("bookings/<int:pk>/", customer.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/cancel/", customer.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/reschedule/", customer.booking_reschedule, name="booking_reschedule"),
    path("bookings/<int:pk>/reschedule/slots/", customer.booking_reschedule_slots, name="booking_reschedule_slots"),
    path("bookings/<int:pk>/dispute/", customer.booking_dispute, name="booking_dispute"),
]

# Paying a booking by card and its receipt (docs/decisions/0044-checkout-page.md).
urlpatterns += [
    path("bookings/<int:pk>/pay/", checkout.booking_pay, name="booking_pay"),
    path("bookings/<int:pk>/pay/card-saved/", checkout.booking_pay_card_saved, name="booking_pay_card_saved"),
    path("bookings/<int:pk>/pay/authenticated/", checkout.booking_pay_authenticated, name="booking_pay_authenticated"),
    path("bookings/<int:pk>/receipt/", checkout.booking_receipt, name="booking_receipt"),
]

# The provider's payouts (Stripe Connect onboarding) and earnings (docs/decisions/0041-payouts-and-commission.md).

urlpatterns += [
    path("dashboard/payouts/", payouts.provider_payouts, name="provider_payouts"),
    path("dashboard/payouts/set-up/", payouts.provider_payouts_onboard, name="provider_payouts_onboard"),
    path("dashboard/payouts/return/", payouts.provider_payouts_return, name="provider_payouts_return"),
    path("dashboard/earnings/", payouts.provider_earnings, name="provider_earnings"),
]

# Reviews: the customer's review, the provider's replies and private rating, readers' votes and reports (issue 8).
urlpatterns += [
    path("bookings/<int:pk>/review/", reviews.review_write, name="review_write"),
    path("bookings/<int:pk>/rate-customer/", reviews.customer_rate, name="customer_rate"),
    path("dashboard/reviews/", reviews.provider_reviews, name="provider_reviews"),
    path("dashboard/reviews/<int:pk>/reply/", reviews.review_reply, name="review_reply"),
    path("reviews/<int:pk>/helpful/", reviews.review_helpful, name="review_helpful"),
    path("reviews/<int:pk>/report/", reviews.review_report, name="review_report"),
]
