"""Root URL configuration.

Machine, admin and account URLs (``/admin/``, ``/django-admin/``, ``/api/v1/``, ``/accounts/``, ``/healthz``,
``/readyz``) sit outside
``i18n_patterns``; everything a visitor reads is inside it, under a language prefix (``/en/``, ``/fr/``, ...), and
``/`` redirects to the visitor's language.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import LocalizedSitemap, robots_txt
from netfix import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("netfix.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalizedSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "netfix.errors.bad_request"
handler403 = "netfix.errors.permission_denied"
handler404 = "netfix.errors.page_not_found"
handler500 = "netfix.errors.server_error"
