"""Marketplace pages under the language prefix: booking a service, the customer's bookings, the provider's inbox."""

from django.urls import path  # noqa: F401 - the areas add their paths below

urlpatterns: list = []
