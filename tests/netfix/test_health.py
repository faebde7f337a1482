"""Liveness and readiness, with real failures: dependencies pointed at a closed port."""

import pytest

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_is_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}


def test_readyz_names_the_cache_when_it_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def test_readyz_names_the_broker_when_it_is_down(client, settings, monkeypatch):
    from netfix.celery import app

    settings.HEALTH_CHECK_BROKER = True
    monkeypatch.setattr(app.conf, "broker_url", CLOSED_PORT_REDIS)
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503
    assert body["failed"] == ["broker"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.redis
def test_readyz_reaches_the_real_broker(client, settings, monkeypatch):
    from netfix.celery import app

    settings.HEALTH_CHECK_BROKER = True
    monkeypatch.setattr(app.conf, "broker_url", settings.REDIS_URL)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


def test_readyz_names_the_database_when_it_fails(client, monkeypatch):
    from netfix import health

    def broken() -> None:
        raise ConnectionError("database unreachable")

    # A real database outage would also break the test database itself, so this one check is replaced.
    monkeypatch.setattr(health, "check_database", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]


def test_health_endpoints_refuse_post(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_any_host_and_plain_http(client, settings):
    """A container health check probes by IP over HTTP; liveness must not be refused or redirected."""
    settings.ALLOWED_HOSTS = ["netfix.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 400
