"""Reads of provider data, shaped for the pages and endpoints that use them."""

from __future__ import annotations

from django.db.models import QuerySet

from providers.models import Category


def category_list() -> QuerySet[Category]:
    """All fields of work in display order (including "All in One", which providers may choose)."""
    return Category.objects.order_by("sort_order", "name")
