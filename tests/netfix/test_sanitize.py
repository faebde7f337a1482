"""netfix.sanitize: what plain text and user rich text keep and lose, and the fields that apply them."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers

from home.models import Promotion
from netfix import sanitize
from netfix.sanitize import (
    CleanCharField,
    SafeHTMLField,
    SanitizedCharField,
    SanitizedCharSerializerField,
    SanitizedHTMLField,
    SanitizedHTMLSerializerField,
    clean_html,
    clean_text,
    validate_no_unsafe_characters,
)
from tests.hostile import HOSTILE_STRINGS, LEGITIMATE_STRINGS, stored_unsafely


@pytest.mark.parametrize("name", list(LEGITIMATE_STRINGS))
def test_clean_text_keeps_every_language_unchanged(name):
    value = LEGITIMATE_STRINGS[name]
    assert clean_text(value) == value


@pytest.mark.parametrize("name", list(LEGITIMATE_STRINGS))
def test_clean_html_keeps_every_language_unchanged(name):
    value = LEGITIMATE_STRINGS[name]
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert clean_html(f"<p>{value}</p>") == f"<p>{escaped}</p>"


@pytest.mark.parametrize("name", list(HOSTILE_STRINGS))
def test_clean_text_output_is_always_safe(name):
    assert stored_unsafely(clean_text(HOSTILE_STRINGS[name])) is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("abc\x00def", "abcdef"),
        ("bell\x07escape\x1b[31m\x7f\x85", "bellescape[31m"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("\u2066admin\u2069\u2067\u202a\u202b\u202c\u202d", "admin"),
        ("<script>alert(1)</script>Hello", "Hello"),
        ("<<b>script>alert(1)<</b>/script>", ""),  # the tag re-formed around <b> goes, with its content
        ("Tom &amp; Jerry &lt;b&gt;", "Tom &amp; Jerry &lt;b&gt;"),  # entities stay as typed, never decoded into tags
        ("AT&T &notice", "AT&T &notice"),
        ("2 < 3 and 5 > 4", "2 < 3 and 5 > 4"),
        ("  padded\r\nlines\u2028  ", "padded\nlines"),
        ("e\u0301te\u0301", "été"),  # NFC
    ],
)
def test_clean_text_removes_controls_overrides_and_markup(raw, clean):
    assert clean_text(raw) == clean


def test_clean_text_single_line_folds_breaks_and_tabs():
    assert clean_text("Spring\n\tsale\r\nnow", multiline=False) == "Spring sale now"


def test_clean_text_can_keep_markup_characters():
    assert clean_text("<b>x</b>\x00", strip_markup=False) == "<b>x</b>"


def test_clean_text_does_not_parse_a_flood_of_tags(monkeypatch):
    """Thousands of nested tags would take the parser minutes; they are dropped without parsing."""

    class NoParsing:
        def clean(self, value):
            raise AssertionError("the parser must not see this")

    monkeypatch.setattr(sanitize, "_TEXT_CLEANER", NoParsing())
    monkeypatch.setattr(sanitize, "_HTML_CLEANER", NoParsing())
    flood = "<div>" * (sanitize.MAX_TAGS + 1) + "text & more"

    assert clean_text(flood) == "div" * (sanitize.MAX_TAGS + 1) + "text & more"
    assert clean_html(flood).endswith("text &amp; more")
    assert "<" not in clean_html(flood)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>Hello <strong>there</strong><br><em>now</em></p>", "<p>Hello <strong>there</strong><br><em>now</em></p>"),
        ("<ul><li>one</li></ul><ol><li>two</li></ol>", "<ul><li>one</li></ul><ol><li>two</li></ol>"),
        (
            "<h3>Title</h3><h4>Sub</h4><blockquote>q</blockquote>",
            "<h3>Title</h3><h4>Sub</h4><blockquote>q</blockquote>",
        ),
        ("<p onclick='x()' style='color:red' class='c'>p</p>", "<p>p</p>"),
        ("<script>alert(1)</script><style>p{}</style>ok", "ok"),
        ("<img src=x onerror=alert(1)><svg onload=alert(1)></svg><iframe src=//e></iframe>x", "x"),
        ("<!-- hidden --><h1>big</h1>", "big"),
        ("<p>a\u202eb\x00c</p>", "<p>abc</p>"),
    ],
)
def test_clean_html_keeps_only_the_allow_list(raw, clean):
    assert clean_html(raw) == clean


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://plumber.example/about", True),
        ("http://plumber.example/", True),
        ("mailto:hello@plumber.example", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("jav&#x09;ascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//evil.example/", False),
        ("/accounts/logout/", False),
    ],
)
def test_clean_html_links_allow_only_http_https_mailto_and_are_marked_ugc(href, kept):
    cleaned = clean_html(f'<a href="{href}" target="_blank" rel="opener">link</a>')

    assert ("href=" in cleaned) is kept
    assert 'rel="nofollow noopener ugc"' in cleaned
    assert "target" not in cleaned


def test_validator_refuses_invisible_characters_and_accepts_arabic():
    for value in ("admin\u202etxt", "a\x00b", "\u2066x"):
        with pytest.raises(ValidationError) as error:
            validate_no_unsafe_characters(value)
        assert error.value.code == "unsafe_characters"
    validate_no_unsafe_characters("سباك_دبي\u200f")


# --- Fields -------------------------------------------------------------------------------------------------------


def test_model_fields_migrate_as_djangos_own():
    """Adopting a sanitising field changes no schema, so it needs no migration."""
    assert CleanCharField(max_length=5).deconstruct()[1] == "django.db.models.CharField"
    assert SafeHTMLField().deconstruct()[1] == "django.db.models.TextField"


@pytest.mark.django_db
def test_model_field_cleans_on_save_and_full_clean():
    promotion = Promotion.objects.create(title="Spring\u202e <script>x</script>sale", banner_text="<b>Hi</b>\x00")
    promotion.refresh_from_db()
    assert (promotion.title, promotion.banner_text) == ("Spring sale", "Hi")

    promotion.title = "<i>Summer</i>\u2066"
    promotion.full_clean()
    assert promotion.title == "Summer"


@pytest.mark.django_db
def test_model_field_leaves_lookups_as_written():
    """Filtering for markup searches for the markup, not for its cleaned (empty) form."""
    Promotion.objects.create(title="Plain", banner_text="Text")

    assert not Promotion.objects.filter(title__contains="<b>").exists()


def test_model_field_refuses_a_value_that_cleans_to_nothing():
    with pytest.raises(ValidationError) as error:
        CleanCharField(max_length=20).clean("<script>x</script>", None)
    assert error.value.code == "blank"


def test_model_fields_build_sanitising_form_fields():
    assert isinstance(CleanCharField(max_length=20).formfield(), SanitizedCharField)
    assert isinstance(SafeHTMLField().formfield(), SanitizedHTMLField)


def test_form_fields_clean_before_validating():
    class ReviewForm(forms.Form):
        title = SanitizedCharField(max_length=10)
        body = SanitizedHTMLField()

    form = ReviewForm({"title": "<b>Great</b>\u202e", "body": "<p>Tidy<script>x</script></p>"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "Great", "body": "<p>Tidy</p>"}

    empty = ReviewForm({"title": "<script>x</script>", "body": "<p>ok</p>"})
    assert not empty.is_valid()
    assert empty.errors["title"] == ["This field is required."]


def test_serializer_fields_clean_and_refuse_what_cleans_to_nothing():
    class ReviewSerializer(serializers.Serializer):
        title = SanitizedCharSerializerField(max_length=10)
        body = SanitizedHTMLSerializerField()
        note = SanitizedCharSerializerField(multiline=True, required=False)

    good = ReviewSerializer(data={"title": "Great\u202e", "body": "<p onclick=x>Tidy</p>", "note": "a\nb\x00"})
    assert good.is_valid(), good.errors
    assert good.validated_data == {"title": "Great", "body": "<p>Tidy</p>", "note": "a\nb"}

    blank = ReviewSerializer(data={"title": "<b></b>", "body": "<script>x</script>"})
    assert not blank.is_valid()
    assert {field: [error.code for error in errors] for field, errors in blank.errors.items()} == {
        "title": ["blank"],
        "body": ["blank"],
    }
