"""Suite-wide fixtures and the rule for tests that need a real service.

Tests marked ``postgres``, ``redis`` or ``browser`` run only when that service is there. On a laptop without it they
are skipped; in CI (``CI`` set) a missing service is an error, so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _service_available(marker: str) -> bool:
    if marker == "postgres":
        return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    if marker == "redis":
        return bool(settings.REDIS_URL)
    if marker == "browser":
        return shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing: set[str] = set()
    for item in items:
        for marker in ("postgres", "redis", "browser"):
            if item.get_closest_marker(marker) and not _service_available(marker):
                missing.add(marker)
                item.add_marker(pytest.mark.skip(reason=f"needs {marker}; set its URL or install it"))
    if missing and os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run every test, but these services are missing: {', '.join(sorted(missing))}")


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Every test starts with an empty cache (rate limits, idempotency marks, cached pages)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _language_back_to_default() -> Iterator[None]:
    """A request to a /fr/ or /ar/ page leaves that language active in the thread; the next test starts in English,
    or its ``reverse()`` calls would build URLs in the last page's language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def admin_user(db):
    """pytest-django's admin_user assumes a username login; NetFix logs in by e-mail, and staff have a 2nd factor."""
    from tests.factories import StaffFactory

    return StaffFactory(email="admin@example.com", username="admin", password="admin-password-123")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# --- Payments: localstripe, one child process per test session, emptied before each test that uses it ------------


@pytest.fixture(scope="session")
def localstripe_server():
    from marketplace.payments.localstripe_server import LocalStripe

    with LocalStripe.start() as server:
        yield server


@pytest.fixture
def localstripe(localstripe_server):
    localstripe_server.reset()
    return localstripe_server


@pytest.fixture
def gateway(localstripe):
    from marketplace.payments.gateway import StripeGateway
    from marketplace.payments.localstripe_server import TEST_SECRET_KEY

    return StripeGateway(TEST_SECRET_KEY, localstripe.url, max_network_retries=0)


@pytest.fixture
def stripe_payments(localstripe, settings):
    """Bookings take money through StripeBookingPayments against localstripe (the test settings move none)."""
    from marketplace.payments.localstripe_server import TEST_SECRET_KEY

    settings.BOOKING_PAYMENTS = "marketplace.payments.booking.StripeBookingPayments"
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_netfix_localstripe"
    settings.STRIPE_API_BASE = localstripe.url
    settings.STRIPE_JS_URL = localstripe.stripe_js_url
    return localstripe
