"""The demo companies of ``seed_demo``: their shape (decision 0032), idempotence and determinism."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images.models import Image

from accounts.demo import seed_demo_users
from accounts.models import User
from providers.demo import PROVIDER_COUNT, provider_email, seed_providers, seed_services
from providers.fields_of_work import ALL_IN_ONE, FIELDS_OF_WORK
from providers.models import (
    ProviderProfile,
    Service,
    ServicePackage,
    ServicePhoto,
    ServiceTranslation,
    VerificationDocument,
    VerificationEvent,
    WeeklyAvailability,
)
from providers.verification import is_verified, verified_expression

pytestmark = pytest.mark.django_db

COUNTED = (
    User,
    ProviderProfile,
    Service,
    ServicePhoto,
    ServicePackage,
    ServiceTranslation,
    WeeklyAvailability,
    VerificationDocument,
    VerificationEvent,
    Image,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _companies():
    return ProviderProfile.objects.filter(user__email__in=[provider_email(n) for n in range(1, PROVIDER_COUNT + 1)])


def _seed_companies() -> dict[str, User]:
    """The provider part of seed_demo without the page tree (faster)."""
    users = seed_demo_users()
    seed_services(provider_user=users["provider"], count=0)
    seed_providers(reviewer=users["admin"], demo_provider=users["provider"])
    return users


def _snapshot() -> list[tuple[object, ...]]:
    return [
        (
            profile.user.email,
            profile.company_name,
            profile.address,
            profile.latitude,
            profile.service_radius_km,
            tuple(profile.fields_of_work.order_by("slug").values_list("slug", flat=True)),
            tuple(profile.services.order_by("name", "price_per_hour").values_list("name", "price_per_hour", "status")),
        )
        for profile in _companies().order_by("user__email")
    ]


def test_seed_demo_builds_about_thirty_believable_companies_once():
    # Given a fresh database, when seed_demo runs
    call_command("seed_demo", verbosity=0, no_translations=True)

    # then there are 30 companies with a login each, besides the demo login's own company
    companies = _companies()
    assert companies.count() == PROVIDER_COUNT
    assert authenticate(username=provider_email(7), password="netfix-demo") is not None

    # every field of work is covered, and two companies are "All in One"
    covered = set(companies.values_list("fields_of_work__slug", flat=True))
    assert covered == {slug for slug, _name in FIELDS_OF_WORK}
    assert companies.filter(fields_of_work__slug=ALL_IN_ONE).count() == 2

    # about 150 listings, never in "All in One", each with a photo; some paused, packaged or translated
    services = Service.objects.filter(provider__in=companies)
    assert 120 <= services.count() <= 180
    assert not Service.objects.filter(category__slug=ALL_IN_ONE).exists()
    assert not Service.objects.filter(photos__isnull=True).exists()  # the demo login's listings too
    assert services.filter(status=Service.Status.PAUSED).exists()
    assert ServicePackage.objects.filter(service__in=services).exists()
    assert set(ServiceTranslation.objects.values_list("language", flat=True)) == {"ar", "es", "fr"}
    assert not services.filter(languages__isnull=True).exists()

    # the photos share one Wagtail image per field of work
    assert Image.objects.filter(collection__name="Demo").count() == len(FIELDS_OF_WORK) - 1

    # each listing stays within its company's fields, except for the "All in One" companies
    for profile in companies.prefetch_related("fields_of_work", "services"):
        fields = {category.pk for category in profile.fields_of_work.all()}
        if not any(category.is_all_in_one for category in profile.fields_of_work.all()):
            assert {service.category_id for service in profile.services.all()} <= fields, profile

    # every provider, the demo login's too, has a service area, a real time zone, languages and weekly hours
    for profile in ProviderProfile.objects.all():
        assert profile.has_service_area, profile
        assert 10 <= profile.service_radius_km <= 60, profile
        assert ZoneInfo(profile.time_zone), profile
        assert profile.weekly_availability.exists(), profile
        assert profile.languages.filter(code="en").exists(), profile
    paris = ProviderProfile.objects.get(user__email="provider@netfix.test")
    assert paris.time_zone == "Europe/Paris"
    assert paris.address == "Paris, France"

    # about two thirds are verified, the others wait for review; one verified company has a licence expiring soon
    verified = companies.filter(verified_expression())
    assert 15 <= verified.count() <= 25
    pending = companies.exclude(pk__in=verified)
    assert pending.exists()
    assert not VerificationDocument.objects.filter(provider__in=pending).exclude(status="pending").exists()
    assert VerificationDocument.objects.filter(provider__in=pending).exists()
    soon = timezone.localdate() + datetime.timedelta(days=30)
    expiring = VerificationDocument.objects.get(status="approved", expires_on__lte=soon)
    assert is_verified(expiring.provider)
    # with the audit trail the review page shows: submitted by the provider, approved by staff
    event = expiring.events.get(action=VerificationEvent.Action.APPROVED)
    assert event.actor.is_staff
    assert expiring.events.get(action=VerificationEvent.Action.SUBMITTED).actor == expiring.provider.user
    assert expiring.file.read().startswith(b"%PDF-")

    # When it runs again, nothing new is created
    before = _counts()
    call_command("seed_demo", verbosity=0, no_translations=True)
    assert _counts() == before


def test_seed_providers_is_deterministic_and_keeps_what_was_changed():
    users = _seed_companies()
    first = _snapshot()
    edited = _companies().get(user__email=provider_email(3))
    edited.company_name = "Renamed while trying the demo"
    edited.save()

    # Deleting some companies and seeding again rebuilds them exactly, and leaves the edited one alone
    User.objects.filter(email__in=[provider_email(number) for number in (1, 2, 8, 30)]).delete()
    created = seed_providers(reviewer=users["admin"], demo_provider=users["provider"])

    assert created == 4
    second = _snapshot()
    assert second[2][1] == "Renamed while trying the demo"
    assert second[:2] + second[3:] == first[:2] + first[3:]


def test_seed_services_tops_up_the_demo_login_only():
    """Only the demo login's listings grow, each with a photo, in bulk: queries do not grow with the number."""
    users = _seed_companies()
    demo = users["provider"].provider_profile
    others = Service.objects.exclude(provider=demo).count()

    with CaptureQueriesContext(connection) as few:
        seed_services(provider_user=users["provider"], count=10)
    with CaptureQueriesContext(connection) as many:
        created = seed_services(provider_user=users["provider"], count=400)

    assert created == 390
    assert len(many) <= len(few) + 10  # SQLite only splits a big insert into batches of a few hundred rows
    assert demo.services.count() == 400
    assert Service.objects.exclude(provider=demo).count() == others
    assert not demo.services.filter(photos__isnull=True).exists()
