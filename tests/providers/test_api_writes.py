"""Providers' own writes through the REST API: profile, listings, weekly hours and time off (decision 0038).

Every good path once, then the bad ones as carefully: another provider, a customer, a client token without
``listings:write``, the "All in One" rule, overlapping hours, and values no form would send. A refused request is
a 400/403/404 problem+json and leaves the database as it was.
"""

from __future__ import annotations

import datetime
from datetime import UTC, time
from decimal import Decimal

import pytest
import time_machine
from django.test import Client

from accounts.services import api_client_create
from providers.demo import seed_categories
from providers.models import ProviderLanguage, ProviderProfile, Service, TimeOff, WeeklyAvailability
from tests.accounts.test_oidc import (
    REDIRECT_URI,
    _bearer,
    _client_credentials_token,
    _code_from,
    _consent,
    _exchange,
    _pkce_pair,
)
from tests.factories import ProviderProfileFactory, ServiceFactory, UserFactory
from tests.factories.providers import ServicePackageFactory, TimeOffFactory, WeeklyAvailabilityFactory

pytestmark = pytest.mark.django_db

PROVIDERS = "/api/v1/providers/"
SERVICES = "/api/v1/services/"
JANUARY_2027 = datetime.datetime(2027, 1, 1, tzinfo=UTC)


@pytest.fixture
def categories():
    return seed_categories()


@pytest.fixture
def provider(categories):
    profile = ProviderProfileFactory(
        company_name="Drip Stoppers",
        address="Lyon, FR",
        latitude=Decimal("45.748460"),
        longitude=Decimal("4.846710"),
        time_zone="Europe/Paris",
    )
    profile.fields_of_work.add(categories["plumbing"])
    ProviderLanguage.objects.create(provider=profile, code="fr")
    return profile


@pytest.fixture
def intruder(categories):
    profile = ProviderProfileFactory(company_name="Rival Pipes")
    profile.fields_of_work.add(categories["plumbing"])
    return profile


@pytest.fixture
def service(provider, categories):
    return ServiceFactory(provider=provider, category=categories["plumbing"], name="Leak repair")


def signed_in(client, profile_or_user):
    client.force_login(getattr(profile_or_user, "user", profile_or_user))
    return client


def send(client, method: str, path: str, data=None, **extra):
    return getattr(client, method)(path, data, content_type="application/json", **extra)


def problem(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def error_fields(response) -> set[str]:
    return {error["field"] for error in problem(response)["errors"]}


def snapshot(service: Service) -> tuple:
    service.refresh_from_db()
    return (
        service.name,
        service.description,
        service.price_per_hour,
        service.minimum_hours,
        service.category_id,
        service.status,
        list(service.packages.values_list("name", "price")),
        list(service.languages.values_list("code", flat=True)),
        list(service.translations.values_list("language", "name")),
    )


def hours(provider: ProviderProfile) -> list[tuple]:
    return list(
        WeeklyAvailability.objects.filter(provider=provider)
        .order_by("weekday", "start_time")
        .values_list("weekday", "start_time", "end_time")
    )


# --- Provider profile -----------------------------------------------------------------------------------------


def test_provider_patches_the_profile_and_booking_settings(client, provider, categories):
    signed_in(client, provider)

    response = send(
        client,
        "patch",
        f"{PROVIDERS}{provider.pk}/",
        {
            "company_name": "Drip Stoppers Ltd",
            "bio": "Plumbers since 1998.\nFast.",
            "fields_of_work": ["plumbing", "water-heaters"],
            "languages": ["en", "fr"],
            "service_radius_km": 40,
            "buffer_minutes": 30,
            "slot_step_minutes": 60,
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["company_name"] == "Drip Stoppers Ltd"
    assert sorted(body["fields_of_work"]) == ["plumbing", "water-heaters"]
    assert sorted(body["languages"]) == ["en", "fr"]
    assert (body["buffer_minutes"], body["slot_step_minutes"]) == (30, 60)
    provider.refresh_from_db()
    assert provider.bio == "Plumbers since 1998.\nFast."
    assert provider.service_radius_km == 40
    assert provider.address == "Lyon, FR"  # untouched: not sent, not geocoded again
    assert provider.time_zone == "Europe/Paris"


def test_a_new_address_is_geocoded_and_an_unknown_one_is_a_400_on_address(client, provider):
    signed_in(client, provider)

    assert send(client, "patch", f"{PROVIDERS}{provider.pk}/", {"address": "Paris"}).status_code == 200
    provider.refresh_from_db()
    assert provider.address.startswith("Paris")
    response = send(client, "patch", f"{PROVIDERS}{provider.pk}/", {"address": "Zzyzxqwv Nowhere", "bio": "New"})

    assert error_fields(response) == {"address"}
    provider.refresh_from_db()
    assert provider.address.startswith("Paris")
    assert provider.bio == ""


def test_all_in_one_with_other_fields_keeps_it_alone(client, provider):
    signed_in(client, provider)
    response = send(client, "patch", f"{PROVIDERS}{provider.pk}/", {"fields_of_work": ["plumbing", "all-in-one"]})
    assert response.json()["fields_of_work"] == ["all-in-one"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"fields_of_work": ["no-such-field"]}, "fields_of_work"),
        ({"fields_of_work": []}, "fields_of_work"),
        ({"languages": ["xx"]}, "languages.0"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"service_radius_km": 0}, "service_radius_km"),
        ({"service_radius_km": "ten"}, "service_radius_km"),
        ({"buffer_minutes": -5}, "buffer_minutes"),
        ({"slot_step_minutes": 7}, "slot_step_minutes"),
        ({"company_name": "   "}, "company_name"),
        ({"company_name": "x" * 151}, "company_name"),
        ({"company_name": ["a list"]}, "company_name"),
    ],
)
def test_bad_profile_values_are_400_and_change_nothing(client, provider, data, field):
    signed_in(client, provider)
    response = send(client, "patch", f"{PROVIDERS}{provider.pk}/", {**data, "bio": "changed"})
    assert field in error_fields(response)
    provider.refresh_from_db()
    assert (provider.company_name, provider.bio, provider.buffer_minutes) == ("Drip Stoppers", "", 0)
    assert [c.slug for c in provider.fields_of_work.all()] == ["plumbing"]


