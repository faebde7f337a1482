"""API clients get bearer tokens from NetFix's OpenID Connect provider and call /api/v1/ with them.

Everything goes through the real endpoints with Django's test client: discovery, the consent page (posted with a
CSRF token), the token and revocation endpoints, and the API. Nothing is mocked; expiry is reached by moving the
clock with time-machine.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import time_machine
from allauth.idp.oidc.models import Token
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone

from accounts.services import RegisteredClient, api_client_create
from netfix.api.scopes import SCOPES
from providers.models import Category
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REDIRECT_URI = "https://app.example/callback"
AUTHORIZE = "/identity/o/authorize"
TOKEN = "/identity/o/api/token"
REVOKE = "/identity/o/api/revoke"
ME = "/api/v1/me/"
ALL_SCOPES = ["openid", "profile", "email", "account:read", "account:write"]


# --- helpers ------------------------------------------------------------------------------------------------------


def _public_app(**kwargs) -> RegisteredClient:
    """A single-page or mobile app: no secret, so PKCE is mandatory."""
    return api_client_create(
        name="Acme bookings",
        grant_types=["authorization_code", "refresh_token"],
        scopes=ALL_SCOPES,
        redirect_uris=[REDIRECT_URI],
        public=True,
        **kwargs,
    )


def _pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def _authorize_query(client_id: str, scope: list[str], challenge: str | None, state: str = "st-123") -> str:
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": " ".join(scope),
        "state": state,
        "nonce": "n-456",
    }
    if challenge is not None:
        params.update(code_challenge=challenge, code_challenge_method="S256")
    return f"{AUTHORIZE}?{urlencode(params)}"


def _consent(browser: Client, client_id: str, scope: list[str], challenge: str, granted: list[str] | None = None):
    """Open the consent page as the signed-in user and press "Authorize" (with the form's CSRF token)."""
    url = _authorize_query(client_id, scope, challenge)
    page = browser.get(url)
    assert page.status_code == 200, page.content
    form = page.context["form"]
    return browser.post(
        url,
        {
            "request": form.initial["request"],
            "scopes": granted if granted is not None else scope,
            "action": "grant",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        },
    )


def _code_from(response) -> str:
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    query = parse_qs(location.query)
    assert query["state"] == ["st-123"]
    return query["code"][0]


def _exchange(api: Client, client_id: str, code: str, verifier: str):
    body = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "client_id": client_id,
        "code_verifier": verifier,
    }
    return api.post(TOKEN, urlencode(body), content_type="application/x-www-form-urlencoded")


def _user_token(user, scope: list[str] = ALL_SCOPES, granted: list[str] | None = None) -> dict:
    """The whole authorization code + PKCE flow for ``user``; returns the token endpoint's JSON."""
    app = _public_app()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    verifier, challenge = _pkce_pair()
    code = _code_from(_consent(browser, app.client.pk, scope, challenge, granted))
    response = _exchange(Client(), app.client.pk, code, verifier)
    assert response.status_code == 200, response.content
    return {**response.json(), "client_id": app.client.pk}


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].endswith(f"/{code}")
    return body


# --- discovery ----------------------------------------------------------------------------------------------------


def test_discovery_document_names_the_endpoints_and_the_api_scopes(client):
    response = client.get("/.well-known/openid-configuration")
    assert response.status_code == 200
    config = response.json()
    assert config["issuer"] == "http://testserver"
    assert config["authorization_endpoint"] == f"http://testserver{AUTHORIZE}"
    assert config["token_endpoint"] == f"http://testserver{TOKEN}"
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert set(config["scopes_supported"]) == set(SCOPES)  # the whole catalogue (netfix/api/scopes.py)
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    assert [key["kty"] for key in keys] == ["RSA"]


# --- authorization code with PKCE ---------------------------------------------------------------------------------


def test_authorization_code_with_pkce_gives_a_token_for_the_api(client):
    user = UserFactory(language="fr", time_zone="Europe/Paris")
    tokens = _user_token(user)

    assert tokens["token_type"].lower() == "bearer"
    assert set(tokens["scope"].split()) == set(ALL_SCOPES)
    response = client.get(ME, **_bearer(tokens["access_token"]))
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["id"] == user.pk

    # The ID token is signed with the key published in the JWKS and names the user and the client.
    jwk = jwt.PyJWK(client.get("/.well-known/jwks.json").json()["keys"][0])
    claims = jwt.decode(
        tokens["id_token"], jwk.key, algorithms=["RS256"], audience=tokens["client_id"], issuer="http://testserver"
    )
    assert claims["sub"] == str(user.pk)
    assert claims["nonce"] == "n-456"
    assert (claims["email"], claims["locale"], claims["zoneinfo"]) == (user.email, "fr", "Europe/Paris")


def test_the_token_acts_for_its_own_user_only(client):
    alice, bob = UserFactory(), UserFactory()
    client.force_login(bob)  # a session for someone else does not change whom the token acts for
    response = client.get(ME, **_bearer(_user_token(alice)["access_token"]))
    assert response.json()["email"] == alice.email


