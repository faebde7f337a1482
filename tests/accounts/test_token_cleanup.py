"""Expired tokens are deleted by the hourly task; valid ones stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.idp.oidc.models import Token
from django.conf import settings
from django.utils import timezone

from accounts.services import api_client_create
from accounts.tasks import clear_expired_tokens
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _token(client, user, *, expires_in: timedelta | None) -> Token:
    token = Token(client=client, user=user, type=Token.Type.ACCESS_TOKEN)
    token.set_value(f"value-{expires_in}")
    token.expires_at = None if expires_in is None else timezone.now() + expires_in
    token.save()
    return token


def test_only_expired_tokens_are_deleted():
    client = api_client_create(name="App", grant_types=["client_credentials"], scopes=["account:read"]).client
    user = UserFactory()
    expired = _token(client, user, expires_in=timedelta(seconds=-1))
    valid = _token(client, user, expires_in=timedelta(hours=1))
    forever = _token(client, user, expires_in=None)

    assert clear_expired_tokens.delay().get() == 1

    remaining = set(Token.objects.values_list("pk", flat=True))
    assert remaining == {valid.pk, forever.pk}
    assert expired.pk not in remaining
    assert clear_expired_tokens.delay().get() == 0


def test_the_cleanup_is_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.clear_expired_tokens" in tasks
