"""Tests: base.py with fast hashing and in-memory mail; real services when their URLs are set.

``make test`` runs against SQLite and local memory unless ``DATABASE_URL`` / ``REDIS_URL`` are set, which is what
``.ci/run`` does. Tests that need a real service are marked and skipped only when it is absent (never in CI).
"""

from netfix.observability import logging_config
from netfix.oidc_keys import development_signing_key

from .base import *  # noqa: F403
from .base import IDP_OIDC_PRIVATE_KEY, REST_FRAMEWORK, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process in unit tests; the Celery integration test starts a real worker on the Redis broker.
CELERY_TASK_ALWAYS_EAGER = True
HEALTH_CHECK_BROKER = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min", "account": "10000/min"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# A fresh signing key per test process unless one is given.
IDP_OIDC_PRIVATE_KEY = IDP_OIDC_PRIVATE_KEY or development_signing_key()
LOGGING = logging_config(fmt="text", level=env("LOG_LEVEL", default="WARNING"))
# Lifecycle tests move no money; the payments tests switch to StripeBookingPayments against localstripe.
BOOKING_PAYMENTS = "marketplace.bookings.payments.NoPayments"
# Tests change the catalogue inside transactions that never commit, so the index's generation (bumped on commit)
# would not move: search answers are not cached here, except in tests/search/test_cache.py, which turns it on.
SEARCH_CACHE_SECONDS = 0
