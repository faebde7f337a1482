"""Review bits for templates: stars drawn with text, the author's short name, the "Written in …" label."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from accounts.models import User
from marketplace.reviews import selectors

register = template.Library()


@register.filter
def star_glyphs(value: int | Decimal | None) -> str:
    """ "★★★★☆" for 4 (rounded to whole stars); screen readers get the words from ``star_words`` instead."""
    full = round(value or 0)
    return "★" * full + "☆" * (5 - full)


@register.filter
def star_words(value: int | Decimal | None) -> str:
    """ "4.5 out of 5 stars": what the glyphs say, for screen readers."""
    number = number_format(value, decimal_pos=1) if isinstance(value, Decimal) else str(value or 0)
    return gettext("%(rating)s out of 5 stars") % {"rating": number}


@register.filter
def review_author(user: User) -> str:
    return selectors.author_name(user)


@register.filter
def written_in(code: str) -> str:
    return selectors.language_label(code)
