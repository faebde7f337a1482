"""The "Verified" badge and the "Not yet verified" flag shown next to providers on public pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def verification_badge(verified: Any) -> SafeString:
    """A badge for ``True``; for ``False`` a flag when ``UNVERIFIED_LISTINGS`` is "flag", else nothing.

    Anything that is not a bool (a list that was not annotated by ``service_list``) shows nothing rather than
    a wrong flag. The tick is decorative; the word carries the meaning, and the title explains it.
    """
    if verified is True:
        return format_html(
            '<span class="badge text-bg-success" title="{}"><span aria-hidden="true">✓ </span>{}</span>',
            gettext("NetFix staff checked this provider's identity and licences or insurance."),
            gettext("Verified"),
        )
    if verified is False and settings.UNVERIFIED_LISTINGS == "flag":
        return format_html(
            '<span class="badge bg-body-secondary text-body-secondary border" title="{}">{}</span>',  # both themes
            gettext("NetFix staff have not yet checked this provider's documents."),
            gettext("Not yet verified"),
        )
    return SafeString("")
