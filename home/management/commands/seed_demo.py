"""``manage.py seed_demo``: believable demo data for development, safe to run again.

Each app contributes its own part (``<app>/demo.py``); this command runs them in order inside one transaction and
shows a progress bar. ``--services N`` tops the demo provider's listings up to N for volume tests; the ~30 demo
companies with their ~150 listings (``providers.demo.seed_providers``) come on top. It refuses to run where demo
logins are disabled (production settings).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from accounts.demo import demo_logins_enabled, seed_demo_users
from home.demo import seed_pages
from marketplace.demo import seed_bookings, seed_reviews
from providers.demo import PROVIDER_COUNT, seed_providers, seed_services
from search.indexing import reindex_all


class Command(BaseCommand):
    help = "Create the demo logins and demo content (idempotent). Refused under production settings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--services", type=int, default=24, help="How many demo services should exist (default 24)."
        )
        parser.add_argument(
            "--no-translations", action="store_true", help="Build the English content only (faster, for tests)."
        )

    def handle(self, *args: Any, services: int, **options: Any) -> None:
        if not demo_logins_enabled():
            raise CommandError("seed_demo is for development only and refuses to run under production settings.")
        if services < 0:
            raise CommandError("--services must be zero or more.")
        quiet = options["verbosity"] == 0
        steps = ["users", "pages", "services", "bookings"]
        total = len(steps) + services + PROVIDER_COUNT
        with (
            transaction.atomic(),
            tqdm(total=total, desc="seed_demo", unit="step", disable=quiet) as bar,
        ):
            users = seed_demo_users()
            bar.update(1)
            seed_pages(translations=not options["no_translations"])
            bar.update(1)
            created = seed_services(provider_user=users["provider"], count=services, progress=bar.update)
            bar.update(1 + services - created)
            companies = seed_providers(reviewer=users["admin"], demo_provider=users["provider"], progress=bar.update)
            bar.update(PROVIDER_COUNT - companies)
            bookings = seed_bookings(customer=users["customer"], provider_user=users["provider"], staff=users["admin"])
            seed_reviews(customer=users["customer"], staff=users["admin"])
            bar.update(1)
        # Demo listings are bulk-inserted (no signals), so the search index is built here, after the commit.
        reindex_all()
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data ready ({created} new services, {bookings} new bookings). Logins: ")
            )
            for email in ("admin@netfix.test", "customer@netfix.test", "provider@netfix.test"):
                self.stdout.write(f"  {email} / netfix-demo")
            self.stdout.write(f"  provider-01@netfix.test … provider-{PROVIDER_COUNT:02d}@netfix.test / netfix-demo")
