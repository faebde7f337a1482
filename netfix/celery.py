"""The Celery application.

Real mode: a worker consumes the Redis broker (``REDIS_URL`` / ``CELERY_BROKER_URL``). Embedded mode: no broker is
configured and ``CELERY_TASK_ALWAYS_EAGER`` runs every task in the caller, so ``make run`` needs no worker.
Task modules are ``tasks.py`` in each app, found by ``autodiscover_tasks``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netfix.settings.dev")

app = Celery("netfix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
