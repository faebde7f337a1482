"""Registering an API client: the service validates everything first, the command prints the secret once."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from allauth.idp.oidc.models import Client
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.services import api_client_create

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict[str, str]:
    out = StringIO()
    call_command("create_api_client", *args, stdout=out, stderr=StringIO())
    return dict(line.split("=", 1) for line in out.getvalue().splitlines())


def test_command_registers_a_confidential_client_and_shows_its_secret_once():
    printed = _run(
        "Partner back office", "--grant", "client_credentials", "--scope", "account:read", "--redirect-uri",
        "https://partner.example/cb",
    )  # fmt: skip
    client = Client.objects.get(pk=printed["client_id"])
    assert client.name == "Partner back office"
    assert client.type == Client.Type.CONFIDENTIAL
    assert client.get_grant_types() == ["client_credentials"]
    assert client.get_scopes() == ["account:read"]
    assert client.secret != printed["client_secret"]  # only the hash is stored
    assert client.check_secret(printed["client_secret"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{64}", printed["client_secret"])  # same after form-encoding, shell-safe


def test_command_defaults_suit_an_app_acting_for_users():
    printed = _run("Acme app", "--public", "--redirect-uri", "https://app.example/callback")
    client = Client.objects.get(pk=printed["client_id"])
    assert "client_secret" not in printed
    assert client.type == Client.Type.PUBLIC
    assert client.get_grant_types() == ["authorization_code", "refresh_token"]
    assert set(client.get_scopes()) == {"openid", "profile", "email", "account:read", "account:write"}
    assert client.get_redirect_uris() == ["https://app.example/callback"]


def test_command_reports_bad_input_and_saves_nothing():
    with pytest.raises(CommandError, match="redirect_uris: The authorization code grant needs a redirect URI"):
        _run("No redirect")
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": " "}, "name"),
        ({"grant_types": ["password"]}, "grant_types"),
        ({"grant_types": ["client_credentials"], "public": True}, "grant_types"),
        ({"scopes": ["admin"]}, "scopes"),
        ({"scopes": []}, "scopes"),
        ({"redirect_uris": ["not a url"]}, "redirect_uris"),
        ({"redirect_uris": ["http://app.example/cb"]}, "redirect_uris"),
        ({"redirect_uris": ["https://app.example/cb#done"]}, "redirect_uris"),
        ({"redirect_uris": ["https://*.example/cb"]}, "redirect_uris"),
    ],
    ids=[
        "blank-name", "password-grant", "public-client-credentials", "unknown-scope", "no-scope", "relative-uri",
        "plain-http", "fragment", "wildcard",
    ],
)  # fmt: skip
def test_service_refuses_invalid_clients(kwargs, field):
    values = {
        "name": "App",
        "grant_types": ["authorization_code"],
        "scopes": ["openid"],
        "redirect_uris": ["https://app.example/cb"],
        **kwargs,
    }
    with pytest.raises(ValidationError) as error:
        api_client_create(**values)
    assert field in error.value.message_dict
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    "uri", ["https://app.example/cb", "http://127.0.0.1:8765/cb", "http://localhost/cb", "com.example.app:/callback"]
)
def test_service_accepts_web_loopback_and_native_app_redirects(uri):
    registered = api_client_create(
        name="App", grant_types=["authorization_code"], scopes=["openid"], redirect_uris=[uri]
    )
    assert registered.client.get_redirect_uris() == [uri]
