"""Sign-up for customers and providers, e-mail verification and password reset, through the real allauth views."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from providers.demo import seed_categories
from providers.models import ProviderProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CUSTOMER_SIGNUP = "/accounts/signup/"
PROVIDER_SIGNUP = "/accounts/signup/provider/"
STRONG_PASSWORD = "plumb-bob-lantern-42"


def customer_data(**overrides):
    return {
        "email": "new@example.com",
        "username": "newcustomer",
        "date_of_birth": "1990-05-17",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        **overrides,
    }


@pytest.fixture
def categories():
    return seed_categories()


def provider_data(categories, **overrides):
    return {
        "company_name": "Drip Stoppers Ltd",
        "email": "pro@example.com",
        "username": "dripstoppers",
        "fields_of_work": [categories["plumbing"].pk, categories["water-heaters"].pk],
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
        **overrides,
    }


def link_in_last_mail() -> str:
    match = re.search(r"https?://[^\s]+", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).replace("http://testserver", "")


def test_customer_signs_up_verifies_email_and_is_logged_in(client):
    response = client.post(CUSTOMER_SIGNUP, customer_data(email="New@Example.com"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get()
    assert (user.email, user.username, user.role) == ("new@example.com", "newcustomer", User.Role.CUSTOMER)
    assert user.date_of_birth == datetime.date(1990, 5, 17)
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session  # no session before the address is confirmed

    confirm_url = link_in_last_mail()
    assert client.get(confirm_url).status_code == 200  # a page with a button: a mail scanner's GET confirms nothing
    assert not EmailAddress.objects.get(user=user).verified
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_unverified_user_cannot_log_in_and_gets_a_new_link(client):
    user = UserFactory(email="late@example.com", email_verified=False)
    response = client.post("/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert mail.outbox
    assert mail.outbox[-1].to == [user.email]


def test_signup_keeps_the_language_it_was_made_in(client):
    client.post(CUSTOMER_SIGNUP, customer_data(), HTTP_ACCEPT_LANGUAGE="fr")
    assert User.objects.get().language == "fr"
    assert "Confirmez votre adresse e-mail" in mail.outbox[-1].subject  # the e-mail is in French too


@pytest.mark.parametrize(
    ("date_of_birth", "message"),
    [
        ("2010-01-01", "You must be at least 18 years old to use NetFix."),
        ("2999-01-01", "The date of birth cannot be in the future."),
        ("1850-01-01", "Enter a real date of birth."),
        ("31/02/1990", "Enter a valid date."),
        ("", "This field is required."),
    ],
)
def test_customer_signup_refuses_bad_dates_of_birth(client, date_of_birth, message):
    response = client.post(CUSTOMER_SIGNUP, customer_data(date_of_birth=date_of_birth))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox


@time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC), tick=False)
def test_eighteenth_birthday_is_the_first_day_one_may_sign_up(client):
    response = client.post(CUSTOMER_SIGNUP, customer_data(date_of_birth="2008-11-27"))
    assert "at least 18" in response.content.decode()
    assert not User.objects.exists()
    response = client.post(CUSTOMER_SIGNUP, customer_data(date_of_birth="2008-11-26"))
    assert response.status_code == 302
    assert User.objects.get().date_of_birth == datetime.date(2008, 11, 26)


def test_leap_day_birthdays_count_from_the_first_of_march():
    from accounts.validators import age_on

    born = datetime.date(2008, 2, 29)
    assert age_on(born, datetime.date(2026, 2, 28)) == 17
    assert age_on(born, datetime.date(2026, 3, 1)) == 18


def test_taken_email_is_refused_whatever_its_case(client):
    UserFactory(email="taken@example.com")
    response = client.post(CUSTOMER_SIGNUP, customer_data(email="TAKEN@example.com"))
    assert response.status_code == 200
    assert "A user is already registered with this email address." in response.content.decode()
    assert User.objects.count() == 1


def test_taken_username_is_refused_whatever_its_case(client):
    UserFactory(username="Plumber")
    response = client.post(CUSTOMER_SIGNUP, customer_data(username="plumber"))
    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short."),
        ("password1234", "This password is too common."),
        ("4815162342108", "This password is entirely numeric."),
        ("newcustomer1", "The password is too similar to the username."),
    ],
)
def test_weak_passwords_are_refused(client, password, message):
    response = client.post(CUSTOMER_SIGNUP, customer_data(password1=password, password2=password))
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_mismatched_passwords_are_refused(client):
    response = client.post(CUSTOMER_SIGNUP, customer_data(password2="something-else-entirely"))
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.exists()


def test_bots_filling_the_honeypot_create_nothing(client):
    response = client.post(CUSTOMER_SIGNUP, customer_data(website="http://spam.example"))
    assert response.status_code == 302  # told "check your e-mail", like a person, but nothing happened
    assert not User.objects.exists()
    assert not mail.outbox


def test_provider_signs_up_with_company_and_fields_of_work(client, categories):
    response = client.post(PROVIDER_SIGNUP, provider_data(categories))
    assert response.status_code == 302
    user = User.objects.get()
    assert user.role == User.Role.PROVIDER
    profile = ProviderProfile.objects.get(user=user)
    assert profile.company_name == "Drip Stoppers Ltd"
    assert {c.slug for c in profile.fields_of_work.all()} == {"plumbing", "water-heaters"}
    assert mail.outbox[-1].to == ["pro@example.com"]


def test_all_in_one_alongside_other_fields_keeps_all_in_one_alone(client, categories):
    data = provider_data(categories, fields_of_work=[categories["all-in-one"].pk, categories["locks"].pk])
    client.post(PROVIDER_SIGNUP, data)
    assert [c.slug for c in ProviderProfile.objects.get().fields_of_work.all()] == ["all-in-one"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fields_of_work": []}, "Choose at least one field of work."),
        ({"fields_of_work": ["999999"]}, "Select a valid choice."),
        ({"company_name": "   "}, "This field is required."),
        ({"company_name": "x" * 151}, "Ensure this value has at most 150 characters"),
    ],
)
def test_provider_signup_refuses_bad_input(client, categories, overrides, message):
    response = client.post(PROVIDER_SIGNUP, provider_data(categories, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not ProviderProfile.objects.exists()


def test_signup_pages_are_translated(client, categories):
    html = client.get(PROVIDER_SIGNUP, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr"' in html
    assert "Nom de l’entreprise" in html
    assert "Plomberie" in html  # the fields of work in the page's language
    html = client.get(CUSTOMER_SIGNUP, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html
    assert "تاريخ الميلاد" in html


def test_password_reset_by_email(client):
    user = UserFactory(email="forgetful@example.com")
    response = client.post("/accounts/password/reset/", {"email": "Forgetful@example.com"})
    assert response.status_code == 302
    reset_url = link_in_last_mail()
    response = client.get(reset_url, follow=True)  # allauth moves the key into the session, then shows the form
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    new_password = "fresh-kettle-lamp-77"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    # the link is spent
    response = client.get(reset_url, follow=True)
    assert "The password reset link was invalid" in response.content.decode()


def test_password_reset_for_unknown_address_sends_no_reset_link(client):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert all("password/reset/key" not in message.body for message in mail.outbox)


def test_signup_is_refused_while_logged_in(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(CUSTOMER_SIGNUP).status_code == 302
    client.post(CUSTOMER_SIGNUP, customer_data())
    assert User.objects.count() == 1


def test_failed_provider_profile_leaves_no_half_made_user(client, categories, monkeypatch):
    """The user row and the provider profile are one transaction."""

    def broken(**kwargs):
        raise RuntimeError("profile storage is down")

    monkeypatch.setattr("accounts.forms.provider_profile_create", broken)
    with pytest.raises(RuntimeError):
        client.post(PROVIDER_SIGNUP, provider_data(categories))
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()


def test_markup_only_company_name_is_refused(client, categories):
    response = client.post(PROVIDER_SIGNUP, provider_data(categories, company_name="<b></b>"))
    assert "Enter your company name." in response.content.decode()
    assert not User.objects.exists()


def test_someone_elses_unverified_address_does_not_block_sign_up(client):
    squatter = UserFactory(email="squatter@example.com")
    EmailAddress.objects.create(user=squatter, email="new@example.com", verified=False, primary=False)
    response = client.post(CUSTOMER_SIGNUP, customer_data())
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.com").exists()


def test_password_reset_never_reaches_an_account_through_an_unverified_address(client):
    squatter = UserFactory(email="squatter2@example.com")
    EmailAddress.objects.create(user=squatter, email="victim@example.com", verified=False, primary=False)
    response = client.post("/accounts/password/reset/", {"email": "victim@example.com"})
    assert response.status_code == 302  # the same answer as for any address: nothing is revealed
    assert all("password/reset/key" not in message.body for message in mail.outbox)
