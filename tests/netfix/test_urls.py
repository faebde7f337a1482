"""The fixed URLs of product.md answer as promised."""

import pytest

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "ar"]


def test_root_redirects_to_visitor_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_root_redirects_to_english_by_default(client):
    response = client.get("/")
    assert response["Location"] == "/en/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_renders_in_every_language(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'lang="{lang}"' in response.text


def test_home_is_right_to_left_in_arabic(client):
    response = client.get("/ar/")
    assert 'dir="rtl"' in response.text
    assert "bootstrap.rtl.min.css" in response.text


def test_admin_sends_people_to_the_one_login(client):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    assert 'name="password"' in response.text


def test_accounts_login_is_served_without_language_prefix(client):
    assert client.get("/accounts/login/").status_code == 200


def test_unknown_api_url_is_a_problem_not_a_redirect(client):
    response = client.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/"])
def test_api_documentation_is_served(client, path):
    assert client.get(path).status_code == 200


def test_api_docs_use_bundled_assets_only(client):
    """Swagger UI and ReDoc must work offline: every asset comes from our own static files."""
    for path in ("/api/v1/docs/", "/api/v1/redoc/"):
        html = client.get(path).text
        assert "cdn" not in html.lower()
        assert "/static/drf_spectacular_sidecar/" in html
