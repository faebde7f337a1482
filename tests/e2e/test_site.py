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
    page.goto(f"{live_server.url}/en/services/plumbing/")
    assert page.locator("h1").inner_text() == "Plumbing"

    # When the visitor picks French, they land on the same page in French.
    page.get_by_role("button", name="Language").click()
    page.get_by_role("link", name="français").click()
    page.wait_for_url(f"{live_server.url}/fr/services/plumbing/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Plomberie"

    # Dark mode is switched on, and stays on in another page and language.
    page.get_by_role("button", name="Basculer entre le mode clair et le mode sombre").click()
    assert page.locator("html").get_attribute("data-bs-theme") == "dark"
    page.goto(f"{live_server.url}/fr/")
    assert page.locator("html").get_attribute("data-bs-theme") == "dark"
    page.screenshot(path=screenshot_dir / "home-fr-dark.png", full_page=True)


def test_arabic_home_page_on_a_phone_is_right_to_left(live_server, browser, screenshot_dir, translated_site):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The menu folds behind a button on a phone and opens on tap.
    toggler = page.get_by_role("button", name="فتح القائمة")
    toggler.click()
    page.locator("#main-nav.show").wait_for()
    page.screenshot(path=screenshot_dir / "home-ar-phone.png", full_page=True)
    context.close()
