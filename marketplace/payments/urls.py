"""Machine URLs of payments, outside the language prefix: Stripe posts to ``/payments/stripe/webhook/``."""

from django.urls import path

from marketplace.payments import webhooks

app_name = "stripe_webhooks"  # "payments" is the Wagtail admin viewset's namespace

urlpatterns = [
    path("stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
]
