"""Bookings in the REST API: create, list, detail, and one endpoint per transition.

Everything goes through ``marketplace/bookings/services.py``; this module only translates. A taken slot or an
illegal transition is 409 problem+json, a move the caller's role may never make is 403, a booking the caller may not
see is 404. A bearer token needs ``bookings:read`` to read and ``bookings:write`` to change anything.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from marketplace.bookings import payments, pricing, services, states
from marketplace.bookings.selectors import visible_bookings
from marketplace.models import Booking, BookingEvent
from marketplace.payments import ledger
from netfix.api.permissions import HasRequiredScopes, IsUser
from netfix.api.problems import ConflictError
from netfix.api.scopes import BOOKINGS_READ, BOOKINGS_WRITE
from netfix.sanitize import SanitizedCharSerializerField
from providers.api import UTCDateTimeField
from providers.models import Service, ServicePackage


class SlotConflict(ConflictError):
    default_detail = _("This time is no longer available. Please choose another one.")  # type: ignore[assignment]
    default_code = "slot_unavailable"


class TransitionConflict(ConflictError):
    default_detail = _("This booking cannot make this move in its current state.")  # type: ignore[assignment]
    default_code = "illegal_transition"


def _raise_for(error: Exception) -> NoReturn:
    """Turn a service's exception into the API's answer (400, 403 or 409 problem+json)."""
    if isinstance(error, services.SlotUnavailable):
        raise SlotConflict(error.message) from error
    if isinstance(error, states.IllegalTransition):
        if error.code == "not_allowed":
            raise PermissionDenied(error.message) from error
        raise TransitionConflict(error.message, code=error.code) from error
    if isinstance(error, DjangoPermissionDenied):
        raise PermissionDenied from error
    if isinstance(error, DjangoValidationError):
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise serializers.ValidationError(detail) from error
    raise error


class EventSerializer(serializers.ModelSerializer[BookingEvent]):
    at = UTCDateTimeField()

    class Meta:
        model = BookingEvent
        fields = ("action", "from_status", "to_status", "actor_role", "reason", "data", "at")


class PriceLineSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)


class BookingSerializer(serializers.ModelSerializer[Booking]):
    service = serializers.SerializerMethodField()
    provider = serializers.SerializerMethodField()
    starts_at = UTCDateTimeField()
    ends_at = UTCDateTimeField()
    expires_at = UTCDateTimeField()
    created_at = UTCDateTimeField()
    price_lines = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text=_("What the caller may do with this booking now."))

    class Meta:
        model = Booking
        fields = (
            "id",
            "status",
            "service",
            "provider",
            "starts_at",
            "ends_at",
            "hours",
            "address",
            "city",
            "notes",
            "currency",
            "price_lines",
            "subtotal",
            "discount",
            "total",
            "cancellation_policy",
            "expires_at",
            "created_at",
            "actions",
        )

    @extend_schema_field(PriceLineSerializer(many=True))
    def get_price_lines(self, booking: Booking) -> list[dict[str, Any]]:
        """The itemised price, its words in the request's language."""
        lines = pricing.localised_lines(booking.price_lines, booking.currency)
        return list(PriceLineSerializer(lines, many=True).data)

    def get_service(self, booking: Booking) -> dict[str, Any]:
        return {"id": booking.service_id, "name": booking.service.name}

    def get_provider(self, booking: Booking) -> dict[str, Any]:
        return {"id": booking.provider_id, "company_name": booking.provider.company_name}

    def get_actions(self, booking: Booking) -> list[str]:
        user = self.context["request"].user
        try:
            role = services.role_of(booking, user)
        except DjangoPermissionDenied:
            return []
        hidden = {"confirm", "expire"}
        return [name for name in states.allowed_actions(booking.status, role) if name not in hidden]


class PaymentSummarySerializer(serializers.Serializer[Any]):
    ready = serializers.BooleanField(help_text=_("The card is held or saved: the provider can accept."))
    paid = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=_("Charged and not refunded."))
    refunded = serializers.DecimalField(max_digits=12, decimal_places=2)
    pay_url = serializers.URLField(
        allow_null=True, help_text=_("For the customer, while the booking waits for their card: the page to pay on.")
    )


