"""Reads for the editorial site, in the active language and shaped for their templates."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from home.models import CategoryPage, Menu, Promotion
from providers.models import Category

# The renditions the templates ask for, so a list prefetches them instead of querying once per image.
CATEGORY_CARD_RENDITIONS = ("format-webp|fill-600x375", "format-jpeg|fill-600x375")
PROMOTION_RENDITIONS = ("format-webp|fill-1200x400", "format-jpeg|fill-1200x400")


def _images_with(*filters: str) -> QuerySet:
    return get_image_model().objects.prefetch_renditions(*filters)


def category_pages() -> QuerySet[CategoryPage]:
    """Live category pages of the active language in category order, with their images' renditions prefetched."""
    return (
        CategoryPage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .select_related("category")
        .prefetch_related(Prefetch("image", queryset=_images_with(*CATEGORY_CARD_RENDITIONS)))
        .order_by("category__sort_order")
    )


def active_promotions(*, category: Category | None = None) -> QuerySet[Promotion]:
    """Promotions live now in the active language: for everyone, plus those of ``category`` when given.

    ``expire_at`` is checked here as well as by the publishing schedule, so a promotion disappears exactly when it
    expires even if the scheduler runs late.
    """
    now = timezone.now()
    targets = Q(target=Promotion.Target.ALL)
    if category is not None:
        targets |= Q(target=Promotion.Target.CATEGORY, target_category=category)
    return (
        Promotion.objects.filter(live=True, locale=Locale.get_active())
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .filter(targets)
        .select_related("link_page")
        .prefetch_related(Prefetch("image", queryset=_images_with(*PROMOTION_RENDITIONS)))
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str


@dataclass(frozen=True)
class SiteMenu:
    links: list[MenuLink]
    footer_text: str


def menu(slot: str, *, request: HttpRequest | None = None) -> SiteMenu | None:
    """The menu for ``slot`` in the active language (else the default language's), its page links resolved to
    the active language's translations in one query."""
    active, default = Locale.get_active(), Locale.get_default()
    menus = {m.locale_id: m for m in Menu.objects.filter(slot=slot, locale__in=[active, default])}
    chosen = menus.get(active.pk) or menus.get(default.pk)
    if chosen is None:
        return None
    items = [item.value for item in chosen.items]
    keys = [item["page"].translation_key for item in items if item.get("page")]
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(translation_key__in=keys, locale=active)
        .only("id", "url_path", "translation_key")
    }
    links = []
    for item in items:
        page = item.get("page")
        if page is not None:
            url = (translated.get(page.translation_key) or page).get_url(request)
        else:
            url = item.get("url") or ""
        if url:
            links.append(MenuLink(label=item["label"], url=url))
    return SiteMenu(links=links, footer_text=chosen.footer_text)
