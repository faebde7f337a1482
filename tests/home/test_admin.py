"""Editors and moderators: what each group may do in the Wagtail admin."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _member(group_name: str):
    """A group member who is not ``is_staff``, with the second factor every admin user must have."""
    user = UserFactory(is_staff=False)
    user.groups.add(Group.objects.get(name=group_name))
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_editorial_groups_reach_pages_promotions_and_menus(client, group):
    client.force_login(_member(group))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/snippets/home/promotion/").status_code == 200
    assert client.get("/admin/snippets/home/menu/").status_code == 200
    assert client.get("/admin/snippets/home/promotion/add/").status_code == 200


def test_only_moderators_publish_promotions():
    assert not _member("Editors").has_perm("home.publish_promotion")
    assert _member("Moderators").has_perm("home.publish_promotion")


def test_editors_do_not_see_marketplace_listings(client):
    client.force_login(_member("Editors"))
    for url in ("/admin/service/", "/admin/providerprofile/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/", url


def test_moderators_can_review_listings(client):
    client.force_login(_member("Moderators"))
    assert client.get("/admin/service/").status_code == 200
    assert client.get("/admin/providerprofile/").status_code == 200


def test_editorial_groups_hold_no_money_permissions():
    """Editors never see payments: their only marketplace permissions are about reviews (moderation)."""
    for name in ("Editors", "Moderators"):
        permissions = Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
        labels = {label for label, _codename in permissions}
        assert labels <= {
            "wagtailadmin",
            "wagtaildocs",
            "wagtailimages",
            "wagtail_localize",
            "home",
            "providers",
            "marketplace",
        }
        marketplace = {codename for label, codename in permissions if label == "marketplace"}
        assert marketplace == {"view_review", "moderate_review", "view_reviewflag"}


def test_customers_cannot_enter_the_admin(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
