"""Request ids travel through the logs; production logs are JSON with user, path, status and duration."""

import io
import json
import logging
import logging.config

import pytest

from netfix.observability import logging_config
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """Route the access log through the production JSON configuration into a buffer."""
    stream = io.StringIO()
    config = logging_config(fmt="json", level="INFO")
    config["handlers"]["console"]["stream"] = stream
    config["root"]["handlers"] = []
    config["loggers"]["netfix.access"] = {"handlers": ["console"], "level": "INFO", "propagate": False}
    logging.config.dictConfig(config)
    yield stream
    logging.getLogger("netfix.access").handlers.clear()
    logging.getLogger("netfix.access").propagate = True


def _records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_response_carries_a_request_id(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123-def-456")
    assert response["X-Request-ID"] == "abc-123-def-456"


def test_a_hostile_incoming_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="x\nInjected: yes" + "a" * 100)
    assert response["X-Request-ID"] != "x\nInjected: yes"
    assert len(response["X-Request-ID"]) == 32


def test_json_access_log_has_request_context(client, json_log):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/api/v1/me/", HTTP_X_REQUEST_ID="req-12345678")
    assert response.status_code == 200
    (record,) = [r for r in _records(json_log) if r["logger"] == "netfix.access"]
    assert record["request_id"] == "req-12345678"
    assert record["user_id"] == str(user.pk)
    assert record["path"] == "/api/v1/me/"
    assert record["status"] == 200
    assert record["method"] == "GET"
    assert isinstance(record["duration_ms"], float)
    assert record["level"] == "INFO"


def test_anonymous_requests_log_a_dash_for_user(client, json_log):
    client.get("/readyz")
    (record,) = [r for r in _records(json_log) if r["logger"] == "netfix.access"]
    assert record["user_id"] == "-"
    assert record["status"] == 200


def test_liveness_probes_stay_out_of_the_access_log(client, json_log):
    """Probes every few seconds would drown the log; /healthz is answered before the access log."""
    client.get("/healthz")
    assert [r for r in _records(json_log) if r["logger"] == "netfix.access"] == []