def test_nobody_else_patches_a_provider(client, provider, intruder):
    path = f"{PROVIDERS}{provider.pk}/"
    assert send(client, "patch", path, {"company_name": "pwned"}).status_code in (401, 403)
    problem(send(signed_in(client, intruder), "patch", path, {"company_name": "pwned"}), 403)
    problem(send(signed_in(client, UserFactory()), "patch", path, {"company_name": "pwned"}), 403)
    provider.refresh_from_db()
    assert provider.company_name == "Drip Stoppers"


def test_put_on_a_provider_is_not_allowed(client, provider):
    problem(send(signed_in(client, provider), "put", f"{PROVIDERS}{provider.pk}/", {}), 405)


# --- Services -------------------------------------------------------------------------------------------------


def test_provider_lists_a_service_with_packages_and_translations(client, provider):
    signed_in(client, provider)

    response = send(
        client,
        "post",
        SERVICES,
        {
            "name": "Boiler service",
            "description": "<p>Yearly <b>check</b></p><script>x</script>",
            "category": "plumbing",
            "price_per_hour": "45.00",
            "minimum_hours": "1.5",
            "packages": [{"name": "Standard", "price": "80.00", "included_hours": "2"}],
            "translations": [{"language": "fr", "name": "Entretien chaudière", "description": "Contrôle annuel"}],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    service = Service.objects.get(pk=body["id"])
    assert service.provider == provider
    assert service.status == Service.Status.ACTIVE
    assert "<script>" not in service.description
    assert body["languages"] == ["fr"]  # the languages the provider speaks
    assert body["packages"] == [{"name": "Standard", "price": "80.00", "included_hours": "2.00"}]
    assert body["translations"][0]["language"] == "fr"
    assert client.get(f"{SERVICES}{service.pk}/").status_code == 200


def test_provider_changes_pauses_resumes_and_deletes_its_service(client, provider, service, categories):
    provider.fields_of_work.add(categories["electricity"])
    signed_in(client, provider)
    path = f"{SERVICES}{service.pk}/"

    response = send(
        client,
        "patch",
        path,
        {"price_per_hour": "60.00", "category": "electricity", "languages": ["en"], "packages": []},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["price_per_hour"], response.json()["category"]) == ("60.00", "electricity")
    assert response.json()["languages"] == ["en"]

    assert send(client, "post", f"{path}pause/").json()["status"] == "paused"
    assert client.get(path).status_code == 404  # off the public lists
    assert send(client, "post", f"{path}resume/").json()["status"] == "active"
    assert send(client, "delete", path).status_code == 204
    assert not Service.objects.filter(pk=service.pk).exists()


def test_customers_cannot_list_services(client, categories):
    response = send(
        signed_in(client, UserFactory()),
        "post",
        SERVICES,
        {"name": "x", "description": "y", "category": "plumbing", "price_per_hour": "10"},
    )
    problem(response, 403)
    assert not Service.objects.exists()


def test_anonymous_visitors_cannot_write(client, service):
    for method, path in [
        ("post", SERVICES),
        ("patch", f"{SERVICES}{service.pk}/"),
        ("delete", f"{SERVICES}{service.pk}/"),
    ]:
        assert send(client, method, path, {"name": "pwned"}).status_code in (401, 403)
    assert Service.objects.get(pk=service.pk).name == "Leak repair"


@pytest.mark.parametrize("all_in_one_provider", [False, True])
@pytest.mark.parametrize("category", ["all-in-one", "electricity", "no-such-category"])
def test_a_service_only_goes_in_one_of_the_providers_fields_never_all_in_one(
    client, provider, categories, category, all_in_one_provider
):
    if all_in_one_provider:
        provider.fields_of_work.set([categories["all-in-one"]])
    signed_in(client, provider)
    data = {"name": "x", "description": "y", "category": category, "price_per_hour": "10"}
    response = send(client, "post", SERVICES, data)
    if all_in_one_provider and category == "electricity":  # an "All in One" provider lists in any other field
        assert response.status_code == 201, response.content
        return
    assert error_fields(response) == {"category"}
    assert not Service.objects.exists()


def test_all_in_one_is_refused_on_a_change_too(client, provider, service):
    signed_in(client, provider)
    before = snapshot(service)
    response = send(client, "patch", f"{SERVICES}{service.pk}/", {"category": "all-in-one", "name": "Renamed"})
    assert error_fields(response) == {"category"}
    assert snapshot(service) == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"price_per_hour": "-1"}, "price_per_hour"),
        ({"price_per_hour": "0"}, "price_per_hour"),
        ({"price_per_hour": "1" + "0" * 30}, "price_per_hour"),
        ({"price_per_hour": 1e30}, "price_per_hour"),
        ({"price_per_hour": "NaN"}, "price_per_hour"),
        ({"price_per_hour": [1]}, "price_per_hour"),
        ({"minimum_hours": "25"}, "minimum_hours"),
        ({"name": "bad\x00name"}, "name"),
        ({"name": "x" * 100_000}, "name"),
        ({"description": "d" * 1_000_000}, "description"),
        ({"name": {"nested": "object"}}, "name"),
        ({"name": ""}, "name"),
        ({"original_language": "klingon"}, "original_language"),
        ({"languages": "fr"}, "languages"),
        ({"packages": [{"name": "Cheap", "price": "-5", "included_hours": "2"}]}, "packages.0.price"),
        ({"packages": [{"name": "Long", "price": "5", "included_hours": "100"}]}, "packages.0.included_hours"),
        ({"packages": "not a list"}, "packages"),
        ({"translations": [{"language": "en", "name": "Same", "description": "Same"}]}, "translations"),
    ],
)
def test_bad_service_values_are_400_problems_and_change_nothing(client, provider, service, data, field):
    ServicePackageFactory(service=service, name="Existing")
    signed_in(client, provider)
    before = snapshot(service)

    response = send(client, "patch", f"{SERVICES}{service.pk}/", {"name": "Renamed", **data})

    assert field in error_fields(response)
    assert snapshot(service) == before
    created = send(
        client,
        "post",
        SERVICES,
        {"description": "y", "category": "plumbing", "price_per_hour": "10", "name": "New", **data},
    )
    problem(created)
    assert Service.objects.count() == 1


