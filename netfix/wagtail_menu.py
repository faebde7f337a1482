"""Wagtail admin menu items shown only to the staff a screen lets in, so the menu never leads to a 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from wagtail.admin.menu import MenuItem


def menu_item_for(can_view: Callable[[Any], bool]) -> type[MenuItem]:
    """A ``MenuItem`` class (a viewset's ``menu_item_class``) shown when ``can_view(request.user)`` is true."""

    class PermittedMenuItem(MenuItem):
        def is_shown(self, request: HttpRequest) -> bool:
            return can_view(request.user)

    return PermittedMenuItem
