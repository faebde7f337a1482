"""``GET /api/v1/services/`` with search parameters: the page's search service, facets, and 400s for bad input."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import pytest

from providers.demo import seed_categories
from search.indexing import index_services
from tests.factories.providers import ServiceFactory

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def catalogue():
    """Three leak repairs (plumbing) and two wiring jobs (electricity), indexed."""
    categories = seed_categories()
    services = [
        ServiceFactory(name=f"Leak repair {n}", category=categories["plumbing"], price_per_hour=Decimal(20 + n))
        for n in range(3)
    ] + [
        ServiceFactory(name=f"Wiring check {n}", category=categories["electricity"], price_per_hour=Decimal(80 + n))
        for n in range(2)
    ]
    index_services([service.pk for service in services])
    return services


def test_api_search_text_and_price(client, catalogue):
    response = client.get("/api/v1/services/", {"q": "leak", "price_max": "21", "sort": "-price"})
    assert response.status_code == 200
    body = response.json()
    assert [item["name"] for item in body["results"]] == ["Leak repair 1", "Leak repair 0"]
    assert body["count"] == 2
    assert {"distance_km", "promoted"} <= body["results"][0].keys()
    assert {"categories", "price_bands", "ratings", "verified"} == body["facets"].keys()


def test_api_search_same_results_as_the_page(client, catalogue):
    """Item 1: one search service behind both."""
    params = {"q": "repair", "sort": "price", "page_size": "2"}
    api = [item["id"] for item in client.get("/api/v1/services/", params).json()["results"]]
    page = [service.pk for service in client.get("/en/search/", params).context["services"]]
    assert api == page
    assert len(api) == 2


def test_api_search_pages_link_on(client, catalogue):
    body = client.get("/api/v1/services/", {"sort": "price", "page_size": "2", "page": "2"}).json()
    assert "page=3" in body["next"]
    assert "page=" not in body["previous"]
    assert [item["name"] for item in body["results"]] == ["Leak repair 2", "Wiring check 0"]


def test_api_several_categories_search(client, catalogue):
    query = urlencode([("category", "plumbing"), ("category", "electricity")])
    body = client.get(f"/api/v1/services/?{query}").json()
    assert body["count"] == 5
    assert "facets" in body


def test_api_list_without_search_params_is_unchanged(client, catalogue):
    """No search parameter: the plain list, newest first, no facets (existing clients see no change)."""
    body = client.get("/api/v1/services/").json()
    assert "facets" not in body
    assert [item["name"] for item in body["results"]] == [service.name for service in reversed(catalogue)]
    assert "distance_km" not in body["results"][0]
    only_plumbing = client.get("/api/v1/services/", {"category": "plumbing"}).json()
    assert "facets" not in only_plumbing
    assert only_plumbing["count"] == 3
    provider = catalogue[0].provider_id
    assert client.get("/api/v1/services/", {"provider": provider}).json()["count"] == 1


def test_api_provider_filter_narrows_a_search(client, catalogue):
    """``?provider=`` with search parameters searches that provider's services only (facets included)."""
    provider = catalogue[0].provider_id
    body = client.get("/api/v1/services/", {"provider": provider, "q": "leak"}).json()
    assert [item["id"] for item in body["results"]] == [catalogue[0].pk]
    assert body["count"] == 1
    assert sum(facet["count"] for facet in body["facets"]["categories"]) == 1
    nobody = client.get("/api/v1/services/", {"provider": provider, "q": "wiring"}).json()
    assert nobody["count"] == 0


@pytest.mark.parametrize("provider", ["abc", "0", "-3", "1" * 13, "1.5"])
def test_api_provider_filter_in_a_search_must_be_an_id(client, catalogue, provider):
    response = client.get("/api/v1/services/", {"provider": provider, "q": "leak"})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_JSON
    assert [error["field"] for error in response.json()["errors"]] == ["provider"]


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"price_min": "-1"}, {"price_min"}),
        ({"radius": "1000000000", "lat": "48.85", "lon": "2.35"}, {"radius"}),
        ({"date": "2027-13-45"}, {"date"}),
        ({"q": "leak", "page": "0"}, {"page"}),
        ({"price_min": "-1", "sort": "nope", "lang": "xx"}, {"price_min", "sort", "lang"}),
        ({"q": "x" * 1_000_000}, {"q"}),
    ],
)
def test_api_bad_search_params_are_400_naming_each(client, catalogue, params, fields):
    response = client.get(f"/api/v1/services/?{urlencode(params)}")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_JSON
    assert {error["field"] for error in response.json()["errors"]} == fields


@pytest.mark.parametrize("q", ["' OR 1=1 --", '"*NEAR(', "leak' --", "NEAR(leak repair, 2)", "a\\b%_"])
def test_api_hostile_text_is_a_result_not_an_error(client, catalogue, q):
    response = client.get("/api/v1/services/", {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_api_schema_documents_the_search_parameters(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for name in ("price_min", "price_max", "radius", "near", "sort", "lang"):
        assert f"name: {name}" in schema or f'"name": "{name}"' in schema