@pytest.mark.parametrize("method", ["patch", "delete"])
@pytest.mark.parametrize("move", ["", "pause/", "resume/"])
def test_another_provider_cannot_touch_your_service(client, service, intruder, method, move):
    if move and method == "delete":
        return
    signed_in(client, intruder)
    before = snapshot(service)
    verb = "post" if move else method
    response = send(client, verb, f"{SERVICES}{service.pk}/{move}", {"name": "pwned", "price_per_hour": "1"})
    problem(response, 403)
    assert snapshot(service) == before


def test_another_providers_paused_service_is_a_404(client, service, intruder):
    Service.objects.filter(pk=service.pk).update(status=Service.Status.PAUSED)
    signed_in(client, intruder)
    problem(send(client, "post", f"{SERVICES}{service.pk}/resume/"), 404)
    problem(send(client, "patch", f"{SERVICES}{service.pk}/", {"name": "pwned"}), 404)
    assert Service.objects.get(pk=service.pk).status == Service.Status.PAUSED


def test_the_owner_can_still_resume_a_paused_service(client, provider, service):
    Service.objects.filter(pk=service.pk).update(status=Service.Status.PAUSED)
    response = send(signed_in(client, provider), "post", f"{SERVICES}{service.pk}/resume/")
    assert response.json()["status"] == "active"


