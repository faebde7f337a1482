"""Accounts in Chromium: sign-up pages as people see them, and a passkey added and used through WebAuthn.

The passkey is held by Chromium's virtual authenticator (DevTools protocol), which answers the browser's real
``navigator.credentials`` calls, so allauth's JavaScript, the server's verification and the CSP are all exercised.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

from providers.demo import seed_categories
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()


def test_provider_signup_page_on_a_phone_in_arabic_dark_mode(live_server, browser, screenshot_dir):
    seed_categories()
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, locale="ar", color_scheme="dark"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/signup/provider/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("input[name=fields_of_work]").count() == 12
    page.screenshot(path=screenshot_dir / "signup-provider-ar-phone-dark.png", full_page=True)
    context.close()


def test_customer_signs_up_in_the_browser(live_server, page, screenshot_dir):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email").fill("browser@example.com")
    page.get_by_label("Username").fill("browserbuyer")
    page.get_by_label("Date of birth").fill("1991-04-02")
    page.locator("#id_password1").fill("walnut-ferry-candle-9")
    page.locator("#id_password2").fill("walnut-ferry-candle-9")
    page.screenshot(path=screenshot_dir / "signup-customer-en.png", full_page=True)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{live_server.url}/accounts/confirm-email/")
    assert "Verify Your Email Address" in page.content()


def test_passkey_is_added_and_then_signs_the_user_in(live_server, page, settings, screenshot_dir):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server speaks plain http on localhost
    user = UserFactory(email="passkey@example.com")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    sign_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    if "/reauthenticate/" in page.url:  # allauth asks for the password before a new factor is added
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/2fa/webauthn/add/")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).exists()
    page.screenshot(path=screenshot_dir / "passkey-added.png", full_page=True)

    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()

    # Password first, then the passkey as the second factor.
    sign_in(page, live_server.url, user.email)
    page.wait_for_url("**/2fa/authenticate/")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(lambda url: "/2fa/" not in url and "/accounts/login/" not in url)
    assert page.get_by_role("link", name="Log out").is_visible()


def test_language_can_be_switched_on_the_sign_in_page(live_server, page):
    """Account pages have no language prefix: the switcher posts the choice and the page comes back translated."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Language").click()
    page.get_by_role("button", name="español").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.url == f"{live_server.url}/accounts/login/"
