"""Wagtail admin: snippets for promotions, menus and categories; viewsets for the marketplace models.

Wagtail's own viewsets are used rather than wagtail-modeladmin (see docs/decisions/0008-admin-viewsets.md).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Menu, Promotion
from providers.admin_views import VerificationDocumentViewSet
from providers.admin_views import admin_urls as verification_admin_urls
from providers.models import Category, ProviderProfile, Service


class PromotionViewSet(SnippetViewSet):
    model = Promotion
    icon = "tag"
    menu_label = _("Promotions")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "target", "code", "live", "go_live_at", "expire_at", "locale"]
    list_filter = ["target", "live", "locale"]
    search_fields = ["title", "banner_text", "code"]


class MenuViewSet(SnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = _("Menus")
    add_to_settings_menu = True
    list_display = ["slot", "locale", "updated_at"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Fields of work")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]


class ServiceViewSet(ModelViewSet):
    model = Service
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "provider", "category", "price_per_hour", "created_at"]
    list_filter = ["category"]
    search_fields = ["name", "description", "provider__company_name"]
    form_fields = ["provider", "name", "description", "category", "price_per_hour"]
    add_to_admin_menu = False


class ProviderProfileViewSet(ModelViewSet):
    model = ProviderProfile
    icon = "group"
    menu_label = _("Providers")
    list_display = ["company_name", "user", "created_at"]
    search_fields = ["company_name", "user__email"]
    form_fields = ["user", "company_name", "fields_of_work"]
    add_to_admin_menu = False


class MarketplaceGroup(ViewSetGroup):
    menu_label = _("Marketplace")
    menu_icon = "site"
    menu_order = 220
    items = (ProviderProfileViewSet, ServiceViewSet, VerificationDocumentViewSet)


register_snippet(PromotionViewSet)
register_snippet(MenuViewSet)
register_snippet(CategoryViewSet)


@hooks.register("register_admin_viewset")
def register_marketplace_viewsets() -> ViewSetGroup:
    return MarketplaceGroup()


@hooks.register("register_admin_urls")
def register_verification_review_urls() -> list:
    """Approve / reject / download for the verification review queue (providers/admin_views.py)."""
    return verification_admin_urls()
