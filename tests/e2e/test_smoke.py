"""The site as a person sees it in Chromium: the home page renders, dark mode toggles and is remembered."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_chromium_with_dark_mode(live_server, page, screenshot_dir):
    page.goto(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.title().endswith("NetFix")

    # Given the light theme, when the visitor toggles, then the page is dark and stays dark after a reload.
    page.emulate_media(color_scheme="light")
    page.reload()
    assert page.locator("html").get_attribute("data-bs-theme") == "light"
    page.get_by_role("button", name="Switch between light and dark mode").click()
    assert page.locator("html").get_attribute("data-bs-theme") == "dark"
    page.reload()
    assert page.locator("html").get_attribute("data-bs-theme") == "dark"
    page.screenshot(path=screenshot_dir / "home-dark-en.png", full_page=True)


def test_theme_follows_the_system_preference(live_server, page):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("data-bs-theme") == "dark"
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_home_page_on_a_phone(live_server, browser, screenshot_dir):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/fr/")
    # Nothing overflows sideways on a 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshot_dir / "home-phone-fr.png", full_page=True)
    context.close()
