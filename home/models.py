"""Wagtail page types of the public site."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The root of each language's site at ``/<lang>/``; there is one per locale."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro")]
    search_fields: ClassVar[list] = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
