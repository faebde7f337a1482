"""Indexes for the searches ``make bench`` measured slow at 100 000 services (PostgreSQL only, like 0002).

Why: ``SearchEntry`` rows are wide (four texts, four names and four stored tsvectors: ~2 KB a row, 27 000 pages at
100 000 rows), so every facet count without text read the whole table. ``search_facets`` holds just the columns the
facet and total counts read (category, price, rating, verified, plus the key), so they become index-only scans of a
few MB; ``search_top_rated`` is the order of a search without text (promoted, then weighted rating, then id), so
its first page is read from the index instead of sorting every row. Neither is in ``Meta``: like the full-text
columns of 0002 they are PostgreSQL-specific (``INCLUDE``); SQLite and others skip them.
"""

from django.db import migrations

TABLE = "netfix_search_searchentry"
INDEXES = {
    "search_facets": f"CREATE INDEX IF NOT EXISTS search_facets ON {TABLE} "
    "(category_id, price_per_hour, rating_average, verified) INCLUDE (service_id)",
    "search_top_rated": f"CREATE INDEX IF NOT EXISTS search_top_rated ON {TABLE} "
    "(promoted DESC, rating_score DESC, service_id)",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in INDEXES.values():
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("netfix_search", "0002_full_text")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