# --- Weekly hours ---------------------------------------------------------------------------------------------


def test_weekly_hours_are_public_and_the_owner_replaces_them(client, provider):
    WeeklyAvailabilityFactory(provider=provider, weekday=0)
    path = f"{PROVIDERS}{provider.pk}/weekly-hours/"

    public = client.get(path).json()
    assert public == {
        "time_zone": "Europe/Paris",
        "intervals": [{"weekday": 0, "start_time": "09:00:00", "end_time": "17:00:00"}],
    }
    response = send(
        signed_in(client, provider),
        "put",
        path,
        {
            "intervals": [
                {"weekday": 1, "start_time": "08:00", "end_time": "12:00"},
                {"weekday": 1, "start_time": "13:00", "end_time": "00:00"},
            ]
        },
    )

    assert response.status_code == 200, response.content
    assert hours(provider) == [(1, time(8), time(12)), (1, time(13), time(0))]
    assert len(response.json()["intervals"]) == 2


@pytest.mark.parametrize(
    ("intervals", "field"),
    [
        ([{"weekday": 0, "start_time": "08:00", "end_time": "12:00"},
          {"weekday": 0, "start_time": "11:00", "end_time": "14:00"}], "intervals"),
        ([{"weekday": 0, "start_time": "12:00", "end_time": "08:00"}], "intervals"),
        ([{"weekday": 7, "start_time": "08:00", "end_time": "12:00"}], "intervals.0.weekday"),
        ([{"weekday": 0, "start_time": "25:00", "end_time": "12:00"}], "intervals.0.start_time"),
        ([{"weekday": 0, "start_time": "08:00:30", "end_time": "12:00"}], "intervals.0.start_time"),
        ([{"weekday": 0, "start_time": "08:00+02:00", "end_time": "12:00"}], "intervals.0.start_time"),
        ([{"weekday": "monday", "start_time": "08:00", "end_time": "12:00"}], "intervals.0.weekday"),
        ("every day", "intervals"),
    ],
)  # fmt: skip
def test_bad_or_overlapping_hours_are_refused_and_the_old_ones_stay(client, provider, intervals, field):
    WeeklyAvailabilityFactory(provider=provider, weekday=0)
    signed_in(client, provider)
    response = send(client, "put", f"{PROVIDERS}{provider.pk}/weekly-hours/", {"intervals": intervals})
    body = problem(response)
    assert field in {error["field"] for error in body["errors"]}
    if field == "intervals" and isinstance(intervals, list) and len(intervals) == 2:
        assert "overlaps" in body["errors"][0]["message"]
    assert hours(provider) == [(0, time(9), time(17))]


def test_nobody_else_changes_your_hours(client, provider, intruder):
    WeeklyAvailabilityFactory(provider=provider, weekday=0)
    data = {"intervals": []}
    path = f"{PROVIDERS}{provider.pk}/weekly-hours/"
    assert send(client, "put", path, data).status_code in (401, 403)
    problem(send(signed_in(client, intruder), "put", path, data), 403)
    problem(send(signed_in(client, UserFactory()), "put", path, data), 403)
    assert hours(provider) == [(0, time(9), time(17))]


# --- Time off -------------------------------------------------------------------------------------------------


@time_machine.travel(JANUARY_2027, tick=False)
def test_provider_adds_lists_and_deletes_time_off(client, provider):
    signed_in(client, provider)
    path = f"{PROVIDERS}{provider.pk}/time-off/"

    local = send(
        client, "post", path, {"starts_at": "2027-02-01T09:00", "ends_at": "2027-02-03T18:00", "reason": "Ski"}
    )
    aware = send(client, "post", path, {"starts_at": "2027-03-01T00:00:00Z", "ends_at": "2027-03-02T00:00:00Z"})

    assert local.status_code == 201, local.content
    assert local.json()["starts_at"] == "2027-02-01T08:00:00Z"  # 09:00 in Paris, winter time
    assert aware.status_code == 201, aware.content
    listed = client.get(path).json()["results"]
    assert [item["reason"] for item in listed] == ["Ski", ""]
    assert send(client, "delete", f"{path}{local.json()['id']}/").status_code == 204
    assert list(TimeOff.objects.values_list("pk", flat=True)) == [aware.json()["id"]]


