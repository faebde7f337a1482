"""Stand-ins for Google's and GitHub's OAuth2 servers, for tests of the real allauth login views.

Those servers cannot be reached from the test machines. Like allauth's own provider tests (``mocked_response`` in
allauth's source tree, which the installed wheel does not ship), this answers the HTTP requests allauth makes
through ``requests.Session.request`` — and, unlike it, checks that each one goes to the expected URL and fails on
any request it was not told about, so no test can silently reach the network.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import requests

GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
GOOGLE_USERINFO_URL = "https://www.googleapis.com/oauth2/v2/userinfo"
GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token"
GITHUB_USER_URL = "https://api.github.com/user"
GITHUB_EMAILS_URL = "https://api.github.com/user/emails"


@dataclass
class Exchange:
    """One request the provider expects, and its JSON answer."""

    method: str
    url: str
    body: Any
    sent: dict[str, Any] = field(default_factory=dict)  # what allauth actually sent, filled in when it is answered


def _json_response(url: str, body: Any) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response.url = url
    response.encoding = "utf-8"
    response.headers["Content-Type"] = "application/json"
    response._content = json.dumps(body).encode()
    return response


@contextmanager
def provider_server(*exchanges: Exchange) -> Iterator[list[Exchange]]:
    """Answer exactly ``exchanges``, in order; anything else is a test failure."""
    pending = list(exchanges)

    def answer(method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        assert pending, f"unexpected request to the provider: {method} {url}"
        exchange = pending.pop(0)
        assert (method.upper(), url) == (exchange.method, exchange.url)
        exchange.sent = kwargs
        return _json_response(url, exchange.body)

    with mock.patch.object(requests.Session, "request", side_effect=answer):
        yield list(exchanges)
    assert not pending, f"allauth never asked for: {[(e.method, e.url) for e in pending]}"


def google_id_token(*, client_id: str, sub: str, email: str, email_verified: bool, **claims: Any) -> str:
    """An ID token as Google's token endpoint returns it.

    allauth does not check its signature when it came straight from Google's token endpoint over TLS (OpenID
    Connect Core §3.1.3.7), but it does check issuer, audience and expiry — so those are real here.
    """
    now = int(time.time())
    payload = {
        "iss": "https://accounts.google.com",
        "aud": client_id,
        "sub": sub,
        "email": email,
        "email_verified": email_verified,
        "iat": now,
        "exp": now + 3600,
        **claims,
    }
    return jwt.encode(payload, "signature-not-checked-on-the-code-flow", algorithm="HS256")


def start_login(client: Any, provider_id: str) -> tuple[str, dict[str, str]]:
    """POST our login button, as the page does, and return where the browser is sent and with what query."""
    response = client.post(f"/accounts/{provider_id}/login/")
    assert response.status_code == 302, response.content
    location = urlparse(response["Location"])
    query = {name: values[0] for name, values in parse_qs(location.query).items()}
    return f"{location.scheme}://{location.netloc}{location.path}", query


def finish_login(client: Any, provider_id: str, state: str, *exchanges: Exchange) -> Any:
    """The provider sends the browser back to our callback; allauth then talks to the provider's server."""
    with provider_server(*exchanges):
        return client.get(f"/accounts/{provider_id}/login/callback/", {"code": "the-code", "state": state})
