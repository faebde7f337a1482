"""Language handling for the URL layout of netfix/urls.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Paths that live outside ``i18n_patterns``: a 404 there is final and must not be redirected to ``/<lang>/...``
# (Wagtail's catch-all page route would otherwise turn every unknown API URL into a redirect).
UNPREFIXED_PATHS = (
    "/api/",
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/documents/",
    "/i18n/",
    "/healthz",
    "/readyz",
    "/sitemap.xml",
    "/robots.txt",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus the language redirect for the unprefixed machine and account URLs."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if request.path_info.startswith(UNPREFIXED_PATHS):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
