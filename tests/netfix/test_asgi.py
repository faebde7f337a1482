"""The ASGI application the server runs: HTTP through Django, WebSockets through the Channels router."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator, WebsocketCommunicator

from netfix.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def test_http_goes_to_django():
    communicator = HttpCommunicator(application, "GET", "/healthz", headers=[(b"host", b"127.0.0.1")])
    response = async_to_sync(communicator.get_response)()
    assert response["status"] == 200
    assert b'"ok"' in response["body"]


def test_websocket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/anything/", headers=[(b"origin", b"https://evil.example")])
    connected, _ = async_to_sync(communicator.connect)()
    assert connected is False


def test_unknown_websocket_route_is_refused():
    communicator = WebsocketCommunicator(application, "/ws/nothing/", headers=[(b"origin", b"http://127.0.0.1")])
    with pytest.raises(ValueError, match="No route found"):
        async_to_sync(communicator.connect)()
