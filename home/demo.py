"""Demo content for the editorial site."""

from __future__ import annotations

from wagtail.models import Site

from home.models import HomePage


def seed_pages() -> HomePage:
    """Give the home page its demo title and introduction (the editorial issue builds the full page tree)."""
    home = HomePage.objects.filter(depth=2).order_by("pk").first()
    if home is None:
        raise RuntimeError("The home page migration has not run; run `manage.py migrate` first.")
    home.title = "NetFix"
    home.intro = "Book trusted plumbers, electricians, cleaners and more, in your language."
    home.save_revision().publish()
    Site.objects.filter(is_default_site=True).update(site_name="NetFix")
    return home
