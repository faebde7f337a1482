"""``/sitemap.xml`` covering every language, and ``/robots.txt``."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap


class LocalizedSitemap(Sitemap):
    """Wagtail's sitemap lists the pages under the site's root page, which is one language's home page; NetFix
    has one home page per language, so every translation of the root and everything under them is listed."""

    def items(self) -> Any:
        from wagtail.models import Page

        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        return (
            Page.objects.filter(reduce(or_, (Q(path__startswith=root.path) for root in roots)))
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    return HttpResponse(render_to_string("robots.txt", {"sitemap_url": sitemap_url}), content_type="text/plain")
