"""The search page (``/<lang>/search/``): results with facets, filters, autocomplete, infinite scroll, query budget."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from providers.demo import seed_categories
from search.indexing import index_services
from tests.factories.providers import ServiceFactory

pytestmark = pytest.mark.django_db

HTMX_MORE = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-more"}


@pytest.fixture
def catalogue():
    """Three leak repairs (plumbing) and two wiring jobs (electrical), indexed."""
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


def test_search_page_shows_results_and_facets(client, catalogue):
    response = client.get("/en/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-service="') == 5
    assert 'name="category" value="plumbing"' in html
    assert response.context["page"].total == 5
    options = {category.slug: count for category, count in response.context["category_options"]}
    assert (options["plumbing"], options["electricity"]) == (3, 2)


def test_result_cards_keep_an_untranslated_text_in_its_own_direction(client, catalogue):
    """On the Arabic page the English names (no Arabic translation) are marked English, laid out left to right."""
    arabic = client.get("/ar/search/", {"category": "electricity"}).content.decode()
    assert len(re.findall(r'<h3 [^>]*lang="en" dir="auto">\s*<a [^>]*>Wiring check \d</a>', arabic)) == 2
    english = client.get("/en/search/", {"category": "electricity"}).content.decode()
    assert 'dir="auto"' not in english


@pytest.mark.postgres
def test_a_misspelt_search_is_corrected_and_said_so(client, catalogue):
    """On PostgreSQL "Leak repar" finds nothing as typed: the page and the API show what "Leak repair" finds."""
    html = client.get("/en/search/", {"q": "Leak repar"}).content.decode()
    assert "Nothing matched “Leak repar”: showing results for “Leak repair”." in html
    assert len(re.findall(r">Leak repair \d<", html)) == 3
    assert 'value="Leak repar"' in html  # the box keeps what was typed
    api = client.get("/api/v1/services/", {"q": "Leak repar"}).json()
    assert (api["corrected_text"], api["count"]) == ("Leak repair", 3)
    assert client.get("/api/v1/services/", {"q": "leak repair"}).json()["corrected_text"] == ""
    emptied = client.get("/en/search/", {"q": "leak", "category": "electricity"}).content.decode()
    assert "showing results for" not in emptied  # the filter found nothing, not the words


def test_search_page_filters_narrow(client, catalogue):
    response = client.get("/en/search/", {"q": "leak", "price_max": "21"})
    assert response.status_code == 200
    names = [service.name for service in response.context["services"]]
    assert sorted(names) == ["Leak repair 0", "Leak repair 1"]


def test_price_bands_link_to_exactly_what_they_count(client, catalogue):
    """Leak repairs cost 20–22, wiring checks 80–81 (and one exactly 25, on a band's edge): each band's link finds
    as many services as its count, and the chosen band is marked instead of linked."""
    edge = ServiceFactory(name="Leak repair edge", category=catalogue[0].category, price_per_hour=Decimal(25))
    index_services([edge.pk])
    response = client.get("/en/search/")
    options = response.context["price_options"]
    assert [(option.label, option.count) for option in options] == [
        ("Under $25", 3),
        ("$25 to $50", 1),
        ("$50 to $100", 2),
        ("$100 to $200", 0),
        ("$200 and more", 0),
    ]
    html = response.content.decode()
    assert 'href="/en/search/?price_max=24.99"' in html
    assert '<span class="text-body-secondary">$200 and more</span>' in html  # nothing to find: not a link
    for option in options[:3]:
        narrowed = client.get(option.url)
        assert narrowed.context["page"].total == option.count, option.label
        chosen = [choice for choice in narrowed.context["price_options"] if choice.selected]
        assert [choice.label for choice in chosen] == [option.label]
        assert f'<span class="fw-semibold" aria-current="true">{option.label}</span>' in narrowed.content.decode()


def test_price_bands_keep_the_search_and_drop_the_page(client, catalogue):
    response = client.get("/en/search/", {"q": "leak", "price_min": "1", "page": "1", "sort": "price"})
    url = response.context["price_options"][0].url
    assert url == "/en/search/?q=leak&sort=price&price_max=24.99"


def test_price_bands_are_named_in_the_language(client, catalogue):
    response = client.get("/fr/search/")
    assert [option.label for option in response.context["price_options"]][:2] == [
        "Moins de 25\u00a0$",
        "25\u00a0$ à 50\u00a0$",
    ]


def test_search_page_category_filter(client, catalogue):
    response = client.get("/en/search/?category=electricity")
    assert {service.category.slug for service in response.context["services"]} == {"electricity"}
    assert response.context["page"].total == 2


def test_search_page_empty_state(client, catalogue):
    response = client.get("/en/search/", {"q": "zebra"})
    assert response.status_code == 200
    assert 'id="search-empty"' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"price_min": "-1"}, "price_min"),
        ({"radius": "1000000000", "lat": "48.85", "lon": "2.35"}, "radius"),
        ({"date": "2027-13-45"}, "date"),
        ({"q": "x" * 10_000}, "q"),
        ({"page": "0"}, "page"),
        ({"sort": "'; DROP TABLE"}, "sort"),
    ],
)
def test_search_page_bad_input_is_400_next_to_the_field(client, catalogue, params, field):
    response = client.get("/en/search/", params)
    assert response.status_code == 400
    assert field in response.context["errors"]
    assert f'id="search-{field.replace("_", "-")}-errors"' in response.content.decode()


@pytest.mark.parametrize("q", ["' OR 1=1 --", '"*NEAR(', "a AND (b OR", "\x00", "🙂" * 50])
def test_search_page_hostile_text_never_fails(client, catalogue, q):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code in {200, 400}


def test_suggest_returns_the_suggestions_partial(client, catalogue):
    response = client.get("/en/search/suggest/", {"q": "lea"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "data-suggestion" in html
    assert "Leak repair" in html


def test_suggest_short_prefix_is_empty(client, catalogue):
    response = client.get("/en/search/suggest/", {"q": "l"})
    assert response.status_code == 200
    assert "data-suggestion" not in response.content.decode()


def test_infinite_scroll_returns_the_next_page_only(client, catalogue):
    first = client.get("/en/search/", {"sort": "price", "page_size": "2"})
    assert '<link rel="next"' in first.content.decode()
    assert 'hx-trigger="revealed"' in first.content.decode()

    response = client.get("/en/search/", {"sort": "price", "page_size": "2", "page": "2"}, **HTMX_MORE)

    html = response.content.decode()
    assert "<html" not in html
    assert [service.name for service in response.context["services"]] == ["Leak repair 2", "Wiring check 0"]
    assert html.count('data-service="') == 2
    assert "page=3" in html  # the new sentinel asks for the page after
    assert 'name="category"' not in html  # no filters form: cards only


def test_plain_pagination_links_work_without_javascript(client, catalogue):
    response = client.get("/en/search/", {"sort": "price", "page_size": "2", "page": "3"})
    html = response.content.decode()
    assert [service.name for service in response.context["services"]] == ["Wiring check 1"]
    assert 'rel="prev"' in html
    assert "page_size=2" in response.context["previous_url"]


def test_results_page_query_count_does_not_grow_with_page_size(client, django_assert_num_queries):
    """Item 7: a page of 5 and a page of 50 run the same number of SQL queries."""
    categories = seed_categories()
    services = ServiceFactory.create_batch(50, category=categories["plumbing"])
    index_services([service.pk for service in services])
    client.get("/en/search/", {"page_size": "5"})  # warm caches (site, categories' translations)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get("/en/search/", {"page_size": "5"}).status_code == 200
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/en/search/", {"page_size": "50"})
    assert len(response.context["services"]) == 50
