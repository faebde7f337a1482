"""The editorial site in Chromium: switching language keeps the page, dark mode is remembered, Arabic is RTL."""

import logging

import pytest

from home.demo import seed_pages
from providers.demo import seed_categories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def translated_site():
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    seed_categories()
    seed_pages(translations=True, only_categories=["plumbing", "painting"])


def test_switch_language_and_dark_mode_on_the_home_page(live_server, page, screenshot_dir, translated_site):
    page.emulate_media(color_scheme="light")
    page.goto(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("data-bs-theme") == "light"

    # When the visitor picks French on the home page, they get the French home page.
    page.get_by_role("button", name="Language").click()
    page.get_by_role("link", name="français").click()
    page.wait_for_url(f"{live_server.url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"

    # Dark mode is switched on there, and stays on in another page.
    page.get_by_role("button", name="Basculer entre le mode clair et le mode sombre").click()
    assert page.locator("html").get_attribute("data-bs-theme") == "dark"
    page.screenshot(path=screenshot_dir / "home-fr-dark.png", full_page=True)

    # Switching language elsewhere keeps the visitor on the same page.
    page.goto(f"{live_server.url}/fr/services/plumbing/")
    assert page.locator("html").get_attribute("data-bs-theme") == "dark"
    assert page.locator("h1").inner_text() == "Plomberie"
    page.get_by_role("button", name="Langue").click()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/services/plumbing/")
    assert page.locator("h1").inner_text() == "Plumbing"


def test_arabic_home_page_on_a_phone_is_right_to_left(live_server, browser, screenshot_dir, translated_site):
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing overflows at 360 px
    # The menu folds behind a button on a phone and opens on tap.
    toggler = page.get_by_role("button", name="فتح القائمة")
    toggler.click()
    page.locator("#main-nav.show").wait_for()
    page.screenshot(path=screenshot_dir / "home-ar-phone.png", full_page=True)
    context.close()


def test_next_page_of_services_loads_in_place_with_htmx(live_server, page):
    """With JavaScript the next page replaces the grid only (no full reload) and the address follows."""
    from home.models import CategoryIndexPage, HomePage
    from tests.factories import ServiceFactory

    HomePage.objects.get(depth=2).add_child(instance=CategoryIndexPage(title="Services", slug="services"))
    ServiceFactory.create_batch(14)
    page.goto(f"{live_server.url}/en/services/")
    page.evaluate("window.__stillTheSamePage = true")
    assert page.locator("#service-grid article").count() == 12
    page.get_by_role("link", name="Next").click()
    page.wait_for_url(f"{live_server.url}/en/services/?page=2")
    page.locator("#service-grid article").first.wait_for()
    assert page.locator("#service-grid article").count() == 2
    assert page.evaluate("window.__stillTheSamePage") is True
    assert page.locator("#loading-bar").get_attribute("class").find("htmx-request") == -1  # finished loading