@time_machine.travel(JANUARY_2027, tick=False)
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts_at": "2027-02-03T09:00", "ends_at": "2027-02-01T09:00"}, "ends_at"),
        ({"starts_at": "2026-02-01T09:00", "ends_at": "2026-02-03T09:00"}, "ends_at"),
        ({"starts_at": "2027-03-28T02:30", "ends_at": "2027-03-29T09:00"}, "starts_at"),  # skipped by DST in Paris
        ({"starts_at": "0001-01-01T00:00+01:00", "ends_at": "2027-02-01T09:00"}, "starts_at"),
        ({"starts_at": "9999-12-31T23:59-01:00", "ends_at": "2027-02-01T09:00"}, "starts_at"),
        ({"starts_at": "tomorrow", "ends_at": "2027-02-01T09:00"}, "starts_at"),
        ({"starts_at": "2027-02-01T09:00", "ends_at": "2027-02-02T09:00", "reason": "r" * 201}, "reason"),
    ],
)
def test_bad_time_off_is_refused(client, provider, data, field):
    signed_in(client, provider)
    response = send(client, "post", f"{PROVIDERS}{provider.pk}/time-off/", data)
    assert field in error_fields(response)
    assert not TimeOff.objects.exists()


def test_time_off_is_private(client, provider, intruder):
    time_off = TimeOffFactory(
        provider=provider, reason="Owner's holiday", ends_at=datetime.datetime(2099, 1, 1, tzinfo=UTC)
    )
    own = f"{PROVIDERS}{provider.pk}/time-off/"
    assert client.get(own).status_code in (401, 403)
    signed_in(client, intruder)
    problem(client.get(own), 404)
    problem(send(client, "post", own, {"starts_at": "2099-02-01T09:00", "ends_at": "2099-02-02T09:00"}), 404)
    problem(send(client, "delete", f"{own}{time_off.pk}/"), 404)
    # the intruder's own URL, naming the owner's time off
    problem(send(client, "delete", f"{PROVIDERS}{intruder.pk}/time-off/{time_off.pk}/"), 404)
    assert list(TimeOff.objects.values_list("reason", flat=True)) == ["Owner's holiday"]


# --- Scopes ---------------------------------------------------------------------------------------------------


def provider_app_token(user, scope: list[str]) -> str:
    """An access token from the authorization code flow of an app that may ask for the listings scopes."""
    app = api_client_create(
        name="Provider app",
        grant_types=["authorization_code"],
        scopes=["openid", "listings:read", "listings:write"],
        redirect_uris=[REDIRECT_URI],
        public=True,
    )
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    verifier, challenge = _pkce_pair()
    code = _code_from(_consent(browser, app.client.pk, scope, challenge))
    response = _exchange(Client(), app.client.pk, code, verifier)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def test_a_token_needs_listings_write_to_change_a_listing(client, provider, service):
    read_only = provider_app_token(provider.user, ["openid", "listings:read"])
    response = send(client, "patch", f"{SERVICES}{service.pk}/", {"name": "Renamed"}, **_bearer(read_only))
    assert problem(response, 403)["type"].endswith("/insufficient-scope")
    assert client.get(f"{PROVIDERS}{provider.pk}/time-off/", **_bearer(read_only)).status_code == 200

    writer = provider_app_token(provider.user, ["openid", "listings:write"])
    response = send(client, "patch", f"{SERVICES}{service.pk}/", {"name": "Renamed"}, **_bearer(writer))
    assert response.status_code == 200, response.content
    assert Service.objects.get(pk=service.pk).name == "Renamed"


def test_a_client_credentials_token_has_no_provider_to_write_for(client, service):
    token = _client_credentials_token(client, ["listings:write"])
    response = send(client, "patch", f"{SERVICES}{service.pk}/", {"name": "Renamed"}, **_bearer(token))
    problem(response, 403)
    assert Service.objects.get(pk=service.pk).name == "Leak repair"
