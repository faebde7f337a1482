"""Every API endpoint says which scopes a bearer token needs, and the OpenAPI schema tells clients."""

from __future__ import annotations

import pytest
from allauth.idp.oidc.models import Token
from drf_spectacular.generators import EndpointEnumerator
from rest_framework.request import Request

from netfix.api.permissions import HasRequiredScopes, InsufficientScope
from netfix.api.scopes import SCOPES, required_scopes_for

pytestmark = pytest.mark.django_db


def _api_views() -> dict[str, type]:
    """Our API views; the schema, Swagger UI and ReDoc (drf-spectacular's) are public documents, not resources."""
    endpoints = EndpointEnumerator().get_api_endpoints()
    return {
        path: callback.cls
        for path, _regex, _method, callback in endpoints
        if path.startswith("/api/v1/") and not callback.cls.__module__.startswith("drf_spectacular")
    }


def test_every_api_view_checks_token_scopes():
    """A view that forgot ``HasRequiredScopes`` (or overrode it away) would let any token through."""
    views = _api_views()
    assert views, "no API endpoints found"
    missing = [path for path, view in views.items() if HasRequiredScopes not in view.permission_classes]
    assert missing == []


def test_every_declared_scope_is_in_the_catalogue():
    for path, view in _api_views().items():
        declared = getattr(view, "required_scopes", {}) or {}
        for method, names in declared.items():
            assert set(names) <= set(SCOPES), (path, method)


class _View:
    required_scopes = {"GET": ["account:read"], "PATCH": ["account:write"]}


@pytest.mark.parametrize(
    ("method", "expected"),
    [("GET", ["account:read"]), ("HEAD", ["account:read"]), ("OPTIONS", ["account:read"]),
     ("PATCH", ["account:write"]), ("DELETE", None), ("POST", None)],
)  # fmt: skip
def test_methods_without_declared_scopes_refuse_tokens(method, expected):
    assert required_scopes_for(_View(), method) == expected
    assert required_scopes_for(object(), "GET") is None  # no declaration at all: tokens refused


def test_schema_documents_the_oauth2_scheme_and_scopes_per_operation(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    oauth2 = schema["components"]["securitySchemes"]["oauth2"]
    assert oauth2["type"] == "oauth2"
    assert oauth2["flows"]["authorizationCode"]["authorizationUrl"] == "/identity/o/authorize"
    assert oauth2["flows"]["clientCredentials"]["tokenUrl"] == "/identity/o/api/token"
    assert set(oauth2["flows"]["authorizationCode"]["scopes"]) == set(SCOPES)
    assert {"oauth2": ["account:read"]} in schema["paths"]["/api/v1/me/"]["get"]["security"]
    assert {"oauth2": ["account:write"]} in schema["paths"]["/api/v1/me/"]["patch"]["security"]
    assert {"oauth2": []} in schema["paths"]["/api/v1/categories/"]["get"]["security"]


def test_a_token_on_a_method_without_declared_scopes_is_refused(rf):
    """Fail closed: the view declares GET only, so a token with every scope still cannot DELETE."""
    token = Token(type=Token.Type.ACCESS_TOKEN)
    token.set_scopes(list(SCOPES))
    request = Request(rf.delete("/api/v1/anything/"))
    request.auth = token
    with pytest.raises(InsufficientScope) as refused:
        HasRequiredScopes().has_permission(request, _View())
    assert str(refused.value.detail) == "This request cannot be made with an access token."
    assert refused.value.auth_header == 'Bearer realm="api", error="insufficient_scope"'
    request = Request(rf.get("/api/v1/anything/"))
    request.auth = token
    assert HasRequiredScopes().has_permission(request, _View())
