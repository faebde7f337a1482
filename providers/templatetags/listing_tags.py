"""Template helpers for listings: the words to show in the active language, and their description as HTML or text."""

from __future__ import annotations

import html
import re

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from providers.models import Service
from providers.translations import ServiceText
from providers.translations import service_text as _service_text

register = template.Library()

_BLOCK_TAG_RE = re.compile(r"<(?:p|ul|ol|h3|h4|blockquote)[\s>]", re.IGNORECASE)


@register.simple_tag
def service_text(service: Service) -> ServiceText:
    """``{% service_text service as text %}``: name and description for the active language, or the original."""
    return _service_text(service)


@register.filter
def rich_text(value: str) -> SafeString:
    """A ``SafeHTMLField`` value (already reduced to the allow-list by ``netfix.sanitize.clean_html``) as HTML.

    Only values of such fields may go through this filter. Text written without paragraphs (older listings, the
    API) gets its line breaks turned into paragraphs; nh3 has already escaped its text, so it is not escaped again.
    """
    if _BLOCK_TAG_RE.search(value):
        return mark_safe(value)  # noqa: S308 - sanitised by SafeHTMLField on every save
    return linebreaks_filter(value, autoescape=False)


@register.filter
def excerpt(value: str) -> str:
    """Rich text as plain text for cards and meta descriptions (escaped again by the template)."""
    return html.unescape(strip_tags(value))
