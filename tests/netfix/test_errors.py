"""Error pages are translated for people and problem+json for API clients."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from netfix import errors

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/fr/nothing-here/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert 'lang="fr"' in response.text


def test_404_in_arabic_is_right_to_left(client):
    response = client.get("/ar/nothing-here/")
    assert response.status_code == 404
    assert 'dir="rtl"' in response.text


@pytest.mark.parametrize(
    ("view", "status"),
    [(errors.bad_request, 400), (errors.permission_denied, 403), (errors.page_not_found, 404)],
)
def test_error_views_render_their_status(view, status):
    request = RequestFactory().get("/en/somewhere/")
    response = view(request, Exception("boom"))
    assert response.status_code == status
    assert f">{status}<" in response.content.decode()


def test_server_error_page_renders_without_request_context():
    request = RequestFactory().get("/es/somewhere/")
    with translation.override("es"):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Error del servidor" in response.content.decode()


def test_server_error_under_api_is_problem_json():
    request = RequestFactory().get("/api/v1/anything/")
    response = errors.server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"


def test_crash_in_a_view_returns_the_500_page(client, monkeypatch):
    """An unhandled exception reaches handler500 and the visitor sees the friendly page, not a traceback."""
    from home.models import HomePage

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "serve", explode)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 500
    assert "Server error" in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
