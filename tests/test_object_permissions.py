"""No IDOR: each user reads and changes only their own things, on every page and endpoint that takes an object.

Two users, "owner" and "intruder", both signed in. For each object that belongs to someone, the intruder tries to
read, change or delete the owner's copy through the URL or form field that names it; the owner's data must be
unchanged and must not appear in the intruder's responses. Later features add their objects to these lists
(bookings, payments, reviews, messages...).
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import ProviderProfileFactory, ServiceFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    return client


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.com", username="owner", first_name="Olive")


@pytest.fixture
def intruder():
    return UserFactory(email="intruder@example.com", username="intruder")


def test_me_endpoint_only_ever_shows_and_changes_the_caller(owner, intruder):
    client = signed_in(intruder)
    for query in ("", f"?id={owner.pk}", f"?user={owner.pk}", f"?email={owner.email}"):
        body = client.get(f"/api/v1/me/{query}").json()
        assert body["email"] == intruder.email
    response = client.patch(
        "/api/v1/me/",
        {"id": owner.pk, "email": owner.email, "language": "fr"},
        content_type="application/json",
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    intruder.refresh_from_db()
    assert owner.language == "en"
    assert intruder.email == "intruder@example.com"
    assert intruder.language == "fr"


def test_cannot_remove_or_take_over_someone_elses_email_address(owner, intruder):
    client = signed_in(intruder)
    client.post("/accounts/email/", {"action_remove": "", "email": owner.email})
    client.post("/accounts/email/", {"action_primary": "", "email": owner.email})
    client.post("/accounts/email/", {"action_send": "", "email": owner.email})
    address = EmailAddress.objects.get(email=owner.email)
    assert address.user == owner
    assert address.primary
    assert address.verified
    # Adding the owner's address to one's own account gets the intruder nothing: at most an unverified copy, which
    # never blocks the owner, never becomes primary and never receives a password reset (decision 0022).
    client.post("/accounts/email/", {"action_add": "", "email": owner.email})
    client.post("/accounts/email/", {"action_primary": "", "email": owner.email})
    copies = EmailAddress.objects.filter(email__iexact=owner.email, user=intruder)
    assert not copies.filter(verified=True).exists()
    assert not copies.filter(primary=True).exists()
    assert EmailAddress.objects.get(email=owner.email, user=owner).verified
    mail.outbox.clear()
    Client().post("/accounts/password/reset/", {"email": owner.email})
    intruders_key = f"/password/reset/key/{user_pk_to_url_str(intruder)}-"
    assert mail.outbox  # the owner's own reset link went out...
    assert all(intruders_key not in message.body for message in mail.outbox)  # ...and none for the intruder


def test_cannot_see_or_end_someone_elses_sessions(owner, intruder):
    owner_client = signed_in(owner)
    client = signed_in(intruder)
    html = client.get("/accounts/sessions/").content.decode()
    owner_session = UserSession.objects.get(user=owner)
    assert owner_session.session_key not in html
    client.post("/accounts/sessions/", {"session": owner_session.pk})
    assert UserSession.objects.filter(user=owner).exists()
    assert owner_client.get("/api/v1/me/").json()["email"] == owner.email


def test_cannot_rename_or_remove_someone_elses_second_factor(owner, intruder):
    key = Authenticator.objects.create(user=owner, type=Authenticator.Type.WEBAUTHN, data={"name": "Owner's key"})
    TOTP.activate(owner, "JBSWY3DPEHPK3PXP")
    client = signed_in(intruder)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for method, url, data in [
        ("get", f"/accounts/2fa/webauthn/keys/{key.pk}/edit/", {}),
        ("post", f"/accounts/2fa/webauthn/keys/{key.pk}/edit/", {"name": "pwned"}),
        ("post", f"/accounts/2fa/webauthn/keys/{key.pk}/remove/", {}),
    ]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    assert "Owner's key" not in client.get("/accounts/2fa/").content.decode()
    key.refresh_from_db()
    assert key.data["name"] == "Owner's key"
    assert Authenticator.objects.filter(user=owner).count() == 2


def test_cannot_disconnect_someone_elses_social_account(owner, intruder):
    account = SocialAccount.objects.create(user=owner, provider="github", uid="4242")
    client = signed_in(intruder)
    response = client.post("/accounts/3rdparty/", {"account": account.pk})
    assert response.status_code == 200  # the form again: not one of the intruder's accounts
    assert SocialAccount.objects.filter(pk=account.pk, user=owner).exists()


def test_data_export_is_only_ever_the_callers(owner, intruder):
    ServiceFactory(provider=ProviderProfileFactory(user=owner), name="Owner's listing")
    client = signed_in(intruder)
    for query in ("", f"?user={owner.pk}", f"?id={owner.pk}"):
        text = client.get(f"/accounts/privacy/export/{query}").content.decode()
        assert owner.email not in text
        assert "Owner's listing" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/snippets/home/promotion/",
        "/admin/snippets/providers/category/",
        "/admin/pages/",
        "/admin/users/",
        "/django-admin/",
        "/django-admin/accounts/user/",
    ],
)
@pytest.mark.parametrize("role", ["customer", "provider"])
def test_customers_and_providers_never_reach_the_admin(url, role):
    user = ProviderProfileFactory().user if role == "provider" else UserFactory()
    client = signed_in(user)
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith(
            "/django-admin/login/"
        )


def test_providers_cannot_edit_each_others_listings_through_the_admin(admin_client):
    """Listings are edited in the admin by staff only today; the providers issue adds the owner's own pages."""
    service = ServiceFactory()
    other = ProviderProfileFactory().user
    client = signed_in(other)
    urls = (reverse("service:edit", args=[service.pk]), reverse("service:delete", args=[service.pk]))
    for url in urls:
        assert admin_client.get(url).status_code == 200  # the page exists: staff reach it
        response = client.post(url, {"name": "pwned"})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    service.refresh_from_db()
    assert service.name != "pwned"
