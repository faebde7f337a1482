"""Which saves change a search entry, and how they reach the index: collected, then one task after the commit.

Why signals here when business rules stay out of signals: indexing is a projection of many apps' rows (listings,
hours, time off, bookings, reviews, verification, promotions) and those apps must not know about search. The
handlers only note ids — a service, or a provider whose every service is affected — in a per-thread batch; once the
transaction commits, one ``search.index_services`` task gets them all (provider ids turned into service ids with one
query). Ids noted in a rolled-back savepoint go with the rest of their transaction; a transaction rolled back as a
whole sends nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

# A booking save that touches none of these leaves days and popularity alone (payments save other fields).
BOOKING_FIELDS = frozenset({"status", "starts_at", "ends_at", "blocked_until", "service", "provider"})


@dataclass
class _Batch:
    services: set[int] = field(default_factory=set)
    providers: set[int] = field(default_factory=set)
    categories: set[int] = field(default_factory=set)
    sent: bool = False
    owner: object = None  # the outermost ``Atomic`` of the transaction the ids were noted in

    def flush(self) -> None:
        """Queue one task for everything noted (the first call sends; later ones of the same batch do nothing)."""
        if self.sent:
            return
        self.sent = True
        try:
            ids = self.service_ids()
            if ids:
                from search.tasks import index_services

                index_services.delay(ids)
        except Exception:
            # The save is committed whatever happens here; the nightly refresh repairs a missed update.
            logger.exception("search: could not queue re-indexing")

    def service_ids(self) -> list[int]:
        ids = set(self.services)
        if self.providers or self.categories:
            from django.db.models import Q

            from providers.models import Service

            related = Q(provider_id__in=self.providers) | Q(category_id__in=self.categories)
            ids.update(Service.objects.filter(related).values_list("pk", flat=True))
        return sorted(ids)


_local = threading.local()


def _note(kind: str, ids: Iterable[int | None]) -> None:
    """Add ids to this thread's batch and make sure the batch is sent when the current transaction commits."""
    connection = transaction.get_connection()
    owner = connection.atomic_blocks[0] if connection.in_atomic_block else None
    batch: _Batch | None = getattr(_local, "batch", None)
    # A batch left unsent by an earlier outermost transaction was rolled back with it: its ids changed nothing.
    if batch is None or batch.sent or batch.owner is not owner:
        batch = _local.batch = _Batch(owner=owner)
    getattr(batch, kind).update(pk for pk in ids if pk)
    # Registered on every call (a tuple appended; the later calls find the batch sent and do nothing): a registration
    # rolled back with its savepoint is then never the only one, and outside a transaction it runs at once.
    transaction.on_commit(batch.flush, robust=True)


def queue_services(*ids: int | None) -> None:
    """Re-index these services once the current transaction commits."""
    _note("services", ids)


def queue_providers(*ids: int | None) -> None:
    """Re-index every service of these providers once the current transaction commits."""
    _note("providers", ids)


def queue_categories(*ids: int | None) -> None:
    """Re-index every service of these categories (a renamed category) once the current transaction commits."""
    _note("categories", ids)


# --- Handlers -----------------------------------------------------------------------------------------------------


def _service_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    queue_services(instance.pk)


def _service_part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A translation, a language or the rating of one service."""
    queue_services(instance.service_id)


def _provider_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    queue_providers(instance.pk)


def _provider_part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Hours, time off, spoken languages or a verification document of one provider."""
    queue_providers(instance.provider_id)


def _category_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    queue_categories(instance.pk)


def _booking_changed(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    """A booking takes or frees the provider's time (every service's days) and counts for popularity."""
    if update_fields is not None and not BOOKING_FIELDS.intersection(update_fields):
        return
    queue_providers(instance.provider_id)


def _promotion_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    queue_providers(instance.target_provider_id)
    queue_categories(instance.target_category_id)


def connect() -> None:
    """Called from ``SearchConfig.ready``."""
    from home.models import Promotion
    from marketplace.models import Booking, ServiceRating
    from providers.models import (
        Category,
        ProviderLanguage,
        ProviderProfile,
        Service,
        ServiceLanguage,
        ServiceTranslation,
        TimeOff,
        VerificationDocument,
        WeeklyAvailability,
    )

    handlers: list[tuple[Any, Any]] = [
        (Service, _service_changed),
        (ServiceTranslation, _service_part_changed),
        (ServiceLanguage, _service_part_changed),
        (ServiceRating, _service_part_changed),
        (ProviderProfile, _provider_changed),
        (ProviderLanguage, _provider_part_changed),
        (WeeklyAvailability, _provider_part_changed),
        (TimeOff, _provider_part_changed),
        (VerificationDocument, _provider_part_changed),
        (Category, _category_changed),
        (Booking, _booking_changed),
        (Promotion, _promotion_changed),
    ]
    for model, handler in handlers:
        uid = f"search:{model._meta.label}"
        post_save.connect(handler, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}:delete")
