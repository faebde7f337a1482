"""Account endpoints of the REST API: who am I, and my preferences."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from accounts.models import User
from netfix.api.permissions import HasRequiredScopes, IsUser
from netfix.api.scopes import ACCOUNT_READ, ACCOUNT_WRITE


class MeSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ("id", "email", "username", "role", "language", "time_zone", "date_joined")
        read_only_fields = ("id", "email", "username", "role", "date_joined")


@extend_schema(tags=["accounts"])
class MeView(generics.RetrieveUpdateAPIView[User]):
    """The signed-in user. ``PATCH`` changes the preferred language and time zone.

    A bearer token needs ``account:read`` to read and ``account:write`` to change; a client-credentials token has
    no user, so it gets 403.
    """

    serializer_class = MeSerializer
    permission_classes = (IsUser, HasRequiredScopes)
    required_scopes = {"GET": [ACCOUNT_READ], "PATCH": [ACCOUNT_WRITE]}
    throttle_scope = "account"
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> Any:
        return self.request.user
