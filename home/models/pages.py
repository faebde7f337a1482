"""Wagtail page types of the public site.

Tree, per language: HomePage (``/<lang>/``) → StandardPage / LandingPage / CategoryIndexPage (``/<lang>/services/``)
→ CategoryPage (``/<lang>/services/<slug>/``). The most-requested list is a route of the index
(``/<lang>/services/most-requested/``). Pages hold content; the service lists are read through selectors.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import RICH_TEXT_FEATURES, HomePageBlocks, LandingPageBlocks

SERVICES_PER_PAGE = 12


def paginate(request: HttpRequest, items: Any, per_page: int = SERVICES_PER_PAGE) -> PaginatorPage:
    """The page of ``items`` asked for by ``?page=``; out-of-range or unreadable numbers give the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


class HomePage(Page):
    """The root of one language's site at ``/<lang>/``; each locale has its own translation."""

    body = StreamField(HomePageBlocks(), blank=True, verbose_name=_("body"))

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("body")]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("body")]
    api_fields: ClassVar[list] = ["body"]
    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    subpage_types: ClassVar[list[str]] = ["home.StandardPage", "home.LandingPage", "home.CategoryIndexPage"]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain editorial page: about us, trust and safety, terms."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = RichTextField(_("body"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields: ClassVar[list] = ["intro", "body"]
    parent_page_types: ClassVar[list[str]] = ["home.HomePage", "home.StandardPage"]
    subpage_types: ClassVar[list[str]] = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class LandingPage(Page):
    """A campaign page built from blocks (seasonal offers, a new city)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    body = StreamField(LandingPageBlocks(), blank=True, verbose_name=_("body"))

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields: ClassVar[list] = ["intro", "body"]
    parent_page_types: ClassVar[list[str]] = ["home.HomePage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("landing page")


class CategoryIndexPage(RoutablePageMixin, Page):
    """``/<lang>/services/``: every service, newest first; ``most-requested/`` ranks them by bookings."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    most_requested_title = models.CharField(_("most requested: title"), max_length=120, blank=True)
    most_requested_intro = models.TextField(_("most requested: introduction"), blank=True, max_length=500)

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("most_requested_title"),
        FieldPanel("most_requested_intro"),
    ]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("intro")]
    api_fields: ClassVar[list] = ["intro"]
    parent_page_types: ClassVar[list[str]] = ["home.HomePage"]
    subpage_types: ClassVar[list[str]] = ["home.CategoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("category index page")

    @path("")
    def all_services(self, request: HttpRequest) -> HttpResponse:
        from providers.selectors import service_list

        return self.render(request, context_overrides={"services": paginate(request, service_list())})

    @path("most-requested/")
    def most_requested(self, request: HttpRequest) -> HttpResponse:
        from providers.selectors import most_requested_services

        return self.render(
            request,
            template="home/most_requested_page.html",
            context_overrides={"services": paginate(request, most_requested_services())},
        )

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        urls = super().get_sitemap_urls(request)
        return [*urls, {**urls[0], "location": urls[0]["location"] + "most-requested/"}] if urls else urls


class CategoryPage(Page):
    """One field of work at ``/<lang>/services/<slug>/``: editorial intro and image, then its services."""

    category = models.ForeignKey(
        "providers.Category", on_delete=models.PROTECT, related_name="pages", verbose_name=_("category")
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("category"),
        FieldPanel("intro"),
        FieldPanel("image"),
    ]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("intro")]
    api_fields: ClassVar[list] = ["category", "intro", "image"]
    parent_page_types: ClassVar[list[str]] = ["home.CategoryIndexPage"]
    subpage_types: ClassVar[list[str]] = []
    # The category and image are the same in every language; only the words are translated.
    translatable_fields: ClassVar[list] = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("intro"),
        SynchronizedField("category"),
        SynchronizedField("image"),
    ]

    class Meta:
        verbose_name = _("category page")

    def clean(self) -> None:
        super().clean()
        others = CategoryPage.objects.filter(category_id=self.category_id, locale_id=self.locale_id)
        if self.category_id and others.exclude(pk=self.pk).exists():
            raise ValidationError({"category": _("This category already has a page in this language.")})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from home.selectors import active_promotions
        from providers.selectors import service_list

        context = super().get_context(request, *args, **kwargs)
        context["services"] = paginate(request, service_list(category=self.category))
        context["promotions"] = active_promotions(category=self.category)
        return context
