"""The hostile-input corpus (tests/hostile.py) against every form and API endpoint that exists.

Each form or endpoint is one entry below — ``FORMS`` for HTML forms (site and admin), ``QUERY_PAGES`` for pages and
API lists that read query parameters, ``UPLOAD_VIEWS`` for file uploads; the JSON API has its own tests at the end.
A new feature adds its form or endpoint in one line; a new kind of attack goes into tests/hostile.py. Every entry
must hold:

* never a 500 (the test client re-raises exceptions, and a 5xx status fails too);
* invalid input is refused with a form error or a 4xx — ``application/problem+json`` on the API — and changes
  nothing; a redirect never leaves the site;
* hostile markup is never reflected unescaped;
* whatever is stored passes ``tests.hostile.stored_unsafely`` (no NUL, control or bidi characters, no markup) and
  no stored text is a megabyte long.

Forms are read from their page (tests/html_forms.py), so these tests follow forms as they change: each field a person
types into receives each hostile value in turn while the others keep valid values.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse
from rest_framework.test import APIClient

from accounts.models import User
from netfix.sanitize import SafeHTMLField, clean_text
from providers.demo import seed_categories
from tests.factories import CategoryFactory, ProviderProfileFactory, UserFactory
from tests.hostile import (
    HOSTILE_FILE_NAMES,
    HOSTILE_JSON_BODIES,
    HOSTILE_STRINGS,
    JSON_ONLY_STRINGS,
    MEGABYTE,
    hostile_file,
    stored_unsafely,
)
from tests.html_forms import DiscoveredForm, discover_form

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"
_unique = itertools.count()


# --- What every response and every stored row must satisfy ------------------------------------------------------


def assert_survived(response: Any, hostile: str, *, where: str) -> None:
    """No server error, no redirect off the site, no hostile markup reflected as markup."""
    assert response.status_code < 500, f"{where}: {response.status_code}"
    if response.status_code in {301, 302, 303, 307, 308}:
        location = urlsplit(response["Location"])
        off_site = f"{where}: redirects off the site to {response['Location']!r}"
        assert not location.scheme, off_site
        assert not location.netloc, off_site
        assert not location.path.startswith(("/\\", "\\")), off_site  # browsers read a backslash as a slash
    if "<" in hostile and len(hostile) < MEGABYTE // 10 and not response.streaming:
        assert hostile not in response.content.decode(errors="replace"), f"{where}: markup reflected unescaped"


def rich_text_columns(model_labels: tuple[str, ...]) -> set[str]:
    """``label.attname`` of the ``SafeHTMLField`` columns, which keep sanitised markup on purpose."""
    return {
        f"{label}.{field.attname}"
        for label in model_labels
        for field in apps.get_model(label)._meta.concrete_fields
        if isinstance(field, SafeHTMLField)
    }


def stored_texts(model_labels: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """``(where, value)`` for every text column of every row of the given models."""
    for label in model_labels:
        model = apps.get_model(label)
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        for row in model._default_manager.values_list("pk", *names):
            for name, value in zip(names, row[1:], strict=True):
                yield f"{label}#{row[0]}.{name}", value


def assert_stored_safely(model_labels: tuple[str, ...], *, where: str) -> None:
    rich = rich_text_columns(model_labels)
    for column, value in stored_texts(model_labels):
        label, _sep, rest = column.partition("#")
        reason = stored_unsafely(value, rich_text=f"{label}.{rest.partition('.')[2]}" in rich)
        assert reason is None, f"{where}: {column} stored with a {reason}: {value[:80]!r}"
        assert value is None or len(value) < MEGABYTE // 2, f"{where}: {column} stored a {len(value)}-character value"


def row_counts(model_labels: tuple[str, ...]) -> dict[str, int]:
    return {label: apps.get_model(label)._default_manager.count() for label in model_labels}


# --- Forms --------------------------------------------------------------------------------------------------------


def _valid_value(form_field: Any) -> str | list[str] | None:
    """A valid value for a field the test is not attacking; ``None`` leaves it out of the POST."""
    name, kind = form_field.name, form_field.kind
    if form_field.honeypot:
        return ""
    if kind in {"checkbox", "radio"}:
        # A group of choices (fields of work) gets its first; a lone box (remember me) stays off unless required.
        choose = form_field.required or len(form_field.options) > 1
        return form_field.value or (form_field.options[0] if choose else None)
    if kind == "select-multiple":
        chosen = [option for option in form_field.options if option][:1]
        return chosen if form_field.required else []
    if kind == "select":
        return form_field.value or next((option for option in form_field.options if option), "")
    if form_field.value:
        return form_field.value
    n = next(_unique)
    if kind == "email" or "email" in name or name == "login":
        return f"person{n}@example.com"
    if "password" in name:
        return "correct-horse-battery-staple"
    if "username" in name:
        return f"person{n}"
    if kind == "date":
        return "1990-05-17"
    if kind == "number":
        return "12"
    return "Acme Plumbing & Sons" if form_field.required else ""


def form_data(form: DiscoveredForm, field: str, hostile: str) -> dict[str, Any]:
    """Valid values everywhere, ``hostile`` in ``field`` (in every password field when it is one, so they match)."""
    data = {name: value for name, f in form.fields.items() if (value := _valid_value(f)) is not None}
    targets = [name for name in form.fields if "password" in name] if "password" in field else [field]
    for name in targets:
        data[name] = hostile
    return data


def _provider_and_category() -> None:
    ProviderProfileFactory()
    CategoryFactory()


def _provider_user_and_category() -> None:
    UserFactory(role=User.Role.PROVIDER)
    CategoryFactory()


@dataclass(frozen=True)
class FormTarget:
    url: str  # a URL name or a path
    staff: bool  # posted by a signed-in staff member (with a second factor) rather than anonymously
    stored: tuple[str, ...]  # models whose text must stay clean
    fields: tuple[str, ...] = ()  # the fields that get hostile values; () = every field a person types into
    baseline: dict[str, str] | None = None  # fixed valid data instead of reading the form from its page
    setup: Callable[[], object] | None = None
    files: tuple[str, str] | None = None  # (form field, corpus file) sent with every post
    creates: bool = True  # some posts succeed and store rows (so storage is really exercised, not only refusals)

    @property
    def path(self) -> str:
        try:
            return reverse(self.url)
        except NoReverseMatch:
            return self.url


_ACCOUNTS = ("accounts.User", "account.EmailAddress")
FORMS: dict[str, FormTarget] = {
    "login": FormTarget("account_login", False, _ACCOUNTS, creates=False),
    "signup": FormTarget("account_signup", False, _ACCOUNTS),
    "provider_signup": FormTarget(
        "account_signup_provider", False, (*_ACCOUNTS, "providers.ProviderProfile"), setup=seed_categories
    ),
    "password_reset": FormTarget("account_reset_password", False, _ACCOUNTS, creates=False),
    "language_switch": FormTarget(
        "set_language",
        False,
        (),
        fields=("language", "next"),
        baseline={"language": "fr", "next": "/fr/"},
        creates=False,
    ),
    "admin_promotion": FormTarget(
        "wagtailsnippets_home_promotion:add", True, ("home.Promotion",), fields=("title", "banner_text", "code")
    ),
    "admin_service": FormTarget(
        "/admin/service/new/", True, ("providers.Service",), ("name", "description"), setup=_provider_and_category
    ),
    "admin_provider": FormTarget(
        "/admin/providerprofile/new/",
        True,
        ("providers.ProviderProfile",),
        ("company_name",),
        setup=_provider_user_and_category,
    ),
    "admin_image": FormTarget(
        "wagtailimages:add",
        True,
        ("wagtailimages.Image",),
        ("title", "description", "tags"),
        files=("file", "valid_png"),
    ),
    "admin_document": FormTarget(
        "wagtaildocs:add", True, ("wagtaildocs.Document",), ("title", "tags"), files=("file", "valid_pdf")
    ),
}


@pytest.fixture
def staff_client(admin_client: Client) -> Client:
    """The conftest's signed-in superuser, who has a second factor as staff must."""
    return admin_client


