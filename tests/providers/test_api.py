"""Read-only REST endpoints for providers, services and a service's bookable start times (``/api/v1/``).

Everything goes through the real URLs with Django's test client; the slot tests fix the clock with time-machine so
the expected UTC instants, written out by hand, do not depend on the day the suite runs.
"""

from __future__ import annotations

import datetime
from datetime import UTC, time
from decimal import Decimal

import pytest
import time_machine

from providers.models import WeeklyAvailability
from tests.accounts.test_oidc import _bearer, _client_credentials_token
from tests.factories.providers import (
    CategoryFactory,
    ProviderProfileFactory,
    ServiceFactory,
    WeeklyAvailabilityFactory,
)
from tests.providers.test_verification import _verified_provider

pytestmark = pytest.mark.django_db

PROVIDERS = "/api/v1/providers/"
SERVICES = "/api/v1/services/"
MARCH_1_2027 = datetime.datetime(2027, 3, 1, tzinfo=UTC)


def _problem(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def _error_fields(response) -> set[str]:
    return {error["field"] for error in _problem(response)["errors"]}


# --- Providers ------------------------------------------------------------------------------------------------------


def test_provider_list_and_detail_show_fields_zone_and_verified_flag(client):
    verified = _verified_provider(company_name="Aardvark Plumbing", time_zone="Europe/Paris")
    ProviderProfileFactory(company_name="Zebra Locks")

    listing = client.get(PROVIDERS)

    assert listing.status_code == 200
    results = listing.json()["results"]
    assert [row["company_name"] for row in results] == ["Aardvark Plumbing", "Zebra Locks"]
    assert results[0] == {
        "id": verified.pk,
        "company_name": "Aardvark Plumbing",
        "fields_of_work": ["plumbing"],
        "time_zone": "Europe/Paris",
        "verified": True,
        "created_at": results[0]["created_at"],
    }
    assert results[1]["verified"] is False
    detail = client.get(f"{PROVIDERS}{verified.pk}/").json()
    assert detail == results[0]


def test_unverified_provider_stays_listed_under_hide(client, settings):
    """Decision 0026: "hide" hides an unverified provider's services, not its company."""
    settings.UNVERIFIED_LISTINGS = "hide"
    provider = ProviderProfileFactory()
    assert client.get(f"{PROVIDERS}{provider.pk}/").json()["verified"] is False


@pytest.mark.parametrize("path", ["999999/", "abc/", "99999999999999999999999/"])
def test_unknown_provider_is_a_problem_404(client, path):
    assert _problem(client.get(f"{PROVIDERS}{path}"), 404)["status"] == 404


@pytest.mark.parametrize("count", [2, 12])
def test_provider_list_query_count_is_flat(client, django_assert_max_num_queries, count):
    for _ in range(count):
        _verified_provider()
    with django_assert_max_num_queries(3):  # count, page, fields of work
        response = client.get(PROVIDERS)
    assert len(response.json()["results"]) == count


# --- Services -------------------------------------------------------------------------------------------------------


def test_service_list_and_detail_fields(client, settings):
    settings.CURRENCY = "EUR"
    provider = _verified_provider(company_name="Aardvark Plumbing")
    service = ServiceFactory(
        provider=provider, name="Leak repair", price_per_hour=Decimal("42.50"), minimum_hours=Decimal("1.5")
    )

    body = client.get(SERVICES).json()

    assert body["count"] == 1
    row = body["results"][0]
    assert row == {
        "id": service.pk,
        "name": "Leak repair",
        "description": "Fast and tidy.",
        "category": "plumbing",
        "provider": {"id": provider.pk, "company_name": "Aardvark Plumbing"},
        "price_per_hour": "42.50",
        "currency": "EUR",
        "minimum_hours": "1.50",
        "provider_verified": True,
        "created_at": row["created_at"],
    }
    assert client.get(f"{SERVICES}{service.pk}/").json() == row


def test_service_list_is_newest_first(client):
    older = ServiceFactory()
    newer = ServiceFactory()
    assert [row["id"] for row in client.get(SERVICES).json()["results"]] == [newer.pk, older.pk]


def test_service_list_filters_by_category_slug_and_provider(client):
    plumbing = ServiceFactory(category=CategoryFactory(slug="plumbing", name="Plumbing"))
    locks = ServiceFactory(category=CategoryFactory(slug="locksmith", name="Locksmith"))
    same_provider = ServiceFactory(provider=locks.provider, category=plumbing.category)

    def ids(query: str) -> set[int]:
        return {row["id"] for row in client.get(f"{SERVICES}?{query}").json()["results"]}

    assert ids("category=plumbing") == {plumbing.pk, same_provider.pk}
    assert ids("category=locksmith") == {locks.pk}
    assert ids(f"provider={locks.provider.pk}") == {locks.pk, same_provider.pk}
    assert ids(f"provider={locks.provider.pk}&category=plumbing") == {same_provider.pk}


def test_all_in_one_filter_lists_services_of_providers_in_every_field(client):
    all_in_one = CategoryFactory(slug="all-in-one", name="All in One")
    generalist = ServiceFactory()
    generalist.provider.fields_of_work.add(all_in_one)
    ServiceFactory()
    rows = client.get(f"{SERVICES}?category=all-in-one").json()["results"]
    assert [row["id"] for row in rows] == [generalist.pk]


def test_filter_values_that_match_nothing_give_an_empty_list(client):
    ServiceFactory()
    for query in (
        "category=no-such-field",
        "provider=999999",
        "provider=0",
        "provider=99999999999999999999999",
        "provider=-99999999999999999999999",
    ):
        response = client.get(f"{SERVICES}?{query}")
        assert response.status_code == 200, query
        assert response.json()["results"] == [], query


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("provider=abc", "provider"),
        ("provider=1.5", "provider"),
        ("provider=", "provider"),
        ("category=", "category"),
        ("category=plomber%C3%ADa", "category"),
        ("category=a%00b", "category"),
        ("page=", "page"),
    ],
)
def test_filters_of_the_wrong_form_are_a_400_naming_them(client, query, field):
    ServiceFactory()
    assert _error_fields(client.get(f"{SERVICES}?{query}")) == {field}


