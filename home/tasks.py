"""Background work for the editorial site."""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command

from netfix.tasks import NetFixTask


@shared_task(base=NetFixTask, name="home.publish_scheduled")
def publish_scheduled() -> None:
    """Publish pages and promotions whose go-live time has come and unpublish expired ones (every minute, beat).

    Wagtail's command is idempotent: a run that finds nothing due does nothing.
    """
    call_command("publish_scheduled")
