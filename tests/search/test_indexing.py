"""Search indexing: entry values, listing rules, bookable days, signals after commit, the reindex command."""

from __future__ import annotations

import datetime
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import Promotion
from providers.models import ProviderLanguage, Service, ServiceLanguage, TimeOff, VerificationDocument
from search.indexing import bookable_days, entry_values, index_services, indexable_services, plain_text
from search.models import SearchDay, SearchEntry
from tests.factories import CategoryFactory
from tests.factories.marketplace import bookable_provider, bookable_service, make_booking, paris_time
from tests.factories.providers import ServiceTranslationFactory
from tests.reviews.helpers import reviewed

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def _entry(service: Service) -> SearchEntry:
    return SearchEntry.objects.get(service=service)


def _verify(provider) -> None:
    """Approved identity and no field of work to cover: verified under the rule of decision 0026."""
    VerificationDocument.objects.create(
        provider=provider, kind=VerificationDocument.Kind.IDENTITY, file="id.pdf", status="approved"
    )


def test_plain_text_strips_markup_and_entities():
    assert plain_text("<p>Fixes <b>leaks</b>&amp;pipes</p><p>fast</p>") == "Fixes leaks &pipes fast"


def test_entry_values_per_language_with_fallback_to_original():
    """French reads the provider's translation; Spanish and Arabic fall back to the English original."""
    service = bookable_service(
        name="Leak repair", description="<p>Fixes <b>leaks</b> &amp; pipes</p>", category=CategoryFactory()
    )
    ServiceTranslationFactory(service=service, language="fr", name="Réparation de fuite", description="<p>Fuites</p>")
    values = entry_values(indexable_services([service.pk]).get())
    company = service.provider.company_name
    # The field of work in each language, with the trade people search it by (providers.fields_of_work.SEARCH_WORDS).
    assert values["text_en"] == f"Leak repair Fixes leaks & pipes Plumbing plumber {company}"
    assert values["text_fr"] == f"Réparation de fuite Fuites Plomberie plombier {company}"
    assert values["text_es"] == f"Leak repair Fixes leaks & pipes Fontanería fontanero {company}"
    assert values["name_fr"] == "Réparation de fuite"
    assert values["name_es"] == values["name_ar"] == values["name_en"] == "Leak repair"
    assert values["price_per_hour"] == Decimal("10.50")
    assert values["latitude"] == pytest.approx(48.85341)
    assert values["radius_km"] == 30
    assert values["created_at"] == service.created_at


def test_entry_values_on_a_bare_service_reads_what_it_needs():
    service = bookable_service()
    bare = Service.objects.get(pk=service.pk)
    assert entry_values(bare)["popularity"] == 0
    assert entry_values(bare)["verified"] is False


def test_index_services_writes_rating_languages_promotion_and_popularity():
    service = bookable_service()
    other = bookable_service()
    reviewed(service, rating=4)
    make_booking(service, starts_at=paris_time("2027-03-02", 10))
    ProviderLanguage.objects.create(provider=service.provider, code="fr")
    ServiceLanguage.objects.create(service=service, code="en")
    Promotion.objects.create(
        title="Spring", banner_text="Spring", target=Promotion.Target.PROVIDER, target_provider=service.provider
    )
    index_services([service.pk, other.pk])
    entry = _entry(service)
    assert (entry.rating_average, entry.rating_count) == (Decimal("4.00"), 1)
    assert entry.rating_score > 0
    assert entry.languages == " en fr "
    assert entry.promoted is True
    assert entry.popularity == 2  # the completed booking of the review and the requested one
    assert (_entry(other).promoted, _entry(other).popularity, _entry(other).languages) == (False, 0, "")


def test_promotion_of_the_category_promotes_its_services_only_while_live():
    service = bookable_service()
    Promotion.objects.create(
        title="Pipes",
        banner_text="Pipes",
        target=Promotion.Target.CATEGORY,
        target_category=service.category,
        expire_at=timezone.now() - timedelta(minutes=1),
    )
    index_services([service.pk])
    assert _entry(service).promoted is False
    Promotion.objects.update(expire_at=None)
    index_services([service.pk])
    assert _entry(service).promoted is True


