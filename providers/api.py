"""Provider endpoints of the REST API."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from netfix.api.permissions import HasRequiredScopes
from netfix.api.scopes import PUBLIC_READ
from providers.models import Category
from providers.selectors import category_list


class CategorySerializer(serializers.ModelSerializer[Category]):
    name = serializers.SerializerMethodField()
    is_all_in_one = serializers.BooleanField(read_only=True)

    class Meta:
        model = Category
        fields = ("slug", "name", "is_all_in_one")

    def get_name(self, category: Category) -> str:
        """The name in the request's language (the seed names are translated in ``locale/``)."""
        return category.display_name


@extend_schema_view(
    list=extend_schema(summary="List the fields of work", tags=["categories"]),
    retrieve=extend_schema(summary="One field of work", tags=["categories"]),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet[Category]):
    """The 12 NetFix fields of work. Services are listed in all of them but "All in One"."""

    serializer_class = CategorySerializer
    permission_classes = (permissions.AllowAny, HasRequiredScopes)
    required_scopes = PUBLIC_READ
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Category]:
        return category_list()
