"""Provider endpoints of the REST API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from netfix.api.filters import IntegerFilter, SlugFilter
from netfix.api.permissions import HasRequiredScopes
from netfix.api.scopes import PUBLIC_READ
from providers.availability import bookable_starts, booking_length
from providers.models import Category, ProviderProfile, Service
from providers.selectors import category_list, provider_list, service_list, services_in_category

# The longest date range one slots request may ask for, counting both ends (a calendar month at most).
MAX_SLOT_RANGE_DAYS = 31


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


# --- Providers ------------------------------------------------------------------------------------------------------


class ProviderSerializer(serializers.ModelSerializer[ProviderProfile]):
    fields_of_work: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    verified = serializers.BooleanField(source="is_verified", read_only=True)

    class Meta:
        model = ProviderProfile
        fields = ("id", "company_name", "fields_of_work", "time_zone", "verified", "created_at")


@extend_schema_view(
    list=extend_schema(summary="List the providers", tags=["providers"]),
    retrieve=extend_schema(summary="One provider", tags=["providers"]),
)
class ProviderViewSet(viewsets.ReadOnlyModelViewSet[ProviderProfile]):
    """Companies offering services, with the "Verified" flag; read-only until providers can edit through the API."""

    serializer_class = ProviderSerializer
    permission_classes = (permissions.AllowAny, HasRequiredScopes)
    required_scopes = PUBLIC_READ
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[ProviderProfile]:
        return provider_list()


# --- Services -------------------------------------------------------------------------------------------------------


class ServiceProviderSerializer(serializers.ModelSerializer[ProviderProfile]):
    class Meta:
        model = ProviderProfile
        fields = ("id", "company_name")


class ServiceSerializer(serializers.ModelSerializer[Service]):
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    provider = ServiceProviderSerializer(read_only=True)
    currency = serializers.SerializerMethodField()
    provider_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Service
        fields = (
            "id",
            "name",
            "description",
            "category",
            "provider",
            "price_per_hour",
            "currency",
            "minimum_hours",
            "provider_verified",
            "created_at",
        )

    def get_currency(self, service: Service) -> str:
        """Prices are in the site currency (ISO 4217) until services carry their own."""
        return str(settings.CURRENCY)


class ServiceFilter(django_filters.FilterSet):
    """``?category=<slug>`` (with "All in One" as on the category page) and ``?provider=<id>``.

    A slug or id that matches nothing gives an empty list, as any filter that matches nothing does; only a value of
    the wrong form (``?provider=abc``, ``?category=``) is a 400 naming the parameter (netfix/api/filters.py).
    """

    category = SlugFilter(method="filter_category", label=_("field of work (slug)"))
    provider = IntegerFilter(method="filter_provider", label=_("provider id"))

    class Meta:
        model = Service
        fields = ("category", "provider")

    def filter_provider(self, queryset: QuerySet[Service], name: str, value: int) -> QuerySet[Service]:
        # ``provider__pk`` gets Django's integer-range check (no match) that a plain foreign key lookup lacks: an id
        # beyond 64 bits would otherwise overflow the database driver.
        return queryset.filter(provider__pk=value)

    def filter_category(self, queryset: QuerySet[Service], name: str, value: str) -> QuerySet[Service]:
        category = category_list().filter(slug=value).first()
        return queryset.none() if category is None else services_in_category(queryset, category)


class SlotQuerySerializer(serializers.Serializer[Any]):
    """The query of a slots request; ``context["service"]`` is the service, for its minimum length."""

    start = serializers.DateField(input_formats=["iso-8601"], help_text=_("First local date (YYYY-MM-DD)."))
    end = serializers.DateField(
        input_formats=["iso-8601"], help_text=_("Last local date (YYYY-MM-DD), at most 31 days after the first.")
    )
    duration_hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("24"),
        required=False,
        help_text=_("Length of the job in hours; the service's minimum if left out."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end date cannot be before the start date.")]})
        if (attrs["end"] - attrs["start"]).days + 1 > MAX_SLOT_RANGE_DAYS:
            raise serializers.ValidationError(
                {"end": [_("Ask for at most %(days)s days at a time.") % {"days": MAX_SLOT_RANGE_DAYS}]}
            )
        hours = attrs.get("duration_hours")
        duration = None if hours is None else timedelta(seconds=int(hours * 3600))
        try:
            attrs["duration"] = booking_length(self.context["service"], duration)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"duration_hours": error.messages}) from error
        return attrs


@extend_schema_field({"type": "string", "format": "date-time", "example": "2027-01-04T08:00:00Z"})
class UTCDateTimeField(serializers.Field[datetime, str, str, Any]):
    """An aware datetime as ISO 8601 in UTC with a ``Z``, whatever the active time zone."""

    def to_representation(self, value: datetime) -> str:
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class SlotsSerializer(serializers.Serializer[Any]):
    service = serializers.IntegerField()
    time_zone = serializers.CharField(help_text=_("The provider's time zone, in which the dates are read."))
    duration_hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    starts = serializers.ListField(child=UTCDateTimeField())


@extend_schema_view(
    list=extend_schema(summary="List the services, newest first", tags=["services"]),
    retrieve=extend_schema(summary="One service", tags=["services"]),
)
class ServiceViewSet(viewsets.ReadOnlyModelViewSet[Service]):
    """Service listings, newest first; with ``UNVERIFIED_LISTINGS = "hide"`` unverified providers' are left out."""

    serializer_class = ServiceSerializer
    permission_classes = (permissions.AllowAny, HasRequiredScopes)
    required_scopes = PUBLIC_READ
    filterset_class = ServiceFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Service]:
        return service_list()

    @extend_schema(
        summary="Bookable start times of a service",
        tags=["services"],
        parameters=[SlotQuerySerializer],
        responses=SlotsSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def slots(self, request: Request, pk: str | None = None) -> Response:
        """Start times (UTC) on the provider's local dates ``start``–``end`` at which a job of that length fits.

        Nothing is taken yet: bookings will pass their busy time to ``bookable_starts`` (the default source is empty).
        """
        service = self.get_object()
        query = SlotQuerySerializer(data=request.query_params, context={"service": service})
        query.is_valid(raise_exception=True)
        starts = bookable_starts(
            service,
            start_date=query.validated_data["start"],
            end_date=query.validated_data["end"],
            duration=query.validated_data["duration"],
        )
        hours = Decimal(int(query.validated_data["duration"].total_seconds())) / 3600
        data = {
            "service": service.pk,
            "time_zone": service.provider.time_zone,
            "duration_hours": hours,
            "starts": starts,
        }
        return Response(SlotsSerializer(data).data)