def test_paused_service_leaves_the_index():
    service = bookable_service()
    index_services([service.pk])
    assert SearchDay.objects.filter(entry_id=service.pk).exists()
    Service.objects.filter(pk=service.pk).update(status=Service.Status.PAUSED)
    assert index_services([service.pk])[:2] == (0, 1)
    assert not SearchEntry.objects.filter(service=service).exists()
    assert not SearchDay.objects.filter(entry_id=service.pk).exists()


def test_unverified_providers_are_not_indexed_when_hidden(settings):
    settings.UNVERIFIED_LISTINGS = "hide"
    hidden = bookable_service()
    shown = bookable_service()
    _verify(shown.provider)
    index_services([hidden.pk, shown.pk])
    assert list(SearchEntry.objects.values_list("service_id", "verified")) == [(shown.pk, True)]


def test_unverified_providers_are_indexed_unverified_when_shown(settings):
    settings.UNVERIFIED_LISTINGS = "show"
    service = bookable_service()
    index_services([service.pk])
    assert _entry(service).verified is False


# --- Bookable days --------------------------------------------------------------------------------------------------


def test_bookable_days_skip_time_off_and_fully_booked_days():
    service = bookable_service()
    now = paris_time("2027-03-01", 0)
    TimeOff.objects.create(
        provider=service.provider, starts_at=paris_time("2027-03-02", 0), ends_at=paris_time("2027-03-03", 0)
    )
    make_booking(service, starts_at=paris_time("2027-03-04", 8), hours=Decimal(10), now=now)
    days = bookable_days(service, datetime.date(2027, 3, 1), days=5, now=now)
    assert days == [datetime.date(2027, 3, 1), datetime.date(2027, 3, 3), datetime.date(2027, 3, 5)]


def test_bookable_days_follow_weekly_hours_and_horizon():
    service = bookable_service(provider=bookable_provider(booking_horizon_days=2))
    service.provider.weekly_availability.filter(weekday=2).delete()  # no Wednesdays
    now = paris_time("2027-03-01", 0)  # a Monday
    assert bookable_days(service, datetime.date(2027, 3, 1), now=now) == [
        datetime.date(2027, 3, 1),
        datetime.date(2027, 3, 2),
    ]
    assert bookable_days(service, datetime.date(2027, 3, 1), days=0, now=now) == []


# --- Signals: the index follows the catalogue after each commit -----------------------------------------------------


def test_editing_a_service_updates_its_entry(django_capture_on_commit_callbacks):
    service = bookable_service()
    index_services([service.pk])
    with django_capture_on_commit_callbacks(execute=True):
        service.name = "Boiler service"
        service.price_per_hour = Decimal("80.00")
        service.save()
    entry = _entry(service)
    assert (entry.name_en, entry.price_per_hour) == ("Boiler service", Decimal("80.00"))


def test_pausing_a_service_removes_its_entry(django_capture_on_commit_callbacks):
    service = bookable_service()
    index_services([service.pk])
    with django_capture_on_commit_callbacks(execute=True):
        service.status = Service.Status.PAUSED
        service.save()
    assert not SearchEntry.objects.filter(service=service).exists()