def _post_form(client: Client, target: FormTarget, data: dict[str, Any]) -> Any:
    if target.files:
        field, name = target.files
        corpus_file = hostile_file(name)
        data = {**data, field: SimpleUploadedFile(corpus_file.filename, corpus_file.content)}
    return client.post(target.path, data)


@pytest.mark.parametrize("target_name", list(FORMS))
def test_form_survives_hostile_strings(request, client, target_name):
    """Each typed field of the form gets each hostile value in turn; see the module docstring for what must hold.

    One test per form, not per value: the form is read from its page once, which keeps the corpus fast to run.
    """
    target = FORMS[target_name]
    if target.setup:
        target.setup()
    if target.staff:
        client = request.getfixturevalue("staff_client")
    form = None
    if target.baseline is None:
        page = client.get(target.path)
        assert page.status_code == 200, f"{target.path} answered {page.status_code}"
        form = discover_form(page.content.decode(), target.path)
    fields = target.fields or (form.text_fields if form else ())
    assert fields, f"no field to attack on {target.path}"
    initial = row_counts(target.stored)

    for field, (hostile_name, hostile) in itertools.product(fields, HOSTILE_STRINGS.items()):
        where = f"{target_name}.{field}={hostile_name}"
        cache.clear()  # rate limits would otherwise refuse the later posts for a reason that is not the one tested
        before = row_counts(target.stored)
        if form is not None:
            assert field in form.fields, f"{where}: the form has no field {field!r}"
            data = form_data(form, field, hostile)
        else:
            data = {**(target.baseline or {}), field: hostile}
        response = _post_form(client, target, data)

        assert_survived(response, hostile, where=where)
        assert_stored_safely(target.stored, where=where)
        # A megabyte of text is refused (a megabyte of markup may be cleaned to nothing instead); passwords are
        # hashed, never stored as typed.
        if len(clean_text(hostile)) >= MEGABYTE // 2 and "password" not in field and target.stored:
            assert row_counts(target.stored) == before, f"{where}: a megabyte field was accepted"
            assert response.status_code in {200, 400}, f"{where}: a megabyte field was not refused with an error"

    if target.creates:
        assert row_counts(target.stored) != initial, f"{target_name}: no post succeeded, so nothing stored was checked"


