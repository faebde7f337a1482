"""``manage.py search_reindex``: rebuild the whole service search index (entries, bookable days, backend).

Run it after a deploy that changes what is indexed, after switching ``SEARCH_BACKEND``, or to repair an index that
missed updates; signals and the nightly ``search.refresh_days`` keep it current otherwise.
"""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from providers.models import Service
from search.backends import get_backend
from search.indexing import BATCH_SIZE, reindex_all


class Command(BaseCommand):
    help = "Rebuild the service search index: every entry and its bookable days, then the search backend."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help=f"Services per batch (default {BATCH_SIZE})."
        )

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size <= 0:
            raise CommandError("--batch-size must be a positive number.")
        quiet = options["verbosity"] == 0
        get_backend().rebuild()
        # The bar goes to the command's own stderr stream (not OutputWrapper, which would end every redraw a line).
        stream = cast(TextIO, self.stderr._out)
        total = Service.objects.count()
        with tqdm(total=total, desc="search_reindex", unit="service", disable=quiet, file=stream) as bar:
            indexed, removed, days = reindex_all(progress=bar.update, batch_size=batch_size)
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search index rebuilt: {indexed} services listed, {removed} stale entries removed, "
                    f"{days} bookable days."
                )
            )