def test_hide_leaves_unverified_services_out_and_404s_them(client, settings):
    shown = ServiceFactory(provider=_verified_provider())
    hidden = ServiceFactory()
    settings.UNVERIFIED_LISTINGS = "hide"

    assert [row["id"] for row in client.get(SERVICES).json()["results"]] == [shown.pk]
    _problem(client.get(f"{SERVICES}{hidden.pk}/"), 404)
    _problem(client.get(f"{SERVICES}{hidden.pk}/slots/?start=2027-03-01&end=2027-03-02"), 404)
    settings.UNVERIFIED_LISTINGS = "flag"
    flagged = client.get(f"{SERVICES}{hidden.pk}/").json()
    assert flagged["provider_verified"] is False


@pytest.mark.parametrize("path", ["999999/", "abc/", "99999999999999999999999/", "999999/slots/"])
def test_unknown_service_is_a_problem_404(client, path):
    assert _problem(client.get(f"{SERVICES}{path}?start=2027-03-01&end=2027-03-01"), 404)["status"] == 404


@pytest.mark.parametrize("count", [2, 12])
def test_service_list_query_count_is_flat(client, django_assert_max_num_queries, count):
    ServiceFactory.create_batch(count, provider=_verified_provider())
    # count, page (verification is a subquery), the page's translations for the active language (service_list)
    with django_assert_max_num_queries(3):
        response = client.get(SERVICES)
    assert len(response.json()["results"]) == count
    with django_assert_max_num_queries(4):  # and the category named in the filter
        response = client.get(f"{SERVICES}?category=plumbing")
    assert len(response.json()["results"]) == count


def test_bearer_token_without_api_scopes_reads_public_endpoints(client):
    """``PUBLIC_READ``: a client-credentials token with no particular scope passes the scope check."""
    service = ServiceFactory()
    token = _client_credentials_token(client, ["account:read"])
    for path in (PROVIDERS, f"{PROVIDERS}{service.provider.pk}/", SERVICES, f"{SERVICES}{service.pk}/"):
        assert client.get(path, **_bearer(token)).status_code == 200, path


def test_services_are_read_only_for_visitors(client):
    """Writes are the provider's own (tests/providers/test_api_writes.py); a visitor cannot write, nobody can PUT."""
    service = ServiceFactory()
    assert _problem(client.post(SERVICES, {}), 401)["status"] == 401
    client.force_login(service.provider.user)
    assert _problem(client.put(f"{SERVICES}{service.pk}/", {}), 405)["status"] == 405


# --- Slots ----------------------------------------------------------------------------------------------------------