def test_username_with_direction_override_is_refused_with_a_clear_message(client):
    """The Trojan-Source username ``admin\u202etxt`` is refused, and the message says why."""
    path = reverse("account_signup")
    form = discover_form(client.get(path).content.decode(), path)
    response = client.post(path, form_data(form, "username", "admin\u202etxt"))

    assert response.status_code == 200
    assert "invisible control or text-direction characters" in response.content.decode()
    assert not User.objects.filter(username__startswith="admin").exists()


def test_arabic_username_is_accepted(client):
    """Refusing direction overrides must not refuse right-to-left names."""
    path = reverse("account_signup")
    form = discover_form(client.get(path).content.decode(), path)
    client.post(path, form_data(form, "username", "سباك_دبي"))

    assert User.objects.filter(username="سباك_دبي").exists()


def test_admin_promotion_stores_hostile_text_cleaned(staff_client):
    """Sanitising keeps what is safe: the words around removed markup and characters are stored."""
    path = reverse("wagtailsnippets_home_promotion:add")
    form = discover_form(staff_client.get(path).content.decode(), path)
    data = form_data(form, "title", "Spring <script>alert(1)</script>sale\u202e")
    data["banner_text"] = "مرحبا <b>بكم</b> \x07today"
    staff_client.post(path, data)

    promotion = apps.get_model("home.Promotion").objects.get()
    assert (promotion.title, promotion.banner_text) == ("Spring sale", "مرحبا بكم today")


# --- Query parameters ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryTarget:
    path: str
    params: tuple[str, ...]
    headers: tuple[tuple[str, str], ...] = ()
    api: bool = False


QUERY_PAGES: dict[str, QueryTarget] = {
    "home": QueryTarget("/en/", ("page",)),
    "category": QueryTarget("/en/services/plumbing/", ("page",)),
    "category_htmx": QueryTarget("/en/services/plumbing/", ("page",), (("HX-Request", "true"),)),
    "most_requested": QueryTarget("/en/services/most-requested/", ("page",)),
    "api_categories": QueryTarget("/api/v1/categories/", ("page", "page_size"), api=True),
    "search": QueryTarget("/en/search/", ("q", "category", "price_min", "near", "date", "lang", "sort", "page")),
    "search_more": QueryTarget("/en/search/", ("q", "page"), (("HX-Request", "true"), ("HX-Target", "search-more"))),
    "search_suggest": QueryTarget("/en/search/suggest/", ("q",), (("HX-Request", "true"),)),
    "api_services_search": QueryTarget("/api/v1/services/", ("q", "price_min", "radius", "date", "sort"), api=True),
}


