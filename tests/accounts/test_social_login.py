"""Social login with Google and GitHub, through allauth's real views, settings and adapter.

Google's and GitHub's servers cannot be reached from here, so ``tests/accounts/oauth_providers.py`` stands in for
their token and profile endpoints (as allauth's own provider tests do) and checks every request allauth makes to
them. Everything on our side — the login POST, the redirect with state and PKCE, the callback, sign-up, e-mail
verification, session login — runs for real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib import admin
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.social_providers import social_apps_from_env, social_providers_setting
from tests.accounts.oauth_providers import (
    GITHUB_EMAILS_URL,
    GITHUB_TOKEN_URL,
    GITHUB_USER_URL,
    GOOGLE_TOKEN_URL,
    GOOGLE_USERINFO_URL,
    Exchange,
    finish_login,
    google_id_token,
    start_login,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
GOOGLE_CLIENT_ID = "1234-netfix.apps.googleusercontent.com"
GITHUB_CLIENT_ID = "Iv1.netfixtest"


@pytest.fixture
def no_env_apps(settings, monkeypatch):
    """No provider configured in the environment (whatever the developer's .env says)."""
    for name in ("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    settings.SOCIALACCOUNT_PROVIDERS = social_providers_setting(environ.Env())


@pytest.fixture
def google_from_env(no_env_apps, settings, monkeypatch):
    """Google configured the operator's way: two environment variables read by the settings."""
    monkeypatch.setenv("GOOGLE_CLIENT_ID", GOOGLE_CLIENT_ID)
    monkeypatch.setenv("GOOGLE_CLIENT_SECRET", "google-secret")
    settings.SOCIALACCOUNT_PROVIDERS = social_providers_setting(environ.Env())


@pytest.fixture
def github_from_admin(no_env_apps):
    """GitHub configured the staff way: a Social application row, as added in /django-admin/."""
    return SocialApp.objects.create(provider="github", name="GitHub", client_id=GITHUB_CLIENT_ID, secret="gh-secret")


def configured_provider_ids() -> list[str]:
    request = RequestFactory().get("/accounts/login/")
    return sorted(provider.id for provider in get_adapter().list_providers(request))


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def google_exchanges(*, email: str, email_verified: bool, sub: str = "108000000000000000001", via: str = "id_token"):
    """Google's answers: an ID token with the token (the usual case), or a token and then the userinfo endpoint."""
    if via == "id_token":
        id_token = google_id_token(
            client_id=GOOGLE_CLIENT_ID, sub=sub, email=email, email_verified=email_verified, given_name="Pat"
        )
        return [Exchange("POST", GOOGLE_TOKEN_URL, {"access_token": "ya29.test", "id_token": id_token})]
    userinfo = {"id": sub, "email": email, "verified_email": email_verified, "given_name": "Pat", "name": "Pat"}
    return [
        Exchange("POST", GOOGLE_TOKEN_URL, {"access_token": "ya29.test", "token_type": "Bearer"}),
        Exchange("GET", GOOGLE_USERINFO_URL, userinfo),
    ]


def github_exchanges(*, login: str = "octocat", uid: int = 583231, emails: list[dict] | None = None):
    emails = emails or [{"email": "octo@example.com", "primary": True, "verified": True, "visibility": "private"}]
    return [
        Exchange("POST", GITHUB_TOKEN_URL, {"access_token": "gho_test", "token_type": "bearer", "scope": "user:email"}),
        Exchange("GET", GITHUB_USER_URL, {"id": uid, "login": login, "name": "The Octocat", "email": None}),
        Exchange("GET", GITHUB_EMAILS_URL, emails),
    ]


# --- Which providers are offered -----------------------------------------------------------------------------


def test_no_login_buttons_without_a_configured_app(no_env_apps):
    assert configured_provider_ids() == []


def test_a_provider_is_offered_once_configured_from_env_or_admin(google_from_env, github_from_admin):
    assert configured_provider_ids() == ["github", "google"]


def test_env_app_carries_the_environment_credentials(google_from_env):
    app = get_adapter().get_app(RequestFactory().get("/"), provider="google")
    assert (app.client_id, app.secret) == (GOOGLE_CLIENT_ID, "google-secret")
    assert app.pk is None  # from settings, not a row


def test_settings_read_the_provider_credentials_from_the_environment():
    """The real settings module, in a fresh process: GOOGLE_* set, GITHUB_* not."""
    probe = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({p: c['APPS'] for p, c in settings.SOCIALACCOUNT_PROVIDERS.items()}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "GITHUB_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="netfix.settings.test",
        GOOGLE_CLIENT_ID=GOOGLE_CLIENT_ID,
        GOOGLE_CLIENT_SECRET="from-env",
        GITHUB_CLIENT_ID="",
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    apps = json.loads(result.stdout.strip().splitlines()[-1])
    assert apps == {"google": [{"client_id": GOOGLE_CLIENT_ID, "secret": "from-env", "key": ""}], "github": []}


def test_client_id_without_secret_stops_start_up(monkeypatch):
    monkeypatch.setenv("GITHUB_CLIENT_ID", GITHUB_CLIENT_ID)
    monkeypatch.delenv("GITHUB_CLIENT_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="GITHUB_CLIENT_SECRET"):
        social_apps_from_env(environ.Env(), "github")


def test_staff_can_manage_social_apps_in_the_django_admin():
    assert admin.site.is_registered(SocialApp)


def test_callback_urls_are_the_documented_ones():
    assert reverse("google_callback") == "/accounts/google/login/callback/"
    assert reverse("github_callback") == "/accounts/github/login/callback/"


def test_login_page_lets_the_login_form_go_to_the_providers(client):
    """A browser applies the CSP's form-action to the redirect that follows our login POST."""
    csp = client.get("/accounts/login/")["Content-Security-Policy"]
    form_action = next(part for part in csp.split(";") if part.strip().startswith("form-action")).split()[1:]
    assert {"'self'", "https://accounts.google.com", "https://github.com"} <= set(form_action)


# --- Google ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("via", ["id_token", "userinfo"])
def test_google_sign_up_creates_a_verified_customer_and_logs_in(client, google_from_env, via):
    # Given Google is configured and the visitor reads the site in French
    client.cookies["django_language"] = "fr"
    # When they press "Google" and Google sends them back with a verified address
    authorize_url, query = start_login(client, "google")
    assert authorize_url == "https://accounts.google.com/o/oauth2/v2/auth"
    assert query["client_id"] == GOOGLE_CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/accounts/google/login/callback/"
    assert set(query["scope"].split()) == {"profile", "email"}
    assert query["code_challenge_method"] == "S256"
    exchanges = google_exchanges(email="Pat@Example.com", email_verified=True, via=via)
    response = finish_login(client, "google", query["state"], *exchanges)

    # Then a customer exists with that verified address, signed in, without a password of their own
    assert response.status_code == 302
    user = User.objects.get(email="pat@example.com")
    assert logged_in_user(client) == user
    assert user.role == User.Role.CUSTOMER
    assert user.language == "fr"
    assert user.username
    assert user.date_of_birth is None  # asked before the first booking (decision 0018)
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).provider == "google"
    # and the code was exchanged with our secret and the PKCE verifier
    token_request = exchanges[0].sent["data"]
    assert token_request["client_secret"] == "google-secret"
    assert token_request["code"] == "the-code"
    assert token_request["code_verifier"]
    assert mail.outbox == []


def test_google_address_it_has_not_verified_opens_no_account(client, google_from_env):
    """An unverified provider address could be anyone's: no account is made from it (the person signs up by e-mail)."""
    _, query = start_login(client, "google")
    response = finish_login(
        client, "google", query["state"], *google_exchanges(email="new@example.com", email_verified=False)
    )

    assert not User.objects.filter(email="new@example.com").exists()
    assert not EmailAddress.objects.filter(email="new@example.com").exists()
    assert logged_in_user(client) is None
    assert response.status_code == 200
    assert "has no e-mail address it has verified" in response.content.decode()


def test_forged_state_is_refused_before_google_is_asked(client, google_from_env):
    start_login(client, "google")
    response = finish_login(client, "google", "forged-state")  # no exchanges: any request to Google fails the test

    assert "socialaccount/authentication_error.html" in [template.name for template in response.templates]
    assert logged_in_user(client) is None
    assert not SocialAccount.objects.exists()


# --- GitHub ----------------------------------------------------------------------------------------------------


def test_github_sign_up_uses_the_primary_verified_address(client, github_from_admin):
    authorize_url, query = start_login(client, "github")
    assert authorize_url == "https://github.com/login/oauth/authorize"
    assert query["client_id"] == GITHUB_CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/accounts/github/login/callback/"
    emails = [
        {"email": "old@example.com", "primary": False, "verified": False, "visibility": None},
        {"email": "octo@example.com", "primary": True, "verified": True, "visibility": "private"},
    ]
    response = finish_login(client, "github", query["state"], *github_exchanges(emails=emails))

    assert response.status_code == 302
    user = User.objects.get(email="octo@example.com")
    assert logged_in_user(client) == user
    assert user.role == User.Role.CUSTOMER
    assert user.username == "octocat"
    primary = EmailAddress.objects.get(user=user, primary=True)
    assert (primary.email, primary.verified) == ("octo@example.com", True)
    assert not EmailAddress.objects.filter(email="old@example.com").exists()  # unverified: never taken over


def test_github_login_name_already_taken_gets_another_unique_username(client, github_from_admin):
    UserFactory(username="OctoCat")
    _, query = start_login(client, "github")
    finish_login(client, "github", query["state"], *github_exchanges())

    user = User.objects.get(email="octo@example.com")
    assert user.username.lower() != "octocat"
    assert User.objects.filter(username__iexact=user.username).count() == 1
    assert logged_in_user(client) == user


# --- Existing accounts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider_id", ["google", "github"])
def test_connected_account_logs_its_owner_in(client, google_from_env, github_from_admin, provider_id):
    owner = UserFactory(email="owner@example.com")
    uid = "108000000000000000042" if provider_id == "google" else "4242"
    SocialAccount.objects.create(user=owner, provider=provider_id, uid=uid)
    users_before = User.objects.count()

    _, query = start_login(client, provider_id)
    if provider_id == "google":
        exchanges = google_exchanges(email="owner@example.com", email_verified=True, sub=uid)
    else:
        exchanges = github_exchanges(uid=int(uid))
    response = finish_login(client, provider_id, query["state"], *exchanges)

    assert response.status_code == 302
    assert logged_in_user(client) == owner
    assert User.objects.count() == users_before


def test_provider_vouching_for_an_existing_address_does_not_log_into_that_account(client, google_from_env):
    """No account takeover: the owner signs in and connects Google themselves (SOCIALACCOUNT_EMAIL_AUTHENTICATION)."""
    owner = UserFactory(email="owner@example.com")
    _, query = start_login(client, "google")
    response = finish_login(
        client, "google", query["state"], *google_exchanges(email="owner@example.com", email_verified=True)
    )

    assert logged_in_user(client) is None
    # As for any sign-up with a taken address: "check your e-mail", and the owner is told an account exists.
    assert response["Location"] == reverse("account_email_verification_sent")
    assert [message.to for message in mail.outbox] == [["owner@example.com"]]
    assert not SocialAccount.objects.filter(user=owner).exists()
    assert User.objects.filter(email="owner@example.com").count() == 1


def test_owner_with_a_second_factor_must_still_give_it(client, google_from_env):
    """A provider login replaces the password, not the second factor."""
    from allauth.mfa.totp.internal.auth import TOTP

    owner = UserFactory(email="owner@example.com")
    TOTP.activate(owner, "JBSWY3DPEHPK3PXP")
    SocialAccount.objects.create(user=owner, provider="google", uid="108000000000000000042")

    _, query = start_login(client, "google")
    exchanges = google_exchanges(email="owner@example.com", email_verified=True, sub="108000000000000000042")
    response = finish_login(client, "google", query["state"], *exchanges)

    assert response["Location"] == reverse("mfa_authenticate")
    assert logged_in_user(client) is None
