"""Background work for accounts."""

from __future__ import annotations

from allauth.idp.oidc.models import Token
from celery import shared_task

from netfix.tasks import NetFixTask


@shared_task(base=NetFixTask, name="accounts.clear_expired_tokens")
def clear_expired_tokens() -> int:
    """Delete expired OAuth2 tokens and authorization codes (hourly, beat); returns how many went.

    Expired tokens are already refused, but every API sign-in leaves rows behind, so the table would only grow.
    Idempotent: a second run finds nothing to delete.
    """
    deleted, _ = Token.objects.expired().delete()
    return deleted
