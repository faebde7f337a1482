"""Typo tolerance on PostgreSQL: the ``pg_trgm`` extension and a trigram index on each language's text (decision 0051).

``pg_trgm`` ships with PostgreSQL (contrib) and is a trusted extension, so the database's owner may create it. Where
the server lacks it, nothing is created and the backend simply does not correct spellings (it looks the extension
up). SQLite and others skip this, as they skip 0002 and 0003.
"""

from django.db import migrations

TABLE = "netfix_search_searchentry"
LANGUAGES = ("en", "fr", "es", "ar")


def _has_pg_trgm(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        return cursor.fetchone() is not None


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql" or not _has_pg_trgm(schema_editor):
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for language in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS search_{language}_trgm ON {TABLE} USING gin (text_{language} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS search_{language}_trgm")
    # The extension stays: other schemas may use it, and it holds no data of ours.


class Migration(migrations.Migration):
    dependencies = [("netfix_search", "0003_bench_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
