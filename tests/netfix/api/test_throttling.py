"""API throttles: anonymous clients per IP address, signed-in users per account; a 429 says when to come back.

The counters are DRF's, in the cache: local memory here, the real Redis in the test marked ``redis``. The rates are
lowered for the test (the configured ones are hundreds a minute); what is proven is who shares a budget.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/categories/"
START = datetime.datetime(2030, 1, 7, 9, 0, 0, tzinfo=datetime.UTC)
ADDRESS_A = "192.0.2.10"
ADDRESS_B = "192.0.2.20"


@pytest.fixture(autouse=True)
def low_rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min", "account": "100/min"})


@pytest.fixture
def api():
    return APIClient()


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def get(client: APIClient, address: str = ADDRESS_A, **extra):
    return client.get(PUBLIC, REMOTE_ADDR=address, **extra)


def assert_throttled(response, retry_after: int) -> None:
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == str(retry_after)
    assert response.json()["retry_after"] == retry_after


def test_anonymous_clients_are_limited_per_ip_address(api):
    with time_machine.travel(START, tick=False):
        assert [get(api).status_code for _ in range(3)] == [200, 200, 200]
    with time_machine.travel(START + datetime.timedelta(seconds=20), tick=False):
        assert_throttled(get(api), retry_after=40)
        # another address has its own budget
        assert get(APIClient(), ADDRESS_B).status_code == 200


def test_signed_in_users_are_limited_per_account_not_per_address(api):
    pat, sam = UserFactory(), UserFactory()
    with time_machine.travel(START, tick=False):
        # the address is used up by anonymous requests, yet signed-in users on it are not refused
        for _ in range(3):
            get(api)
        assert get(api).status_code == 429
        assert [get(signed_in(pat)).status_code for _ in range(5)] == [200] * 5
        # Pat's sixth request is refused wherever it comes from; Sam, on the same address, is fine
        assert_throttled(get(signed_in(pat), ADDRESS_B), retry_after=60)
        assert get(signed_in(sam)).status_code == 200


def test_budget_comes_back_when_the_window_has_passed(api):
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            get(api)
        assert get(api).status_code == 429
    with time_machine.travel(START + datetime.timedelta(seconds=61), tick=False):
        assert get(api).status_code == 200


def test_behind_a_proxy_the_forwarded_client_address_counts(api, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            assert get(api, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
        assert get(api, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
        # same proxy (REMOTE_ADDR), another client behind it
        assert get(api, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


@pytest.mark.redis
def test_throttle_counters_live_in_redis(api, settings):
    """Every web process shares one budget per client: the counters are in Redis."""
    import redis

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    user = UserFactory()
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            get(api)
        assert_throttled(get(api), retry_after=60)
        for _ in range(5):
            get(signed_in(user))
        assert_throttled(get(signed_in(user)), retry_after=60)
    server = redis.Redis.from_url(settings.REDIS_URL)
    assert server.keys(f"*throttle_anon_{ADDRESS_A}")
    assert server.keys(f"*throttle_user_{user.pk}")
