"""Customers without a date of birth (social sign-ups, accounts made by staff) cannot book until they give one."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.eligibility import ensure_adult_customer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2030, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def test_customer_without_a_date_of_birth_is_asked_for_it():
    with pytest.raises(ValidationError) as refused:
        ensure_adult_customer(UserFactory(date_of_birth=None))
    assert refused.value.code == "date_of_birth_missing"


def test_customer_under_18_is_refused():
    with pytest.raises(ValidationError) as refused:
        ensure_adult_customer(UserFactory(date_of_birth=datetime.date(2012, 6, 16)))
    assert refused.value.code == "too_young"


def test_customer_who_turns_18_today_may_book():
    ensure_adult_customer(UserFactory(date_of_birth=datetime.date(2012, 6, 15)))


def test_verified_email_is_required_to_book_or_list():
    from accounts.eligibility import ensure_verified_email, has_verified_email

    unverified = UserFactory(email_verified=False)
    verified = UserFactory()
    assert not has_verified_email(unverified)
    assert has_verified_email(verified)
    with pytest.raises(ValidationError) as caught:
        ensure_verified_email(unverified)
    assert caught.value.code == "email_unverified"
    ensure_verified_email(verified)


def test_unverified_accounts_get_no_session_at_all(client, settings):
    """The first line of the rule: with mandatory verification there is no signed-in unverified user to book."""
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    user = UserFactory(email_verified=False)
    client.post("/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert "_auth_user_id" not in client.session
