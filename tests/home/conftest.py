"""The demo page tree for page tests: English only (fast) or translated into every language (slower)."""

from __future__ import annotations

import logging

import pytest

from home.demo import seed_pages
from providers.demo import seed_categories


@pytest.fixture
def site_tree(db):
    """English pages with two category pages (plumbing and All in One), promotions and menus."""
    seed_categories()
    return seed_pages(translations=False, only_categories=["plumbing", "all-in-one"])


@pytest.fixture
def translated_site_tree(db):
    """The same tree translated into French, Spanish and Arabic through wagtail-localize."""
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    seed_categories()
    return seed_pages(translations=True, only_categories=["plumbing", "all-in-one"])
