"""Background indexing: one task for the services a commit changed, and a nightly full refresh (Celery beat)."""

from __future__ import annotations

from celery import shared_task

from netfix.tasks import NetFixTask
from search import indexing


@shared_task(name="search.index_services", base=NetFixTask)
def index_services(ids: list[int]) -> dict[str, int]:
    """Re-index these services (idempotent: it rebuilds their rows from the catalogue, so a retry is harmless)."""
    indexed, removed, days = indexing.index_services(ids)
    return {"indexed": indexed, "removed": removed, "days": days}


@shared_task(name="search.refresh_days", base=NetFixTask)
def refresh_days() -> dict[str, int]:
    """Nightly: roll every service's bookable days one day forward.

    It re-indexes every entry rather than only the days, because what else depends on the date — a verification
    document or a promotion expiring, the booking horizon — changes without a save that a signal could see.
    """
    indexed, removed, days = indexing.reindex_all()
    return {"indexed": indexed, "removed": removed, "days": days}