def test_time_off_removes_the_day(django_capture_on_commit_callbacks):
    service = bookable_service()
    index_services([service.pk])
    tomorrow = timezone.now().astimezone(PARIS).date() + timedelta(days=1)
    assert SearchDay.objects.filter(entry_id=service.pk, day=tomorrow).exists()
    start = datetime.datetime.combine(tomorrow, datetime.time(0), tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        TimeOff.objects.create(provider=service.provider, starts_at=start, ends_at=start + timedelta(days=1))
    assert not SearchDay.objects.filter(entry_id=service.pk, day=tomorrow).exists()
    assert SearchDay.objects.filter(entry_id=service.pk, day=tomorrow + timedelta(days=1)).exists()


def test_a_review_updates_the_rating(django_capture_on_commit_callbacks):
    service = bookable_service()
    index_services([service.pk])
    with django_capture_on_commit_callbacks(execute=True):
        reviewed(service, rating=3)
    entry = _entry(service)
    assert (entry.rating_average, entry.rating_count) == (Decimal("3.00"), 1)


def test_a_booking_updates_popularity_and_every_service_of_the_provider(django_capture_on_commit_callbacks):
    """The booking counts for its service, and the time it takes is gone from every service of the provider."""
    service = bookable_service()
    sibling = bookable_service(provider=service.provider)
    index_services([service.pk, sibling.pk])
    day = timezone.now().astimezone(PARIS).date() + timedelta(days=3)
    assert SearchDay.objects.filter(entry_id=sibling.pk, day=day).exists()
    starts_at = datetime.datetime.combine(day, datetime.time(8), tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        make_booking(service, starts_at=starts_at, hours=Decimal(10), now=timezone.now())
    assert _entry(service).popularity == 1
    assert not SearchDay.objects.filter(entry_id__in=[service.pk, sibling.pk], day=day).exists()


def test_verification_of_the_provider_updates_verified(django_capture_on_commit_callbacks):
    service = bookable_service()
    index_services([service.pk])
    with django_capture_on_commit_callbacks(execute=True):
        _verify(service.provider)
    assert _entry(service).verified is True


def test_many_saves_in_one_transaction_queue_one_task(django_capture_on_commit_callbacks, monkeypatch):
    from search import tasks

    sent: list[list[int]] = []
    monkeypatch.setattr(tasks.index_services, "delay", lambda ids: sent.append(ids))
    service = bookable_service()
    with django_capture_on_commit_callbacks(execute=True):
        for price in ("11", "12", "13"):
            service.price_per_hour = Decimal(price)
            service.save()
        ProviderLanguage.objects.create(provider=service.provider, code="de")
    assert sent == [[service.pk]]


def test_ids_noted_in_a_rolled_back_savepoint_go_with_the_next_commit(django_capture_on_commit_callbacks, monkeypatch):
    from django.db import transaction

    from search import tasks

    sent: list[list[int]] = []
    monkeypatch.setattr(tasks.index_services, "delay", lambda ids: sent.append(ids))
    first, second = bookable_service(), bookable_service()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                first.save()
                raise RuntimeError
        except RuntimeError:
            pass
        second.save()
    assert sent == [sorted([first.pk, second.pk])]


@pytest.mark.django_db(transaction=True)
def test_a_save_outside_any_transaction_is_indexed_at_once():
    """Autocommit: ``on_commit`` runs at once, so the ids must be noted before the batch is sent."""
    service = bookable_service()
    assert _entry(service).name_en == service.name
    service.name = "Renamed"
    service.save()
    assert _entry(service).name_en == "Renamed"


# --- Bulk cost and the command --------------------------------------------------------------------------------------


def _queries(ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as queries:
        index_services(ids)
    return len(queries)


def test_index_services_query_count_is_bounded_per_service():
    """Entries cost a fixed number of queries; only the days add a few per service (``bookable_starts``)."""
    services = [bookable_service() for _ in range(20)]
    one = _queries([services[0].pk])
    twenty = _queries([service.pk for service in services])
    # weekly hours, time off and live bookings per service; the 1,200 day rows may take a few more INSERT batches
    assert twenty <= one + 19 * 3 + 3


def test_search_reindex_rebuilds_everything_and_reports_counts():
    listed = [bookable_service() for _ in range(3)]
    paused = bookable_service(status=Service.Status.PAUSED)
    SearchEntry.objects.create(
        service=paused, provider=paused.provider, category=paused.category, price_per_hour=1, currency="USD",
        created_at=paused.created_at,
    )  # fmt: skip
    out, err = StringIO(), StringIO()
    call_command("search_reindex", "--batch-size", "2", stdout=out, stderr=err)
    assert set(SearchEntry.objects.values_list("service_id", flat=True)) == {service.pk for service in listed}
    days = SearchDay.objects.count()
    assert days > 0
    assert f"3 services listed, 1 stale entries removed, {days} bookable days" in out.getvalue()
    assert "4/4" in err.getvalue()  # the progress bar


def test_search_reindex_refuses_a_bad_batch_size():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("search_reindex", "--batch-size", "0")
