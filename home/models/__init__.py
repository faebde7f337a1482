"""Models of the editorial site: page types, promotions and navigation menus."""

from home.models.navigation import Menu
from home.models.pages import (
    CategoryIndexPage,
    CategoryPage,
    HomePage,
    LandingPage,
    StandardPage,
)
from home.models.promotions import Promotion

__all__ = ["CategoryIndexPage", "CategoryPage", "HomePage", "LandingPage", "Menu", "Promotion", "StandardPage"]