# The HTTP servers (Daphne, Uvicorn) refuse request lines over about 16 KiB before Django sees them, so megabyte
# values stay in bodies.
MAX_URL_VALUE = 16 * 1024


@pytest.mark.parametrize("target_name", list(QUERY_PAGES))
def test_query_parameters_survive_hostile_strings(client, site_tree, target_name):
    """Every hostile string in every query parameter: a page or a 4xx, never a 500, never reflected markup."""
    target = QUERY_PAGES[target_name]
    headers = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in target.headers}
    for (hostile_name, hostile), param in itertools.product(HOSTILE_STRINGS.items(), target.params):
        if len(hostile) > MAX_URL_VALUE:
            continue
        where = f"{target_name}?{param}={hostile_name}"
        response = client.get(f"{target.path}?{urlencode({param: hostile})}", **headers)
        assert_survived(response, hostile, where=where)
        if target.api and response.status_code >= 400:
            assert response["Content-Type"] == PROBLEM_JSON, where


@pytest.fixture
def site_tree(db):
    """English pages with the plumbing category page (the same tree as the page tests)."""
    from home.demo import seed_pages

    seed_categories()
    return seed_pages(translations=False, only_categories=["plumbing"])


# --- Uploads ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadView:
    url_name: str
    kind: str  # "image" or "document": which expectation of the corpus file applies
    model: str
    multiple: bool = False  # Wagtail's multiple uploader: ``files[]``, a JSON answer


UPLOAD_VIEWS: dict[str, UploadView] = {
    "wagtail_image": UploadView("wagtailimages:add", "image", "wagtailimages.Image"),
    "wagtail_document": UploadView("wagtaildocs:add", "document", "wagtaildocs.Document"),
    "wagtail_image_multiple": UploadView("wagtailimages:add_multiple", "image", "wagtailimages.Image", multiple=True),
    "wagtail_document_multiple": UploadView(
        "wagtaildocs:add_multiple", "document", "wagtaildocs.Document", multiple=True
    ),
    "django_admin_image": UploadView("admin:wagtailimages_image_add", "image", "wagtailimages.Image"),
    "django_admin_document": UploadView("admin:wagtaildocs_document_add", "document", "wagtaildocs.Document"),
}


def _upload(client: Client, view: UploadView, filename: str, content: bytes) -> tuple[bool, Any]:
    """Post the file; ``(accepted, response)``."""
    upload = SimpleUploadedFile(filename, content)
    path = reverse(view.url_name)
    if view.multiple:
        response = client.post(path, {"files[]": upload})
        return response.json()["success"], response
    data: dict[str, Any] = {"title": filename, "file": upload}
    if view.url_name.startswith("admin:"):  # Django's plain model form asks for every column
        data["collection"] = apps.get_model("wagtailcore.Collection").objects.get(depth=1).pk
        if view.kind == "image":
            data.update(width=1, height=1)
    response = client.post(path, data)
    return response.status_code == 302, response


@pytest.mark.parametrize("view_name", list(UPLOAD_VIEWS))
def test_uploads_are_judged_by_content(staff_client, view_name):
    """Each corpus file is accepted exactly when netfix.uploads accepts it: refused ones store nothing (not even a
    pending ``UploadedFile``), accepted ones are stored byte for byte with a clean title."""
    view = UPLOAD_VIEWS[view_name]
    model = apps.get_model(view.model)
    pending = apps.get_model("wagtailcore.UploadedFile")

    for file_name in HOSTILE_FILE_NAMES:
        corpus_file = hostile_file(file_name)
        expected_code = corpus_file.image_code if view.kind == "image" else corpus_file.document_code
        where = f"{view_name}:{file_name}"
        before = model.objects.count()

        accepted, response = _upload(staff_client, view, corpus_file.filename, corpus_file.content)

        assert response.status_code < 500, where
        assert pending.objects.count() == 0, where
        if expected_code is None:
            assert accepted, f"{where}: refused"
            stored = model.objects.latest("pk")
            with stored.file.open("rb") as handle:
                assert handle.read() == corpus_file.content, f"{where}: the stored file is not the uploaded one"
            assert_stored_safely((view.model,), where=where)
        else:
            assert not accepted, f"{where}: accepted, expected {expected_code}"
            assert model.objects.count() == before, where