def _paris_sunday_service(**provider_settings) -> int:
    """Europe/Paris, Sundays 01:00–05:00 local, half-hour steps, no notice; 1-hour minimum."""
    provider = ProviderProfileFactory(time_zone="Europe/Paris", minimum_notice_hours=0, **provider_settings)
    WeeklyAvailabilityFactory(
        provider=provider, weekday=WeeklyAvailability.Weekday.SUNDAY, start_time=time(1), end_time=time(5)
    )
    return ServiceFactory(provider=provider, minimum_hours=Decimal("1")).pk


@time_machine.travel(MARCH_1_2027, tick=False)
def test_slots_on_the_spring_forward_day_are_utc_and_skip_the_missing_hour(client):
    """2027-03-28 in Paris: 02:00 CET jumps to 03:00 CEST (01:00Z), so 02:00 and 02:30 local never happen.

    A 2-hour job can start 01:00 CET (00:00Z), 01:30 CET (00:30Z) or 03:00 CEST (01:00Z, ends 05:00 CEST).
    """
    pk = _paris_sunday_service()

    response = client.get(f"{SERVICES}{pk}/slots/?start=2027-03-28&end=2027-03-28&duration_hours=2")

    assert response.status_code == 200, response.content
    assert response.json() == {
        "service": pk,
        "time_zone": "Europe/Paris",
        "duration_hours": "2.00",
        "starts": ["2027-03-28T00:00:00Z", "2027-03-28T00:30:00Z", "2027-03-28T01:00:00Z"],
    }


@time_machine.travel(MARCH_1_2027, tick=False)
def test_slots_default_to_the_service_minimum_and_span_the_range(client, settings):
    settings.TIME_ZONE = "America/New_York"  # the site's zone must not leak into the answer
    pk = _paris_sunday_service()

    body = client.get(f"{SERVICES}{pk}/slots/?start=2027-03-20&end=2027-03-21").json()

    assert body["duration_hours"] == "1.00"
    # Sunday 2027-03-21 is still CET (UTC+1): 01:00–04:00 local every half hour is 00:00Z–03:00Z
    assert body["starts"] == [f"2027-03-21T{hour:02d}:{minute:02d}:00Z" for hour in range(3) for minute in (0, 30)] + [
        "2027-03-21T03:00:00Z"
    ]


@time_machine.travel(MARCH_1_2027, tick=False)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("end=2027-03-28", "start"),
        ("start=2027-03-28", "end"),
        ("start=28/03/2027&end=2027-03-28", "start"),
        ("start=2027-03-28&end=2027-02-30", "end"),
        ("start=2027-03-28&end=2027-03-27", "end"),
        ("start=2027-03-01&end=2027-04-01", "end"),  # 32 days counting both ends
        ("start=2027-03-28&end=2027-03-28&duration_hours=0", "duration_hours"),
        ("start=2027-03-28&end=2027-03-28&duration_hours=-1", "duration_hours"),
        ("start=2027-03-28&end=2027-03-28&duration_hours=24.5", "duration_hours"),
        ("start=2027-03-28&end=2027-03-28&duration_hours=two", "duration_hours"),
        ("start=2027-03-28&end=2027-03-28&duration_hours=nan", "duration_hours"),
        ("start=2027-03-28&end=2027-03-28&duration_hours=0.5", "duration_hours"),  # below the 1-hour minimum
    ],
)
def test_bad_slot_parameters_are_a_400_naming_the_parameter(client, query, field):
    pk = _paris_sunday_service()
    response = client.get(f"{SERVICES}{pk}/slots/?{query}")
    body = _problem(response)
    assert body["type"] == "https://netfix.test/problems/validation-error"
    assert {error["field"] for error in body["errors"]} == {field}


@time_machine.travel(MARCH_1_2027, tick=False)
def test_slots_accept_a_31_day_range(client):
    pk = _paris_sunday_service()
    response = client.get(f"{SERVICES}{pk}/slots/?start=2027-03-01&end=2027-03-31")
    assert response.status_code == 200
    assert len(response.json()["starts"]) == 3 * 7 + 5  # four Sundays; the DST one loses its 02:00 and 02:30


def test_slots_schema_documents_the_query_and_response(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/services/{id}/slots/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"id", "start", "end", "duration_hours"}
    assert parameters["start"]["required"]
    assert parameters["end"]["required"]
    assert parameters["start"]["schema"]["format"] == "date"
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/Slots"}
    assert {"oauth2": []} in operation["security"]
