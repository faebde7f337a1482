"""Two-factor authentication with allauth.mfa: TOTP and recovery codes end to end, and who must use them."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import override_settings

from accounts.demo import DEMO_PASSWORD, seed_demo_users
from accounts.mfa import can_receive_payouts
from tests.accounts.totp import totp_code
from tests.factories import ProviderProfileFactory, StaffFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)


def test_totp_helper_matches_rfc_6238_test_vector():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of "12345678901234567890"
    assert totp_code(secret, at=59, digits=8) == "94287082"
    assert totp_code(secret, at=1111111109, digits=8) == "07081804"


def login(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password, **extra})


def activate_totp(client, password=PASSWORD) -> str:
    """Open the activation page, read the secret it shows, answer with the computed code; returns the secret.

    allauth asks for the password again before a second factor is added (reauthentication), then comes back.
    """
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/"):
        response = client.post(response["Location"], {"password": password}, follow=True)
    assert response.status_code == 200
    secret = response.context["form"].secret
    assert secret in response.content.decode()  # shown to the user for manual entry, next to the QR code
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def test_staff_member_activates_totp_then_needs_the_code_to_sign_in(client):
    staff = UserFactory(email="editor@example.com", is_staff=True, is_superuser=True, role="staff")
    with time_machine.travel(START, tick=False) as clock:
        assert login(client, staff.email).status_code == 302
        # Without a second factor the admin is out of reach: staff are sent to set one up.
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/"
        secret = activate_totp(client)
        assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
        assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()
        assert client.get("/admin/").status_code == 200
        client.post("/accounts/logout/")

        clock.shift(datetime.timedelta(seconds=60))  # a fresh code: allauth refuses to accept one code twice
        response = login(client, staff.email)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/authenticate/"
        assert "_auth_user_id" not in client.session  # the password alone is not a login

        response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert "Incorrect code." in response.content.decode()
        assert "_auth_user_id" not in client.session

        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(staff.pk)
        assert client.get("/admin/").status_code == 200


def test_admin_login_page_is_the_same_door_with_the_same_second_factor(client):
    staff = UserFactory(email="door@example.com", is_staff=True, is_superuser=True, role="staff")
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"
    assert client.get("/django-admin/login/")["Location"] == "/accounts/login/"
    with time_machine.travel(START, tick=False) as clock:
        login(client, staff.email)
        secret = activate_totp(client)
        client.post("/accounts/logout/")
        clock.shift(datetime.timedelta(seconds=60))
        response = login(client, staff.email, next="/admin/pages/")
        assert response["Location"] == "/accounts/2fa/authenticate/"
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
        assert response["Location"] == "/admin/pages/"


def test_recovery_code_signs_in_once(client):
    user = UserFactory(email="traveller@example.com")
    with time_machine.travel(START, tick=False):
        login(client, user.email)
        activate_totp(client)
        response = client.get("/accounts/2fa/recovery-codes/")
        codes = re.findall(r"\b[0-9a-f]{8}\b", response.content.decode())
        assert len(codes) >= 10
        client.post("/accounts/logout/")

        login(client, user.email)
        response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
        assert client.session["_auth_user_id"] == str(user.pk)
        client.post("/accounts/logout/")

        login(client, user.email)
        response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
        assert "Incorrect code." in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_staff_cannot_remove_their_last_second_factor(client):
    staff = UserFactory(email="keeper@example.com", is_staff=True, role="staff")
    with time_machine.travel(START, tick=False) as clock:
        login(client, staff.email)
        secret = activate_totp(client)
        clock.shift(datetime.timedelta(seconds=60))
        response = client.post("/accounts/2fa/totp/deactivate/", {"code": totp_code(secret)})
    assert response.status_code == 200  # the form again, with allauth's refusal
    assert "You cannot deactivate two-factor authentication." in response.content.decode()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_customers_may_remove_theirs(client):
    user = UserFactory(email="free@example.com")
    with time_machine.travel(START, tick=False) as clock:
        login(client, user.email)
        secret = activate_totp(client)
        clock.shift(datetime.timedelta(seconds=60))
        response = client.post("/accounts/2fa/totp/deactivate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_editors_and_moderators_need_a_second_factor_in_the_admin(client, group):
    """Not ``is_staff``, but a Wagtail group lets them in: the admin holds them to the same rule."""
    from django.contrib.auth.models import Group

    member = UserFactory(email=f"{group.lower()}@example.com")
    member.groups.add(Group.objects.get(name=group))
    client.force_login(member)
    assert client.get("/en/").status_code == 200  # the public site is not theirs to administer
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


def test_recovery_codes_alone_are_not_a_second_factor(client):
    """allauth asks for a code at login only when TOTP or a passkey exists, so staff need one of those."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    staff = StaffFactory(email="codes-only@example.com", totp_secret=False)
    RecoveryCodes.activate(staff)
    client.force_login(staff)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"
    provider = ProviderProfileFactory().user
    RecoveryCodes.activate(provider)
    assert not can_receive_payouts(provider)


def test_staff_without_second_factor_get_problem_json_from_the_api(client):
    staff = UserFactory(email="api-staff@example.com", is_staff=True, role="staff")
    client.force_login(staff)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/mfa-required")


@override_settings(MFA_REQUIRED_FOR_STAFF=False)
def test_staff_requirement_can_be_switched_off(client):
    client.force_login(UserFactory(email="relaxed@example.com", is_staff=True, is_superuser=True, role="staff"))
    assert client.get("/admin/").status_code == 200


def test_demo_admin_is_exempt_only_where_demo_logins_work(client, settings):
    seed_demo_users()
    assert login(client, "admin@netfix.test", DEMO_PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200
    settings.DEMO_LOGINS_ENABLED = False
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


def test_providers_need_a_second_factor_before_payouts(client, settings):
    provider = ProviderProfileFactory(user__email="payee@example.com").user
    customer = UserFactory()
    assert not can_receive_payouts(provider)
    assert not can_receive_payouts(customer)
    with time_machine.travel(START, tick=False):
        login(client, provider.email)
        activate_totp(client)
    assert can_receive_payouts(provider)
    settings.MFA_REQUIRED_FOR_PAYOUTS = False
    assert can_receive_payouts(ProviderProfileFactory().user)
    assert not can_receive_payouts(customer)


def test_two_factor_pages_are_styled_and_translated(client):
    user = UserFactory(email="fr@example.com")
    login(client, user.email)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    html = client.get("/accounts/2fa/totp/activate/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr"' in html
    assert "netfix-qr" in html  # the QR code (an SVG data URI, allowed by the CSP's img-src)
    assert 'class="btn btn-primary' in html
