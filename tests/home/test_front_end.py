"""Front-end building blocks: accessible form fields, toast messages, money formatting."""

from decimal import Decimal

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.utils import translation

from netfix.money import format_money


class _BookingForm(forms.Form):
    email = forms.EmailField(help_text="We send the receipt here.")


def test_form_field_shows_errors_inline_and_links_them_to_the_input():
    form = _BookingForm(data={"email": "not-an-email"})
    assert not form.is_valid()
    html = render_to_string("includes/form_field.html", {"field": form["email"]})
    assert 'aria-invalid="true"' in html
    assert 'id="id_email_error"' in html
    assert 'id="id_email_helptext"' in html
    assert "aria-describedby=" in html
    assert "Enter a valid email address." in html


@pytest.mark.django_db
def test_messages_render_as_toasts_errors_stay(rf):
    request = rf.get("/")
    request.session = {}
    storage = FallbackStorage(request)
    storage.add(25, "Saved.")
    storage.add(40, "Card declined.")
    html = render_to_string("includes/messages.html", {"messages": storage})
    assert html.count('class="toast ') == 2
    assert 'role="status"' in html
    assert 'role="alert"' in html
    assert 'data-bs-autohide="false"' in html  # an error waits to be read


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "$1,021.00"), ("fr", "1\u00a0021,00\u00a0$"), ("es", "1\u00a0021,00\u00a0$"), ("ar", "1021,00\u00a0$")],
)
def test_money_is_formatted_per_language(lang, expected):
    with translation.override(lang):
        assert format_money(Decimal("1021"), "USD") == expected


def test_money_rounds_half_up_to_cents():
    with translation.override("en"):
        assert format_money(Decimal("21.005"), "EUR") == "€21.01"
        assert format_money(Decimal("2"), "CHF") == "CHF2.00"


def test_money_in_round_figures_for_ranges():
    with translation.override("en"):
        assert format_money(Decimal("1025"), "USD", places=0) == "$1,025"
        assert format_money(Decimal("24.5"), "USD", places=0) == "$25"
    with translation.override("fr"):
        assert format_money(Decimal("200"), "USD", places=0) == "200\u00a0$"
