"""Security headers: a strict Content-Security-Policy for the public site, a looser one where it cannot be strict,
and the headers Django does not set itself (Permissions-Policy).

The public templates load every script from a file (no inline ``<script>``, no ``on…=`` attributes), so
``script-src`` needs neither ``'unsafe-inline'`` nor ``'unsafe-eval'``; a per-request nonce is there for the rare
inline script (``{% load csp %}{% script %}``). The Wagtail admin and ReDoc ship inline scripts and styles, so they
get ``CSP_LOOSE_DIRECTIVES`` instead (docs/decisions/0014-content-security-policy.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the looser policy for the admin and ReDoc paths."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.CSP_LOOSE_PATH_PREFIXES):
            parts = replace(parts, config=settings.CSP_LOOSE_DIRECTIVES)
        return parts


class PermissionsPolicyMiddleware:
    """Deny browser features NetFix does not use; allow geolocation (search near me) and payment (card form)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
