"""seed_demo: demo logins, idempotent, volume on demand, refused in production."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from accounts.models import User
from home.models import CategoryPage, HomePage, Menu, Promotion
from providers.models import Category, Service

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    models = (User, Category, Service, HomePage, CategoryPage, Promotion, Menu)
    return tuple(model.objects.count() for model in models)


def test_seed_demo_is_idempotent_and_translates_everything(caplog):
    """The full demo, twice: the same rows, every page and snippet in four languages, no string left English."""
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first
    assert "translation for" not in caplog.text
    for model in (HomePage, CategoryPage, Promotion, Menu):
        languages = set(model.objects.values_list("locale__language_code", flat=True))
        assert languages == {"ar", "en", "es", "fr"}, model
    assert CategoryPage.objects.filter(live=True).count() == 48
    assert Promotion.objects.filter(live=True).count() == 12


def test_seed_demo_creates_the_logins_and_fields_of_work_and_tops_services_up(capsys):
    """The English demo: the demo logins, the twelve fields of work with their live pages, and ``--services``
    counting the demo login's listings (the demo companies' own listings come on top).

    One test rather than one per point, because each run of seed_demo takes seconds.
    """
    demo_listings = Service.objects.filter(provider__user__email="provider@netfix.test")
    call_command("seed_demo", services=30, no_translations=True)

    for email in ("admin@netfix.test", "customer@netfix.test", "provider@netfix.test"):
        assert authenticate(username=email, password="netfix-demo") is not None
    admin = User.objects.get(email="admin@netfix.test")
    assert admin.is_superuser
    assert User.objects.get(email="provider@netfix.test").role == User.Role.PROVIDER
    assert Category.objects.count() == 12
    assert not Service.objects.filter(category__slug="all-in-one").exists()
    assert CategoryPage.objects.filter(live=True).count() == 12
    assert HomePage.objects.get().live
    assert demo_listings.count() == 30

    call_command("seed_demo", services=2500, verbosity=0, no_translations=True)
    assert demo_listings.count() == 2500
    assert "Demo data ready" in capsys.readouterr().out


def test_seed_demo_refuses_negative_volume():
    with pytest.raises(CommandError):
        call_command("seed_demo", services=-1, verbosity=0)


def test_seed_demo_refuses_under_production_settings(settings):
    settings.DEMO_LOGINS_ENABLED = False
    with pytest.raises(CommandError, match="refuses to run under production settings"):
        call_command("seed_demo", verbosity=0)
    assert User.objects.count() == 0