def test_signed_out_visitor_is_sent_to_log_in_first(client):
    app = _public_app()
    _verifier, challenge = _pkce_pair()
    response = client.get(_authorize_query(app.client.pk, ALL_SCOPES, challenge))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_consent_page_lets_the_browser_submit_to_the_client(client):
    """The consent POST is answered with a redirect to the client, which CSP ``form-action`` also governs."""
    app = _public_app()
    client.force_login(UserFactory())
    _verifier, challenge = _pkce_pair()
    response = client.get(_authorize_query(app.client.pk, ALL_SCOPES, challenge))
    assert response.status_code == 200
    form_action = next(
        part for part in response["Content-Security-Policy"].split(";") if part.strip().startswith("form-action")
    )
    assert {"'self'", "https://app.example"} <= set(form_action.split()[1:])
    # Only on the consent page: the rest of the site keeps its policy.
    assert "https://app.example" not in client.get(ME)["Content-Security-Policy"]


def test_refusing_consent_gives_the_client_no_code():
    app = _public_app()
    browser = Client()
    browser.force_login(UserFactory())
    _verifier, challenge = _pkce_pair()
    url = _authorize_query(app.client.pk, ALL_SCOPES, challenge)
    page = browser.get(url)
    response = browser.post(url, {"request": page.context["form"].initial["request"], "action": "cancel"})
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["error"] == ["access_denied"]
    assert "code" not in query
    assert not Token.objects.exists()


def test_wrong_pkce_verifier_gets_no_token(client):
    app = _public_app()
    browser = Client()
    browser.force_login(UserFactory())
    _verifier, challenge = _pkce_pair()
    code = _code_from(_consent(browser, app.client.pk, ALL_SCOPES, challenge))

    response = _exchange(client, app.client.pk, code, secrets.token_urlsafe(48))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert not Token.objects.filter(type=Token.Type.ACCESS_TOKEN).exists()


def test_public_client_must_use_pkce(client):
    app = _public_app()
    client.force_login(UserFactory())
    response = client.get(_authorize_query(app.client.pk, ALL_SCOPES, challenge=None))
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["error"] == ["invalid_request"]
    assert "code" not in query


def test_an_authorization_code_works_once(client):
    app = _public_app()
    browser = Client()
    browser.force_login(UserFactory())
    verifier, challenge = _pkce_pair()
    code = _code_from(_consent(browser, app.client.pk, ALL_SCOPES, challenge))
    assert _exchange(client, app.client.pk, code, verifier).status_code == 200
    second = _exchange(client, app.client.pk, code, verifier)
    assert second.status_code == 400
    assert second.json()["error"] == "invalid_grant"


# --- scopes -------------------------------------------------------------------------------------------------------


def test_changing_the_account_needs_the_write_scope(client):
    """The user grants reading but not writing on the consent page: PATCH is refused and changes nothing."""
    user = UserFactory(language="en")
    token = _user_token(user, granted=["openid", "account:read"])["access_token"]

    assert client.get(ME, **_bearer(token)).status_code == 200
    response = client.patch(ME, {"language": "es"}, content_type="application/json", **_bearer(token))

    _assert_problem(response, 403, "insufficient-scope")
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="insufficient_scope", scope="account:write"'
    user.refresh_from_db()
    assert user.language == "en"


def test_write_scope_lets_the_client_change_the_account(client):
    user = UserFactory(language="en")
    token = _user_token(user)["access_token"]
    response = client.patch(ME, {"language": "es"}, content_type="application/json", **_bearer(token))
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.language == "es"


def test_reading_the_account_needs_the_read_scope(client):
    token = _user_token(UserFactory(), scope=["openid", "profile"])["access_token"]
    response = client.get(ME, **_bearer(token))
    _assert_problem(response, 403, "insufficient-scope")
    assert 'scope="account:read"' in response["WWW-Authenticate"]


def test_a_client_cannot_ask_for_scopes_it_was_not_registered_for(client):
    app = api_client_create(
        name="Reader", grant_types=["authorization_code"], scopes=["openid", "account:read"],
        redirect_uris=[REDIRECT_URI], public=True,
    )  # fmt: skip
    client.force_login(UserFactory())
    _verifier, challenge = _pkce_pair()
    response = client.get(_authorize_query(app.client.pk, ["openid", "account:write"], challenge))
    assert parse_qs(urlsplit(response["Location"]).query)["error"] == ["invalid_scope"]


# --- tokens that must not work ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ME, "/api/v1/categories/"])
def test_a_wrong_token_is_401_even_on_public_endpoints(client, path):
    response = client.get(path, **_bearer("not-a-real-token"))
    _assert_problem(response, 401, "invalid-token")
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="invalid_token"'


def test_an_expired_token_is_401(client):
    token = _user_token(UserFactory())["access_token"]
    assert client.get(ME, **_bearer(token)).status_code == 200
    later = timezone.now() + timedelta(seconds=settings.IDP_OIDC_ACCESS_TOKEN_EXPIRES_IN + 1)
    with time_machine.travel(later, tick=False):
        response = client.get(ME, **_bearer(token))
    _assert_problem(response, 401, "invalid-token")