class BookingDetailSerializer(BookingSerializer):
    events = EventSerializer(many=True, read_only=True)
    payment = serializers.SerializerMethodField()

    class Meta(BookingSerializer.Meta):
        fields = (*BookingSerializer.Meta.fields, "payment", "events")  # type: ignore[assignment]

    @extend_schema_field(PaymentSummarySerializer)
    def get_payment(self, booking: Booking) -> dict[str, Any]:
        """Card payments are made on the web page (Stripe.js); the API says where and what the ledger holds."""
        request = self.context["request"]
        balance = ledger.balance(booking)
        ready = payments.booking_payments().ready(booking)
        S = Booking.Status
        waits_for_card = (booking.status == S.REQUESTED and not ready) or (
            booking.status == S.ACCEPTED and balance.captured == 0
        )
        pay_url = None
        if waits_for_card and booking.customer_id == request.user.pk:
            pay_url = request.build_absolute_uri(reverse("booking_pay", kwargs={"pk": booking.pk}))
        data = {"ready": ready, "paid": balance.paid, "refunded": balance.refunded, "pay_url": pay_url}
        return dict(PaymentSummarySerializer(data).data)


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 instant that must carry its UTC offset: a bare wall time would be read in an unknown zone."""

    default_error_messages = {"naive": _("Give the time with its UTC offset, e.g. 2027-03-02T09:00:00Z.")}

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str) and (parsed := parse_datetime(value.strip())) is not None and parsed.tzinfo is None:
            self.fail("naive")
        return super().to_internal_value(value)


class BookingCreateSerializer(serializers.Serializer[Any]):
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.filter(status=Service.Status.ACTIVE))
    starts_at = AwareDateTimeField(help_text=_("With its UTC offset, e.g. 2027-03-02T09:00:00Z."))
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=Decimal("0.5"), max_value=Decimal(24))
    address = SanitizedCharSerializerField(max_length=200)
    city = SanitizedCharSerializerField(max_length=120)
    package = serializers.PrimaryKeyRelatedField(queryset=ServicePackage.objects.all(), required=False, allow_null=True)
    promo_code = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    notes = SanitizedCharSerializerField(max_length=2000, required=False, allow_blank=True, default="", multiline=True)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = SanitizedCharSerializerField(max_length=1000, required=False, allow_blank=True, default="", multiline=True)


class RescheduleSerializer(serializers.Serializer[Any]):
    starts_at = AwareDateTimeField(help_text=_("The new start, with its UTC offset."))


def _transition_schema(summary: str, request: type[serializers.Serializer[Any]] | None = None) -> Any:
    return extend_schema(summary=summary, tags=["bookings"], request=request, responses=BookingDetailSerializer)


@extend_schema_view(
    list=extend_schema(summary="List my bookings (as customer or provider)", tags=["bookings"]),
    retrieve=extend_schema(summary="One booking with its events", tags=["bookings"]),
    create=extend_schema(
        summary="Book a service", tags=["bookings"], request=BookingCreateSerializer, responses=BookingDetailSerializer
    ),
)
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Booking]):
    permission_classes = (IsUser, HasRequiredScopes)
    required_scopes = {"GET": [BOOKINGS_READ], "POST": [BOOKINGS_WRITE]}
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Booking]:
        queryset = visible_bookings(self.request.user).order_by("-starts_at", "-pk")  # type: ignore[arg-type]
        if self.action == "retrieve":
            return queryset.prefetch_related("events")
        return queryset

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return BookingSerializer
        return BookingDetailSerializer

    def _answer(self, booking: Booking, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().prefetch_related("events").get(pk=booking.pk)
        return Response(BookingDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = BookingCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            booking = services.booking_request(
                customer=request.user,  # type: ignore[arg-type]
                request=services.BookingRequest(
                    service=data["service"],
                    starts_at=data["starts_at"],
                    hours=data["hours"],
                    address=data["address"],
                    city=data["city"],
                    package=data.get("package"),
                    promo_code=data["promo_code"],
                    notes=data["notes"],
                ),
            )
        except (services.SlotUnavailable, DjangoValidationError) as error:
            _raise_for(error)
        return self._answer(booking, status.HTTP_201_CREATED)

    def _run(self, request: Request, move: Any, payload: type[serializers.Serializer[Any]] | None = None) -> Response:
        booking = self.get_object()
        data: dict[str, Any] = {}
        if payload is not None:
            incoming = payload(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = dict(incoming.validated_data)
        try:
            result = move(booking, request.user, data)
        except (
            services.SlotUnavailable,
            states.IllegalTransition,
            DjangoPermissionDenied,
            DjangoValidationError,
        ) as error:
            _raise_for(error)
        return self._answer(result.booking if isinstance(result, services.Outcome) else result)

    @_transition_schema("Accept a request (captures the payment and confirms)")
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._run(request, lambda booking, user, data: services.booking_accept(booking, by=user))

    @_transition_schema("Decline a request", ReasonSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self._run(
            request, lambda booking, user, data: services.booking_decline(booking, by=user, **data), ReasonSerializer
        )

    @_transition_schema(
        "Cancel a booking (the customer per the policy; the provider refunds in full)", ReasonSerializer
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        def move(booking: Booking, user: Any, data: dict[str, Any]) -> Any:
            if services.role_of(booking, user) == BookingEvent.Actor.CUSTOMER:
                return services.booking_cancel_by_customer(booking, by=user, **data)
            return services.booking_cancel_by_provider(booking, by=user, **data)

        return self._run(request, move, ReasonSerializer)

    @_transition_schema("Mark a booking as completed")
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._run(request, lambda booking, user, data: services.booking_complete(booking, by=user))

    @_transition_schema("Mark a booking as a no-show")
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request: Request, pk: str | None = None) -> Response:
        return self._run(request, lambda booking, user, data: services.booking_no_show(booking, by=user))

    @_transition_schema("Dispute a booking", ReasonSerializer)
    @action(detail=True, methods=["post"])
    def dispute(self, request: Request, pk: str | None = None) -> Response:
        return self._run(
            request, lambda booking, user, data: services.booking_dispute(booking, by=user, **data), ReasonSerializer
        )

    @_transition_schema("Move a booking to another free start", RescheduleSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: str | None = None) -> Response:
        return self._run(
            request,
            lambda booking, user, data: services.booking_reschedule(booking, by=user, starts_at=data["starts_at"]),
            RescheduleSerializer,
        )
