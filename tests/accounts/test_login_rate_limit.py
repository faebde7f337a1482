"""Failed logins are limited per account on the site and the admin alike, in the real cache.

The admin's login page sends people to the site's (one door, decision 0020); the "admin" attempts below go in
through /admin/login/ and follow it, as a browser does.
"""

import pytest

from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def _site_login(client, email, password):
    return client.post(SITE_LOGIN, {"login": email, "password": password})


def _admin_login(client, email, password, **headers):
    door = client.get(ADMIN_LOGIN + "?next=/admin/")
    assert door.status_code == 302
    return client.post(door["Location"], {"login": email, "password": password}, **headers)


@pytest.mark.parametrize("attempt", [_site_login, _admin_login], ids=["site", "admin"])
def test_sixth_failed_login_within_five_minutes_is_refused(client, attempt):
    user = UserFactory(email="victim@example.com", is_staff=True, is_superuser=True)
    for _ in range(5):
        response = attempt(client, user.email, "wrong-password")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    # The 6th attempt is refused even with the right password.
    response = attempt(client, user.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_failures_through_the_site_lock_the_admin_door_too(client):
    user = UserFactory(email="shared@example.com", is_staff=True, is_superuser=True)
    for _ in range(5):
        _site_login(client, user.email, "wrong-password")
    response = _admin_login(client, user.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_limit_is_per_account(client):
    victim = UserFactory(email="victim2@example.com", is_staff=True, is_superuser=True)
    other = UserFactory(email="other@example.com", is_staff=True, is_superuser=True)
    for _ in range(5):
        _admin_login(client, victim.email, "wrong-password")
    response = _admin_login(client, other.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_admin_login_with_right_password_works(client):
    user = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    response = _admin_login(client, "STAFF@example.com", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_admin_login_with_wrong_password_says_so(client):
    UserFactory(email="staff2@example.com", is_staff=True)
    response = _admin_login(client, "staff2@example.com", "nope")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.redis
def test_the_limit_lives_in_redis(client, settings):
    """The counter is in the shared cache, so every web process sees the same count."""
    import redis

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    user = UserFactory(email="redis@example.com")
    _site_login(client, user.email, "wrong-password")
    keys = redis.Redis.from_url(settings.REDIS_URL).keys("*rl*")
    assert keys


def test_refusal_is_translated(client):
    user = UserFactory(email="fr@example.com", is_staff=True)
    for _ in range(5):
        _admin_login(client, user.email, "wrong-password")
    response = _admin_login(client, user.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
