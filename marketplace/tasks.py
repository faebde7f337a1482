"""Where Celery finds marketplace tasks: ``autodiscover_tasks`` imports ``<app>.tasks`` only, and the marketplace keeps
its tasks next to each area (bookings, payments, reviews). Importing them here registers them in a worker."""

from marketplace.bookings import tasks as bookings
from marketplace.payments import tasks as payments
from marketplace.reviews import tasks as reviews

__all__ = ["bookings", "payments", "reviews"]
