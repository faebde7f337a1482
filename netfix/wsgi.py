"""WSGI entry point (Gunicorn or any WSGI server); WebSockets need the ASGI one in asgi.py."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netfix.settings.dev")

application = get_wsgi_application()