def test_a_revoked_token_is_401(client):
    tokens = _user_token(UserFactory())
    body = urlencode({"token": tokens["access_token"], "client_id": tokens["client_id"]})
    assert client.post(REVOKE, body, content_type="application/x-www-form-urlencoded").status_code == 200
    _assert_problem(client.get(ME, **_bearer(tokens["access_token"])), 401, "invalid-token")


def test_a_deactivated_users_token_is_401(client):
    user = UserFactory()
    token = _user_token(user)["access_token"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    _assert_problem(client.get(ME, **_bearer(token)), 401, "invalid-token")


def test_an_id_token_is_not_an_access_token(client):
    tokens = _user_token(UserFactory())
    _assert_problem(client.get(ME, **_bearer(tokens["id_token"])), 401, "invalid-token")


def test_a_token_in_the_query_string_is_ignored(client):
    token = _user_token(UserFactory())["access_token"]
    response = client.get(f"{ME}?{urlencode({'access_token': token})}")
    _assert_problem(response, 401, "not-authenticated")


def test_a_malformed_authorization_header_is_401(client):
    response = client.get(ME, HTTP_AUTHORIZATION="Bearer two tokens")
    _assert_problem(response, 401, "invalid-token")


def test_anonymous_request_is_told_to_bring_a_bearer_token(client):
    response = client.get(ME)
    _assert_problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


# --- client credentials -------------------------------------------------------------------------------------------


def _client_credentials_token(api: Client, scope: list[str]) -> str:
    server = api_client_create(name="Partner back office", grant_types=["client_credentials"], scopes=scope)
    credentials = base64.b64encode(f"{server.client.pk}:{server.secret}".encode()).decode()
    response = api.post(
        TOKEN,
        urlencode({"grant_type": "client_credentials", "scope": " ".join(scope)}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )
    assert response.status_code == 200, response.content
    assert "refresh_token" not in response.json()
    return response.json()["access_token"]


def test_client_credentials_token_reads_public_endpoints(client):
    Category.objects.get_or_create(slug="plumbing", defaults={"name": "Plumbing"})
    token = _client_credentials_token(client, ["account:read"])
    response = client.get("/api/v1/categories/", **_bearer(token))
    assert response.status_code == 200
    assert "plumbing" in {category["slug"] for category in response.json()["results"]}


def test_client_credentials_token_has_no_user_so_me_is_refused(client):
    token = _client_credentials_token(client, ["account:read", "account:write"])
    _assert_problem(client.get(ME, **_bearer(token)), 403, "user-required")
    response = client.patch(ME, {"language": "es"}, content_type="application/json", **_bearer(token))
    _assert_problem(response, 403, "user-required")


def test_client_credentials_need_the_right_secret(client):
    server = api_client_create(name="Partner", grant_types=["client_credentials"], scopes=["account:read"])
    credentials = base64.b64encode(f"{server.client.pk}:wrong-secret".encode()).decode()
    response = client.post(
        TOKEN,
        urlencode({"grant_type": "client_credentials"}),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert not Token.objects.exists()


# --- the browser: session and CSRF --------------------------------------------------------------------------------


def test_session_write_without_csrf_token_is_refused():
    user = UserFactory(language="en")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.patch(ME, {"language": "es"}, content_type="application/json")
    body = _assert_problem(response, 403, "permission-denied")
    assert "CSRF" in body["detail"]
    user.refresh_from_db()
    assert user.language == "en"


def test_session_write_with_csrf_token_is_accepted():
    user = UserFactory(language="en")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    csrf = _get_new_csrf_string()
    browser.cookies["csrftoken"] = csrf  # what the browser got with the page that makes the request
    response = browser.patch(ME, {"language": "es"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.language == "es"


def test_bearer_requests_need_no_csrf_token():
    """A token is sent deliberately by the client, never attached by the browser, so CSRF does not apply."""
    user = UserFactory(language="en")
    token = _user_token(user)["access_token"]
    response = Client(enforce_csrf_checks=True).patch(
        ME, {"language": "es"}, content_type="application/json", **_bearer(token)
    )
    assert response.status_code == 200


def test_a_refresh_token_gives_a_new_access_token_once(client):
    tokens = _user_token(UserFactory())
    body = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": tokens["client_id"]}
    refreshed = client.post(TOKEN, urlencode(body), content_type="application/x-www-form-urlencoded")
    assert refreshed.status_code == 200, refreshed.content
    assert client.get(ME, **_bearer(refreshed.json()["access_token"])).status_code == 200
    # Refresh tokens rotate: the old one is spent.
    again = client.post(TOKEN, urlencode(body), content_type="application/x-www-form-urlencoded")
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_a_bearer_request_costs_three_queries(client, django_assert_num_queries):
    """Token, its user, its client: opaque tokens are looked up on every request, so keep that lookup flat."""
    token = _user_token(UserFactory())["access_token"]
    with django_assert_num_queries(3):
        assert client.get(ME, **_bearer(token)).status_code == 200
