"""Template tags shared by every page: language alternates, menus, money."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

from home import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The current page in each language that has it: ``[{"code", "name", "url", "current"}]``.

    For a Wagtail page, its live translations (with any route suffix such as ``most-requested/`` kept); for any
    other view, the same URL under the other language prefix.
    """
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    names = dict(settings.LANGUAGES)
    page = context.get("page")
    urls: dict[str, str] = {}
    if isinstance(page, Page):
        page_url = page.get_url(request) or ""
        suffix = request.path[len(page_url) :] if page_url and request.path.startswith(page_url) else ""
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            url = translated.get_url(request)
            if url:
                urls[translated.locale.language_code] = url + suffix
    else:
        for code in names:
            urls[code] = translate_url(request.path, code)
    return [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": urls[code],
            "current": code == current,
        }
        for code in names
        if code in urls
    ]


@register.simple_tag(takes_context=True)
def site_menu(context: dict[str, Any], slot: str) -> selectors.SiteMenu | None:
    return selectors.menu(slot, request=context.get("request"))


@register.filter
def money(amount: Decimal | None, currency: str | None = None) -> str:
    """Format an amount with the site currency in the active language (``USD 21.00`` → ``$21.00`` in English)."""
    if amount is None:
        return ""
    from netfix.money import format_money

    return format_money(amount, currency or settings.CURRENCY)
