"""Provider endpoints of the REST API: public reads, and the provider's own writes (decision 0038).

Reads of categories, providers, services, slots and weekly hours are public. A provider changes its own profile,
listings, weekly hours and time off through the services in ``providers/profile.py``, ``providers/listings.py`` and
``providers/services.py``; another provider's public object answers 403, private time off 404. A bearer token needs
``listings:write`` to change anything and ``listings:read`` to read time off.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.bookings.busy import LIVE_BOOKINGS
from netfix.api.filters import IntegerFilter, SlugFilter
from netfix.api.permissions import HasRequiredScopes, IsUser
from netfix.api.scopes import LISTINGS_READ, LISTINGS_WRITE, PUBLIC_READ
from providers import listings
from providers.api_writes import (
    ProviderOwnSerializer,
    ProviderUpdateSerializer,
    ServiceOwnSerializer,
    ServiceWriteSerializer,
    TimeOffSerializer,
    WeeklyHoursSerializer,
    raise_as_api_error,
)
from providers.availability import bookable_starts, booking_length
from providers.models import Category, ProviderProfile, Service, TimeOff
from providers.profile import provider_profile_update
from providers.selectors import (
    category_list,
    own_provider_profile,
    own_upcoming_time_off,
    own_weekly_hours,
    provider_list,
    service_list,
    services_in_category,
)
from providers.services import (
    WeeklyInterval,
    booking_settings_update,
    time_off_create,
    time_off_delete,
    weekly_availability_set,
)

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


def _categories(slugs: list[str], field: str) -> list[Category]:
    """The categories named by ``slugs``; an unknown slug is a 400 on ``field``."""
    found = {category.slug: category for category in Category.objects.filter(slug__in=slugs)}
    if unknown := [slug for slug in slugs if slug not in found]:
        raise serializers.ValidationError(
            {field: [_("Unknown field of work: %(slugs)s.") % {"slugs": ", ".join(sorted(set(unknown)))}]}
        )
    return [found[slug] for slug in slugs]


# Editing is allowed to the provider's own account only (the views below check it on the object).
OWNER_WRITES = {**PUBLIC_READ, "PATCH": [LISTINGS_WRITE], "PUT": [LISTINGS_WRITE]}

# --- Providers ------------------------------------------------------------------------------------------------------


class ProviderSerializer(serializers.ModelSerializer[ProviderProfile]):
    fields_of_work: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    verified = serializers.BooleanField(source="is_verified", read_only=True)

    class Meta:
        model = ProviderProfile
        fields = ("id", "company_name", "fields_of_work", "time_zone", "verified", "created_at")


BOOKING_ONLY_SETTINGS = ("buffer_minutes", "minimum_notice_hours", "booking_horizon_days", "slot_step_minutes")


@extend_schema_view(
    list=extend_schema(summary="List the providers", tags=["providers"]),
    retrieve=extend_schema(summary="One provider", tags=["providers"]),
    partial_update=extend_schema(
        summary="Change my company profile and booking settings",
        tags=["providers"],
        request=ProviderUpdateSerializer,
        responses=ProviderOwnSerializer,
    ),
)
class ProviderViewSet(viewsets.ReadOnlyModelViewSet[ProviderProfile]):
    """Companies offering services, with the "Verified" flag. Providers are public: another provider's is a 403.

    ``PATCH`` saves the whole profile through ``provider_profile_update`` (a new ``address`` is geocoded; one that
    cannot be is a 400 on ``address``); the first ``PATCH`` of a provider without a service area must give one.
    """

    serializer_class = ProviderSerializer
    permission_classes = (permissions.IsAuthenticatedOrReadOnly, HasRequiredScopes)  # writes: a user, not a client
    required_scopes = OWNER_WRITES
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[ProviderProfile]:
        return provider_list()

    def _owned(self) -> ProviderProfile:
        provider = self.get_object()
        if provider.user_id != self.request.user.pk:
            raise PermissionDenied(_("Only the provider's own account can change it."))
        return provider

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        provider = self._owned()
        incoming = ProviderUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if "fields_of_work" in data:
            fields_of_work = _categories(data["fields_of_work"], "fields_of_work")
        else:
            fields_of_work = list(provider.fields_of_work.all())
        languages = data.get("languages", list(provider.languages.values_list("code", flat=True)))
        try:
            with transaction.atomic():
                provider_profile_update(
                    provider=provider,
                    company_name=data.get("company_name", provider.company_name),
                    bio=data.get("bio", provider.bio),
                    fields_of_work=fields_of_work,
                    languages=languages,
                    time_zone=data.get("time_zone", provider.time_zone),
                    address=data.get("address", provider.address),
                    service_radius_km=data.get("service_radius_km", provider.service_radius_km),
                )
                booking_settings_update(
                    provider=provider, **{name: data[name] for name in BOOKING_ONLY_SETTINGS if name in data}
                )
        except DjangoValidationError as error:
            raise_as_api_error(error)
        fresh = ProviderProfile.objects.prefetch_related("fields_of_work", "languages").get(pk=provider.pk)
        return Response(ProviderOwnSerializer(fresh).data)

    @extend_schema(
        methods=["GET"],
        summary="A provider's weekly hours",
        tags=["availability"],
        responses=WeeklyHoursSerializer,
        filters=False,
    )
    @extend_schema(
        methods=["PUT"],
        summary="Replace my weekly hours",
        tags=["availability"],
        request=WeeklyHoursSerializer,
        responses=WeeklyHoursSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get", "put"], url_path="weekly-hours", pagination_class=None)
    def weekly_hours(self, request: Request, pk: str | None = None) -> Response:
        """The provider's weekly hours in its time zone (public: slots show them anyway); ``PUT`` replaces all.

        Overlapping intervals, or an end before its start, are a 400 listing each problem, and the old hours stay.
        """
        if request.method == "PUT":
            provider = self._owned()
            incoming = WeeklyHoursSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            intervals = [WeeklyInterval(**item) for item in incoming.validated_data["intervals"]]
            try:
                weekly_availability_set(provider=provider, intervals=intervals)
            except DjangoValidationError as error:
                raise_as_api_error(error, "intervals")
        else:
            provider = self.get_object()
        week = {"time_zone": provider.time_zone, "intervals": own_weekly_hours(provider)}
        return Response(WeeklyHoursSerializer(week).data)


PROVIDER_PATH = OpenApiParameter("provider_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("provider id"))


@extend_schema_view(
    list=extend_schema(summary="My upcoming time off", tags=["availability"], parameters=[PROVIDER_PATH]),
    create=extend_schema(summary="Add time off", tags=["availability"], parameters=[PROVIDER_PATH]),
    destroy=extend_schema(summary="Delete time off", tags=["availability"], parameters=[PROVIDER_PATH]),
)
class ProviderTimeOffViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet[TimeOff]
):
    """A provider's own time off, soonest first. Time off is private: anyone else's provider id is a 404.

    Times without a UTC offset are the provider's local wall-clock times (decision 0031).
    """

    serializer_class = TimeOffSerializer
    permission_classes = (IsUser, HasRequiredScopes)
    required_scopes = {"GET": [LISTINGS_READ], "POST": [LISTINGS_WRITE], "DELETE": [LISTINGS_WRITE]}
    lookup_value_regex = r"[0-9]+"

    def _provider(self) -> ProviderProfile:
        provider = own_provider_profile(self.request.user)
        if provider is None or provider.pk != int(self.kwargs["provider_pk"]):
            raise NotFound
        return provider

    def get_queryset(self) -> QuerySet[TimeOff]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular building the schema
            return TimeOff.objects.none()
        return own_upcoming_time_off(self._provider())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        provider = self._provider()
        incoming = TimeOffSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            time_off = time_off_create(provider=provider, **incoming.validated_data)
        except DjangoValidationError as error:
            raise_as_api_error(error)
        return Response(TimeOffSerializer(time_off).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        provider = self._provider()
        try:
            time_off_delete(provider=provider, time_off_id=int(kwargs["pk"]))
        except TimeOff.DoesNotExist:
            raise NotFound from None
        return Response(status=status.HTTP_204_NO_CONTENT)


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


OWNER_ACTIONS = {"partial_update", "destroy", "pause", "resume"}


def _own_schema(summary: str) -> Any:
    return extend_schema(
        summary=summary, tags=["services"], request=None, responses=ServiceOwnSerializer, filters=False
    )


@extend_schema_view(
    list=extend_schema(summary="List the services, newest first", tags=["services"]),
    retrieve=extend_schema(summary="One service", tags=["services"]),
    create=extend_schema(
        summary="List a new service (providers only)",
        tags=["services"],
        request=ServiceWriteSerializer,
        responses={201: ServiceOwnSerializer},
        filters=False,
    ),
    partial_update=extend_schema(
        summary="Change my service", tags=["services"], request=ServiceWriteSerializer, responses=ServiceOwnSerializer
    ),
    destroy=extend_schema(summary="Delete my service for good", tags=["services"], responses={204: None}),
)
class ServiceViewSet(viewsets.ReadOnlyModelViewSet[Service]):
    """Service listings, newest first; with ``UNVERIFIED_LISTINGS = "hide"`` unverified providers' are left out.

    A provider lists, changes, pauses, resumes and deletes its own services; another provider's listed service is
    a 403 and an unlisted one a 404. ``languages``, ``packages`` and ``translations`` replace the whole set when
    given; photos and documents are added on the website only.
    """

    serializer_class = ServiceSerializer
    permission_classes = (permissions.IsAuthenticatedOrReadOnly, HasRequiredScopes)  # writes: a user, not a client
    required_scopes = {**PUBLIC_READ, "POST": [LISTINGS_WRITE], "PATCH": [LISTINGS_WRITE], "DELETE": [LISTINGS_WRITE]}
    filterset_class = ServiceFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Service]:
        return service_list()

    def get_object(self) -> Service:
        if self.action not in OWNER_ACTIONS:
            return super().get_object()
        service = Service.objects.select_related("provider", "category").filter(pk=self.kwargs["pk"]).first()
        if service is None:
            raise Http404
        if service.provider.user_id != self.request.user.pk:
            if not service_list().filter(pk=service.pk).exists():
                raise Http404  # a paused or hidden listing is not public: do not confirm it exists
            raise PermissionDenied(_("Only the provider's own account can change this service."))
        return service

    def _own(self, service: Service, code: int = status.HTTP_200_OK) -> Response:
        fresh = (
            Service.objects.select_related("category")
            .prefetch_related("languages", "packages", "translations")
            .get(pk=service.pk)
        )
        return Response(ServiceOwnSerializer(fresh).data, status=code)

    @staticmethod
    def _set_related(service: Service, data: dict[str, Any]) -> None:
        """Replace the languages, packages and translations the request names (inside the caller's transaction)."""
        try:
            if "languages" in data:
                listings.service_languages_set(service=service, codes=data["languages"])
            if "packages" in data:
                packages = [listings.PackageData(**package) for package in data["packages"]]
                listings.service_packages_set(service=service, packages=packages)
        except DjangoValidationError as error:
            raise_as_api_error(error, "packages")
        try:
            if "translations" in data:
                items = [listings.TranslationData(**item) for item in data["translations"]]
                listings.service_translations_set(service=service, translations=items)
        except DjangoValidationError as error:
            raise_as_api_error(error, "translations")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        provider = own_provider_profile(request.user)
        if provider is None:
            raise PermissionDenied(_("Only providers can list services."))
        incoming = ServiceWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        (category,) = _categories([data["category"]], "category")
        with transaction.atomic():
            try:
                service = listings.service_create(
                    provider=provider,
                    name=data["name"],
                    description=data["description"],
                    category=category,
                    price_per_hour=data["price_per_hour"],
                    minimum_hours=data.get("minimum_hours", Decimal("1")),
                    original_language=data.get("original_language", settings.LANGUAGE_CODE),
                    languages=data.get("languages"),
                )
            except DjangoValidationError as error:
                raise_as_api_error(error)
            self._set_related(service, {key: value for key, value in data.items() if key != "languages"})
        return self._own(service, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        service = self.get_object()
        incoming = ServiceWriteSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        if "category" in data:
            (data["category"],) = _categories([data["category"]], "category")
        changes = {name: data[name] for name in listings.EDITABLE_FIELDS if name in data}
        with transaction.atomic():
            try:
                listings.service_update(service=service, **changes)
            except DjangoValidationError as error:
                raise_as_api_error(error)
            self._set_related(service, data)
        return self._own(service)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        listings.service_delete(service=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @_own_schema("Pause my service (off every public list, cannot be booked)")
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def pause(self, request: Request, pk: str | None = None) -> Response:
        return self._own(listings.service_pause(service=self.get_object()))

    @_own_schema("Put my paused service back on the public lists")
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def resume(self, request: Request, pk: str | None = None) -> Response:
        return self._own(listings.service_resume(service=self.get_object()))

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

        Live bookings (requested, accepted, confirmed) and the provider's buffer around them are left out.
        """
        service = self.get_object()
        query = SlotQuerySerializer(data=request.query_params, context={"service": service})
        query.is_valid(raise_exception=True)
        starts = bookable_starts(
            service,
            start_date=query.validated_data["start"],
            end_date=query.validated_data["end"],
            duration=query.validated_data["duration"],
            busy=LIVE_BOOKINGS,
        )
        hours = Decimal(int(query.validated_data["duration"].total_seconds())) / 3600
        data = {
            "service": service.pk,
            "time_zone": service.provider.time_zone,
            "duration_hours": hours,
            "starts": starts,
        }
        return Response(SlotsSerializer(data).data)
