"""Every page renders in all four languages, right-to-left in Arabic, with alternates, menus and promotions.

The translated tree takes a while to build through wagtail-localize, so one test walks all of it.
"""

import re

import pytest
from wagtail.models import Page

from home.models import CategoryPage, HomePage
from tests.factories import ServiceFactory

LANGUAGES = ["en", "fr", "es", "ar"]
PATHS = [
    "",
    "services/",
    "services/most-requested/",
    "services/plumbing/",
    "services/all-in-one/",
    "about/",
    "trust-and-safety/",
    "spring-cleaning/",
]


@pytest.mark.django_db
def test_every_page_renders_in_every_language(client, translated_site_tree):
    """One pass over the whole translated tree: status, language, direction, alternates and translated content."""
    titles = {}
    for lang in LANGUAGES:
        for path in PATHS:
            url = f"/{lang}/{path}"
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' in html, url
            assert html.count('rel="alternate" hreflang=') == 4, url
            assert f'<link rel="canonical" href="http://testserver{url}">' in html, url
            titles[(lang, path)] = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()
    # The words really are translated, not the English copied four times.
    assert titles[("fr", "services/plumbing/")] == "Plomberie"
    assert titles[("es", "services/plumbing/")] == "Fontanería"
    assert titles[("ar", "services/plumbing/")] == "السباكة"
    assert len({titles[(lang, "")] for lang in LANGUAGES}) == 4

    # The language switcher keeps the visitor on the same page, route included.
    html = client.get("/fr/services/most-requested/").content.decode()
    for lang in LANGUAGES:
        assert re.search(rf'href="/{lang}/services/most-requested/"\s+hreflang="{lang}"', html), lang
    assert 'aria-current="true">français' in html

    # Arabic: Bootstrap's RTL build, and menus that link to the Arabic pages.
    html = client.get("/ar/").content.decode()
    assert "bootstrap.rtl.min.css" in html
    assert 'href="/ar/services/"' in html

    # The sitemap covers every language, routes included.
    xml = client.get("/sitemap.xml").content.decode()
    for lang in LANGUAGES:
        assert f"/{lang}/services/plumbing/</loc>" in xml
        assert f"/{lang}/services/most-requested/</loc>" in xml


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


@pytest.mark.django_db
def test_category_page_lists_its_services_newest_first(client, site_tree):
    plumbing = CategoryPage.objects.get(slug="plumbing").category
    older = ServiceFactory(name="Old leak fix", category=plumbing)
    newer = ServiceFactory(name="New drain service", category=plumbing)
    other = ServiceFactory(name="Garden tidy", category__slug="gardening", category__name="Gardening")
    html = client.get("/en/services/plumbing/").content.decode()
    assert html.index(newer.name) < html.index(older.name)
    assert other.name not in html
    assert "$10.50 / hour" in html


@pytest.mark.django_db
def test_all_in_one_page_lists_services_of_all_in_one_providers(client, site_tree):
    all_in_one = CategoryPage.objects.get(slug="all-in-one").category
    versatile = ServiceFactory(name="Handyman visit")
    versatile.provider.fields_of_work.add(all_in_one)
    specialist = ServiceFactory(name="Pipe relining")
    html = client.get("/en/services/all-in-one/").content.decode()
    assert versatile.name in html
    assert specialist.name not in html


@pytest.mark.django_db
def test_listings_are_paginated_without_javascript(client, site_tree):
    ServiceFactory.create_batch(14)
    first = client.get("/en/services/").content.decode()
    second = client.get("/en/services/", {"page": 2}).content.decode()
    assert first.count('class="card h-100 shadow-sm"') == 12
    assert second.count('class="card h-100 shadow-sm"') == 2
    assert 'rel="next"' in first
    assert client.get("/en/services/", {"page": "999"}).status_code == 200  # the last page, not an error


@pytest.mark.django_db
def test_home_page_shows_seo_and_open_graph_tags(client, site_tree):
    html = client.get("/en/").content.decode()
    home = HomePage.objects.get(locale__language_code="en")
    assert f'<meta name="description" content="{home.search_description}">' in html
    assert '<meta property="og:title"' in html
    assert 'loading="lazy"' in html
    assert ".webp" in html


@pytest.mark.django_db
def test_home_hero_searches_what_and_where(client, site_tree):
    """The hero's search box sends what and where to the search page, as a plain form (no JavaScript needed)."""
    html = client.get("/en/").content.decode()
    form = re.search(
        r'<form class="netfix-hero-search[^"]*" method="get" action="([^"]+)" role="search">(.*?)</form>', html, re.S
    )
    assert form is not None
    assert form.group(1) == "/en/search/"
    assert re.findall(r'name="(\w+)"', form.group(2)) == ["q", "near"]
    assert 'id="' not in form.group(2)  # labels wrap their inputs: a second hero repeats no id
    found = client.get(form.group(1), {"q": "leak", "near": "Paris"})
    assert found.status_code == 200
    query = found.context["page"].query
    assert (query.text, round(query.latitude), round(query.longitude)) == ("leak", 49, 2)  # "where" was geocoded

    home = HomePage.objects.get(locale__language_code="en")
    hero = home.body[0]
    assert hero.block_type == "hero"
    hero.value["show_search"] = False
    home.save_revision().publish()
    assert "netfix-hero-search" not in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_a_landing_page_hero_leads_with_its_own_button(client, site_tree):
    """Campaign pages keep the search box off unless an editor turns it on: the page's button is its aim."""
    html = client.get("/en/spring-cleaning/").content.decode()
    assert "netfix-hero-search" not in html
    assert re.search(r'<a class="btn btn-primary btn-lg" href="[^"]+">', html)


@pytest.mark.django_db
def test_no_inline_scripts_or_handlers(client, site_tree):
    """A strict CSP (accounts issue) needs every script to be a file and no on…= attributes."""
    for path in ["/en/", "/en/services/", "/en/services/plumbing/", "/en/about/", "/en/nothing/"]:
        html = client.get(path).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], path
        assert re.findall(r"\son[a-z]+=", html) == [], path


@pytest.mark.django_db
def test_untranslated_page_is_not_served_in_another_language(client, site_tree):
    """Without translations only English exists; other prefixes do not invent copies of the English pages."""
    assert client.get("/en/about/").status_code == 200
    assert Page.objects.filter(locale__language_code="fr").count() == 0
