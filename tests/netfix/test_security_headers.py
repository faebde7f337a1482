"""The public site sends the full set of security headers; the admin gets its documented, looser CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    ("path", "uses_nonce"),
    [("/en/", True), ("/en/nothing-here/", True), ("/accounts/login/", True), ("/api/v1/docs/", False)],
)
def test_public_pages_send_every_security_header(client, path, uses_nonce):
    """Pages built on base.html carry the request's nonce on their scripts; the rest load scripts from 'self'."""
    response = client.get(path)
    csp = _directives(response["Content-Security-Policy"])
    script_src = csp["script-src"]
    assert "'self'" in script_src
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert any(re.fullmatch(r"'nonce-[A-Za-z0-9+/=_-]+'", source) for source in script_src) is uses_nonce
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "payment=(self)" in response["Permissions-Policy"]


def test_nonce_changes_on_every_request(client):
    first = client.get("/en/")["Content-Security-Policy"]
    second = client.get("/en/")["Content-Security-Policy"]
    assert first != second


def test_admin_gets_the_looser_policy(client):
    response = client.get("/admin/login/")
    csp = _directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]


def test_swagger_ui_runs_without_inline_scripts(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
