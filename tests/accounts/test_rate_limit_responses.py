"""allauth's sign-up and password-reset limits hold, and every refusal is a translated 429 with an exact Retry-After.

The limits are the configured ones (``ACCOUNT_RATE_LIMITS`` in netfix/settings/base.py), counted in the cache: local
memory here, the real Redis in the tests marked ``redis``.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import RequestFactory

from accounts.models import User
from accounts.rate_limits import DEFAULT_RETRY_AFTER, retry_after_seconds
from netfix import errors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
PROVIDER_SIGNUP = "/accounts/signup/provider/"
LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"
START = datetime.datetime(2030, 1, 7, 9, 0, 0, tzinfo=datetime.UTC)
PASSWORD = "plumb-bob-lantern-42"


def valid_signup(email: str = "late@example.com") -> dict[str, str]:
    return {
        "email": email,
        "username": email.split("@")[0],
        "date_of_birth": "1990-05-17",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def use_up(client, path: str, times: int, data: dict[str, str] | None = None, **extra) -> None:
    """``times`` attempts that the limit lets through (whatever the form then says about them)."""
    for _ in range(times):
        assert client.post(path, data or {}, **extra).status_code != 429


def assert_refused(response, retry_after: int) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(retry_after)
    assert response["Content-Type"].startswith("text/html")


# --- Sign-up: 20 a minute per IP -------------------------------------------------------------------------------


def test_21st_signup_in_a_minute_is_refused_and_creates_nothing(client):
    with time_machine.travel(START, tick=False):
        use_up(client, SIGNUP, 20)
        response = client.post(SIGNUP, valid_signup())
    assert_refused(response, retry_after=60)
    assert not User.objects.filter(email="late@example.com").exists()


def test_signup_limit_is_per_address(client):
    with time_machine.travel(START, tick=False):
        use_up(client, SIGNUP, 20)
        assert client.post(SIGNUP, valid_signup(), REMOTE_ADDR="198.51.100.7").status_code == 302
    assert User.objects.filter(email="late@example.com").exists()


def test_provider_signup_shares_the_signup_limit(client):
    with time_machine.travel(START, tick=False):
        use_up(client, SIGNUP, 20)
        response = client.post(PROVIDER_SIGNUP, {})
    assert_refused(response, retry_after=60)


def test_retry_after_counts_down_to_the_moment_signup_opens_again(client):
    with time_machine.travel(START, tick=False):
        use_up(client, SIGNUP, 20)
    with time_machine.travel(START + datetime.timedelta(seconds=45), tick=False):
        assert_refused(client.post(SIGNUP, valid_signup()), retry_after=15)
    with time_machine.travel(START + datetime.timedelta(seconds=60, milliseconds=1), tick=False):
        assert client.post(SIGNUP, valid_signup()).status_code == 302
    assert User.objects.filter(email="late@example.com").exists()


def test_behind_a_proxy_each_client_address_has_its_own_limit(client, settings):
    """With NUM_PROXIES set, allauth reads the client from X-Forwarded-For, like the API throttles."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    with time_machine.travel(START, tick=False):
        use_up(client, SIGNUP, 20, HTTP_X_FORWARDED_FOR="203.0.113.5")
        assert client.post(SIGNUP, {}, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
        assert client.post(SIGNUP, {}, HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_proxy_count_follows_num_proxies(settings):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.ALLAUTH_TRUSTED_PROXY_COUNT


# --- Password reset: 5 a minute per e-mail address, 20 a minute per IP -----------------------------------------


def test_sixth_reset_for_one_address_in_a_minute_is_refused(client, mailoutbox):
    UserFactory(email="pat@example.com")
    UserFactory(email="sam@example.com")
    with time_machine.travel(START, tick=False):
        use_up(client, RESET, 5, {"email": "pat@example.com"})
    with time_machine.travel(START + datetime.timedelta(seconds=10), tick=False):
        assert_refused(client.post(RESET, {"email": "PAT@example.com"}), retry_after=50)
        # another address from the same visitor is still fine
        assert client.post(RESET, {"email": "sam@example.com"}).status_code == 302
    assert [message.to for message in mailoutbox].count(["pat@example.com"]) == 5


def test_21st_reset_from_one_address_in_a_minute_is_refused(client, mailoutbox):
    users = [UserFactory() for _ in range(21)]
    with time_machine.travel(START, tick=False):
        for user in users[:20]:
            assert client.post(RESET, {"email": user.email}).status_code == 302
        assert_refused(client.post(RESET, {"email": users[20].email}), retry_after=60)
    assert len(mailoutbox) == 20


# --- Login and the 429 page itself -----------------------------------------------------------------------------


def test_31st_login_attempt_in_a_minute_gets_429_with_retry_after(client):
    with time_machine.travel(START, tick=False):
        use_up(client, LOGIN, 30, {"login": "nobody@example.com", "password": "x"})
        assert_refused(client.post(LOGIN, {"login": "nobody@example.com", "password": "x"}), retry_after=60)


def test_429_page_is_in_the_visitors_language(client):
    with time_machine.travel(START, tick=False):
        use_up(client, SIGNUP, 20)
        response = client.post(SIGNUP, {}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 429
    page = response.content.decode()
    assert 'lang="ar"' in page
    assert 'dir="rtl"' in page
    assert ">429<" in page


def test_429_page_tells_how_long_to_wait(client):
    with time_machine.travel(START, tick=False):
        use_up(client, SIGNUP, 20)
        page = client.post(SIGNUP, {}).content.decode()
    assert "Too many requests" in page
    assert "Try again in 60 seconds." in page


def test_unknown_limited_view_gets_a_one_minute_retry_after():
    request = RequestFactory().post("/somewhere/")
    assert retry_after_seconds(request) == DEFAULT_RETRY_AFTER
    response = errors.too_many_requests(request)
    assert response.status_code == 429
    assert response["Retry-After"] == str(DEFAULT_RETRY_AFTER)


# --- Redis -----------------------------------------------------------------------------------------------------


@pytest.mark.redis
def test_signup_and_reset_counters_live_in_redis(client, settings):
    """Every web process sees the same counts, and the Retry-After is read back from Redis."""
    import redis

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    UserFactory(email="pat@example.com")
    with time_machine.travel(START, tick=False):
        use_up(client, SIGNUP, 20)
        use_up(client, RESET, 5, {"email": "pat@example.com"})
    with time_machine.travel(START + datetime.timedelta(seconds=30), tick=False):
        assert_refused(client.post(SIGNUP, {}), retry_after=30)
        assert_refused(client.post(RESET, {"email": "pat@example.com"}), retry_after=30)
    server = redis.Redis.from_url(settings.REDIS_URL)
    assert server.keys("*allauth:rl:allauth.account:signup:*")
    assert server.keys("*allauth:rl:allauth.account:reset_password:*")