def test_admin_shows_why_a_polyglot_is_refused(staff_client):
    """Wagtail alone accepts a JPEG with a JAR appended; the admin now says why it does not."""
    corpus_file = hostile_file("gifar_jpeg_zip")
    response = staff_client.post(
        reverse("wagtailimages:add"),
        {"title": "photo", "file": SimpleUploadedFile(corpus_file.filename, corpus_file.content)},
    )

    assert response.status_code == 200
    assert "archive hidden inside it" in response.content.decode()


# --- JSON API -----------------------------------------------------------------------------------------------------


@pytest.fixture
def api_user():
    return UserFactory(language="en", time_zone="Europe/Paris")


@pytest.fixture
def api(api_user):
    client = APIClient()
    client.force_authenticate(api_user)
    return client


def _assert_problem(response: Any, *, where: str) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, f"{where}: {response.status_code}"
    assert response["Content-Type"] == PROBLEM_JSON, where
    body = json.loads(response.content)
    assert body["status"] == response.status_code
    return body


@pytest.mark.parametrize("hostile_name", [*HOSTILE_STRINGS, *JSON_ONLY_STRINGS])
@pytest.mark.parametrize("field", ["language", "time_zone"])
def test_api_me_refuses_hostile_preferences(api, api_user, field, hostile_name):
    """None of the corpus is a language or a time zone: a 400 problem naming the field, and nothing changes."""
    hostile = {**HOSTILE_STRINGS, **JSON_ONLY_STRINGS}[hostile_name]
    # UTF-8 on the wire (a megabyte stays a megabyte); lone surrogates can only travel as \ud800 escapes.
    body = json.dumps({field: hostile}, ensure_ascii=hostile_name in JSON_ONLY_STRINGS).encode()

    response = api.generic("PATCH", "/api/v1/me/", body, content_type="application/json")

    problem = _assert_problem(response, where=f"{field}={hostile_name}")
    assert problem["type"].endswith(("/validation-error", "/parse-error"))
    api_user.refresh_from_db()
    assert (api_user.language, api_user.time_zone) == ("en", "Europe/Paris")


@dataclass(frozen=True)
class ApiWriteTarget:
    """A JSON write of the signed-in provider on its own objects (``{provider}``, ``{service}`` in the path)."""

    method: str
    path: str
    baseline: dict[str, Any]
    fields: tuple[str, ...]  # dotted paths into the body; typed text that may be stored cleaned
    strict: tuple[str, ...] = ()  # fields no corpus value is valid for: always a 400
    stored: tuple[str, ...] = ("providers.ProviderProfile", "providers.Service", "providers.ServicePackage")


_SERVICE = {"name": "Leak repair", "description": "Fast.", "category": "plumbing", "price_per_hour": "40"}
API_WRITES: dict[str, ApiWriteTarget] = {
    "provider_profile": ApiWriteTarget(
        "PATCH",
        "/api/v1/providers/{provider}/",
        {},
        ("company_name", "bio", "address"),
        ("time_zone", "fields_of_work.0", "languages.0", "service_radius_km", "slot_step_minutes"),
    ),
    "service_create": ApiWriteTarget(
        "POST", "/api/v1/services/", _SERVICE, ("name", "description"), ("category", "price_per_hour", "minimum_hours")
    ),
    "service_update": ApiWriteTarget(
        "PATCH",
        "/api/v1/services/{service}/",
        {"packages": [{"name": "Standard", "price": "50", "included_hours": "2"}]},
        ("name", "description", "packages.0.name"),
        ("price_per_hour", "original_language", "packages.0.price", "translations.0.language"),
    ),
    "weekly_hours": ApiWriteTarget(
        "PUT",
        "/api/v1/providers/{provider}/weekly-hours/",
        {"intervals": [{"weekday": 0, "start_time": "09:00", "end_time": "17:00"}]},
        (),
        ("intervals.0.weekday", "intervals.0.start_time", "intervals.0.end_time"),
        ("providers.WeeklyAvailability",),
    ),
    "time_off": ApiWriteTarget(
        "POST",
        "/api/v1/providers/{provider}/time-off/",
        {"starts_at": "2099-01-04T09:00", "ends_at": "2099-01-05T09:00", "reason": "Holiday"},
        ("reason",),
        ("starts_at", "ends_at"),
        ("providers.TimeOff",),
    ),
}


