"""A user downloads their data and deletes their account; others' data never leaks, ledgers stay anonymised."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import User
from providers.models import ProviderProfile, Service
from tests.factories import ProviderProfileFactory, ServiceFactory, StaffFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_export_is_a_json_download_of_my_data_only(client):
    me = UserFactory(email="me@example.com", first_name="Ada")
    other = ServiceFactory(name="Someone else's service").provider.user
    sign_in(client, me)
    TOTP.activate(me, "JBSWY3DPEHPK3PXP")

    response = client.get("/accounts/privacy/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="netfix-my-data.json"'
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@example.com"
    assert data["account"]["first_name"] == "Ada"
    assert data["email_addresses"] == [{"email": "me@example.com", "verified": True, "primary": True}]
    assert [method["type"] for method in data["two_factor_methods"]] == ["totp"]
    assert data["sessions"]
    assert data["sessions"][0]["ip"] == "127.0.0.1"
    text = response.content.decode()
    for secret in ("JBSWY3DPEHPK3PXP", me.password, other.email, "Someone else"):
        assert secret not in text


def test_provider_export_includes_company_and_listings(client):
    service = ServiceFactory(name="Boiler service", provider__company_name="Warm & Co")
    sign_in(client, service.provider.user)
    data = client.get("/accounts/privacy/export/").json()
    assert data["provider_profile"]["company_name"] == "Warm & Co"
    assert [item["name"] for item in data["services"]] == ["Boiler service"]


@pytest.mark.parametrize("url", ["/accounts/privacy/", "/accounts/privacy/export/"])
def test_privacy_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_delete_account_erases_personal_data_and_keeps_an_anonymous_row(client):
    profile = ProviderProfileFactory(company_name="Leaky Pipes", user__email="leaving@example.com")
    ServiceFactory(provider=profile)
    user = profile.user
    sign_in(client, user)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.post("/accounts/privacy/delete/", {"confirm": "on"})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.email.endswith("@deleted.invalid")
    assert user.username.startswith("deleted-")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.date_of_birth is None
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert not Service.objects.filter(provider__user=user).exists()
    assert ProviderProfile.objects.get(user=user).company_name != "Leaky Pipes"
    # The address is free again, and the old login is gone.
    assert not User.objects.filter(email__iexact="leaving@example.com").exists()
    response = client.post("/accounts/login/", {"login": "leaving@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_delete_needs_a_fresh_password_check(client):
    user = UserFactory(email="stale@example.com")
    sign_in(client, user)
    response = client.post("/accounts/privacy/delete/", {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    user.refresh_from_db()
    assert user.is_active
    assert user.email == "stale@example.com"
    # allauth keeps the request while the password is checked, then carries it out.
    client.post(response["Location"], {"password": PASSWORD})
    user.refresh_from_db()
    assert not user.is_active
    assert user.email.endswith("@deleted.invalid")


def test_delete_needs_the_confirmation_box(client):
    user = UserFactory(email="unsure@example.com")
    sign_in(client, user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/accounts/privacy/delete/", {})
    assert response.status_code == 400
    assert "Tick the box to confirm." in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_staff_cannot_delete_themselves(client):
    staff = StaffFactory(email="boss@example.com")
    client.force_login(staff)
    session = client.session
    session.save()
    # staff sign in with their second factor; force_login + a fresh reauthentication stands in for it here
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/accounts/privacy/delete/", {"confirm": "on"})
    assert response.status_code == 400
    assert "Staff accounts are closed by an administrator." in response.content.decode()
    staff.refresh_from_db()
    assert staff.is_active


def test_delete_only_accepts_post_with_csrf(client):
    from django.test import Client

    user = UserFactory(email="csrf@example.com")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post("/accounts/privacy/delete/", {"confirm": "on"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.is_active
