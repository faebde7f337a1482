"""Root URL configuration.

Machine, admin and account URLs (``/admin/``, ``/django-admin/``, ``/api/v1/``, ``/accounts/``, ``/identity/``,
``/.well-known/``, ``/healthz``, ``/readyz``) sit outside
``i18n_patterns``; everything a visitor reads is inside it, under a language prefix (``/en/``, ``/fr/``, ...), and
``/`` redirects to the visitor's language.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import oidc
from home.sitemaps import LocalizedSitemap, robots_txt
from netfix import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # One login door for the site and both admins (decision 0020): allauth's, with its rate limit and 2FA.
    path("admin/login/", RedirectView.as_view(url="/accounts/login/", query_string=True)),
    path("django-admin/login/", RedirectView.as_view(url="/accounts/login/", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("netfix.api.urls")),
    path("payments/", include("marketplace.payments.urls")),  # Stripe webhooks (decision 0043)
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # OpenID Connect provider for API clients, where allauth expects it: /.well-known/openid-configuration,
    # /.well-known/jwks.json and /identity/o/... (decision 0016). Our consent view wraps allauth's (CSP form-action).
    path("identity/o/authorize", oidc.authorization),
    path("", include("allauth.idp.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("marketplace.urls_feed")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include("providers.urls")),
    path("", include("marketplace.urls")),
    path("", include("search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "netfix.errors.bad_request"
handler403 = "netfix.errors.permission_denied"
handler404 = "netfix.errors.page_not_found"
handler500 = "netfix.errors.server_error"
# Not Django's: allauth looks it up here when one of its rate limits refuses a request (decision 0019).
handler429 = "netfix.errors.too_many_requests"
