"""Every API error is RFC 9457 problem+json; validation errors name their fields."""

import pytest
from rest_framework.test import APIClient

from netfix.api.problems import _flatten
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def user():
    return UserFactory(time_zone="Europe/Paris")


def test_anonymous_request_is_a_problem(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == response.status_code


def test_me_returns_the_signed_in_user(api, user):
    api.force_authenticate(user)
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["time_zone"] == "Europe/Paris"


def test_patch_me_changes_preferences(api, user):
    api.force_authenticate(user)
    response = api.patch("/api/v1/me/", {"language": "ar", "time_zone": "Asia/Dubai"}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("ar", "Asia/Dubai")


def test_validation_error_names_each_field_and_changes_nothing(api, user):
    api.force_authenticate(user)
    response = api.patch("/api/v1/me/", {"language": "xx", "time_zone": "Mars/Olympus"}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/validation-error")
    assert {error["field"] for error in body["errors"]} == {"language", "time_zone"}
    user.refresh_from_db()
    assert (user.language, user.time_zone) == ("en", "Europe/Paris")


def test_validation_messages_are_translated(api, user):
    api.force_authenticate(user)
    response = api.patch("/api/v1/me/", {"time_zone": "Mars/Olympus"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    body = response.json()
    assert body["title"] == "Votre requête contient des champs invalides."
    assert "n’est pas un fuseau horaire connu" in body["errors"][0]["message"]


def test_malformed_json_is_a_problem(api, user):
    api.force_authenticate(user)
    response = api.generic("PATCH", "/api/v1/me/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/parse-error")


def test_unsupported_media_type_is_a_problem(api, user):
    api.force_authenticate(user)
    response = api.generic("PATCH", "/api/v1/me/", "language=fr", content_type="text/plain")
    assert response.status_code == 415


def test_method_not_allowed_keeps_allow_header(api, user):
    api.force_authenticate(user)
    response = api.delete("/api/v1/me/")
    assert response.status_code == 405
    assert "PATCH" in response["Allow"]


def test_throttled_request_gets_429_with_retry_after(api, user, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "2/min", "account": "2/min"})
    api.force_authenticate(user)
    statuses = [api.get("/api/v1/me/").status_code for _ in range(2)]
    response = api.get("/api/v1/me/")
    assert statuses == [200, 200]
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert response.json()["retry_after"] > 0


def test_nested_errors_are_flattened_to_paths():
    detail = {"items": [{"price": ["Too low."]}, {}], "name": ["Required."]}
    assert _flatten(detail) == [
        {"field": "items.0.price", "message": "Too low.", "code": "invalid"},
        {"field": "name", "message": "Required.", "code": "invalid"},
    ]
