"""WebSocket URL table; each app that speaks WebSocket (chat, notifications) adds its routes here."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