def _with_value(body: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``body`` with ``value`` at ``dotted`` (``packages.0.name``), creating what is missing."""
    body = json.loads(json.dumps(body))
    *parents, last = dotted.split(".")
    node: Any = body
    for index, part in enumerate(parents):
        following = [*parents, last][index + 1]
        key: Any = int(part) if part.isdigit() else part
        if isinstance(node, dict) and key not in node:
            node[key] = [{}] if following.isdigit() else {}
        node = node[key]
    node[int(last) if last.isdigit() else last] = value
    return body


@pytest.mark.parametrize("target_name", list(API_WRITES))
def test_api_provider_writes_survive_hostile_values(client, target_name):
    """Each hostile string in each field of the provider's own writes: stored cleaned or a 400 problem, never a
    500; a megabyte, and anything in a field no text is valid for, is refused and changes nothing."""
    from providers.models import ProviderLanguage
    from tests.factories import ServiceFactory

    categories = seed_categories()
    provider = ProviderProfileFactory(address="Lyon, FR", latitude=45.7, longitude=4.8, time_zone="Europe/Paris")
    provider.fields_of_work.add(categories["plumbing"])
    ProviderLanguage.objects.create(provider=provider, code="en")
    service = ServiceFactory(provider=provider, category=categories["plumbing"])
    client.force_login(provider.user)
    target = API_WRITES[target_name]
    path = target.path.format(provider=provider.pk, service=service.pk)
    values = {**HOSTILE_STRINGS, **JSON_ONLY_STRINGS}

    for field, (hostile_name, hostile) in itertools.product((*target.fields, *target.strict), values.items()):
        where = f"{target_name}.{field}={hostile_name}"
        cache.clear()
        before = list(stored_texts(target.stored)), row_counts(target.stored)
        body = json.dumps(_with_value(target.baseline, field, hostile), ensure_ascii=hostile_name in JSON_ONLY_STRINGS)
        response = client.generic(target.method, path, body.encode(), content_type="application/json")

        assert_survived(response, hostile, where=where)
        if response.status_code >= 400:
            _assert_problem(response, where=where)
        assert_stored_safely(target.stored, where=where)
        if field in target.strict or len(hostile) >= MEGABYTE // 2:
            assert response.status_code == 400, f"{where}: {response.status_code} {response.content[:200]!r}"
            assert (list(stored_texts(target.stored)), row_counts(target.stored)) == before, f"{where}: changed"


@pytest.mark.parametrize("body_name", list(HOSTILE_JSON_BODIES))
def test_api_refuses_hostile_json_bodies(api, api_user, body_name):
    """Malformed, over-deep, surrogate-laden or megabyte JSON: a 400 problem, never a 500, nothing changes."""
    response = api.generic("PATCH", "/api/v1/me/", HOSTILE_JSON_BODIES[body_name], content_type="application/json")

    assert response.status_code == 400
    _assert_problem(response, where=body_name)
    api_user.refresh_from_db()
    assert (api_user.language, api_user.time_zone) == ("en", "Europe/Paris")


def test_request_body_over_the_upload_limit_is_a_client_error(client, api):
    """Bodies over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB): a 400 (problem+json on the API), not a 500."""
    big = "A" * (3 * MEGABYTE)

    form_response = client.post(reverse("account_login"), {"login": "a@example.com", "password": big})
    api_response = api.generic("PATCH", "/api/v1/me/", json.dumps({"time_zone": big}), content_type="application/json")

    assert form_response.status_code == 400
    assert api_response.status_code == 400
    _assert_problem(api_response, where="3 MB JSON")


def test_api_booking_request_survives_hostile_values(client):
    """A customer's booking request with each hostile string in each field: a 400 (or 409) problem or a booking
    stored cleaned, never a 500; nothing is booked from a field no text is valid for."""
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.models import Booking
    from tests.factories.accounts import CustomerFactory
    from tests.factories.marketplace import PARIS, bookable_service, paris_time

    service = bookable_service()
    client.force_login(CustomerFactory())
    day = (timezone.localtime(timezone.now(), PARIS) + timedelta(days=10)).date()
    starts_at = paris_time(day.isoformat(), 10).isoformat()
    baseline = {"service": service.pk, "starts_at": starts_at, "hours": "2", "address": "1 rue X", "city": "Paris"}
    stored = ("marketplace.Booking", "marketplace.BookingEvent")
    values = {**HOSTILE_STRINGS, **JSON_ONLY_STRINGS}
    fields, strict = ("address", "notes", "city", "promo_code"), ("starts_at", "hours", "service", "package")
    booked = 0

    for field, (hostile_name, hostile) in itertools.product((*fields, *strict), values.items()):
        where = f"booking.{field}={hostile_name}"
        cache.clear()
        Booking.objects.all().delete()
        body = json.dumps({**baseline, field: hostile}, ensure_ascii=hostile_name in JSON_ONLY_STRINGS)
        response = client.post("/api/v1/bookings/", body.encode(), content_type="application/json")

        assert_survived(response, hostile, where=where)
        if response.status_code >= 400:
            _assert_problem(response, where=where)
        assert_stored_safely(stored, where=where)
        if field in strict or len(hostile) >= MEGABYTE // 2:
            assert response.status_code == 400, f"{where}: {response.status_code} {response.content[:200]!r}"
            assert not Booking.objects.exists(), f"{where}: booked"
        booked += response.status_code == 201
    assert booked, "no request succeeded, so nothing stored was checked"


# Review writes (issue 8): who writes, the path, a good body, typed text fields, and fields no text is valid for.
REVIEW_API_WRITES: dict[str, tuple[str, str, dict[str, Any], tuple[str, ...], tuple[str, ...]]] = {
    "review_create": (
        "customer",
        "/api/v1/bookings/{booking}/review/",
        {"rating": 4, "quality": 4, "punctuality": 4, "communication": 4, "value": 4, "text": "Ok", "language": "en"},
        ("text",),
        ("rating", "quality", "language"),
    ),
    "review_reply": ("provider", "/api/v1/reviews/{review}/reply/", {"text": "Thanks."}, ("text",), ()),
    "review_flag": ("reader", "/api/v1/reviews/{review}/flag/", {"reason": "spam", "note": ""}, ("note",), ("reason",)),
}


@pytest.mark.parametrize("target_name", list(REVIEW_API_WRITES))
def test_api_review_writes_survive_hostile_values(client, target_name):
    """Each hostile string in each field of a review, a reply and a report: stored cleaned or a 400 problem, never
    a 500; a megabyte, and anything in a field no text is valid for, is refused and stores nothing."""
    from marketplace.models import Review, ReviewFlag, ReviewReply
    from marketplace.reviews.services import review_create
    from tests.reviews.helpers import completed_booking, stars

    booking = completed_booking()
    reviewed = completed_booking(booking.service)
    review = review_create(booking=reviewed, author=reviewed.customer, data=stars(5))
    who, path, baseline, fields, strict = REVIEW_API_WRITES[target_name]
    users = {"customer": booking.customer, "provider": booking.provider.user, "reader": UserFactory()}
    client.force_login(users[who])
    url = path.format(booking=booking.pk, review=review.pk)
    written = {"review_create": Review.objects.filter(booking=booking), "review_reply": ReviewReply.objects.all(),
               "review_flag": ReviewFlag.objects.all()}[target_name]  # fmt: skip
    stored = ("marketplace.Review", "marketplace.ReviewReply", "marketplace.ReviewFlag")
    values = {**HOSTILE_STRINGS, **JSON_ONLY_STRINGS}
    saved = 0

    for field, (hostile_name, hostile) in itertools.product((*fields, *strict), values.items()):
        where = f"{target_name}.{field}={hostile_name}"
        cache.clear()
        written.delete()
        body = json.dumps({**baseline, field: hostile}, ensure_ascii=hostile_name in JSON_ONLY_STRINGS)
        response = client.post(url, body.encode(), content_type="application/json")

        assert_survived(response, hostile, where=where)
        if response.status_code >= 400:
            _assert_problem(response, where=where)
        assert_stored_safely(stored, where=where)
        if field in strict or len(hostile) >= MEGABYTE // 2:
            assert response.status_code == 400, f"{where}: {response.status_code} {response.content[:200]!r}"
            assert not written.exists(), f"{where}: stored"
        saved += response.status_code == 201
    assert saved, "no request succeeded, so nothing stored was checked"
