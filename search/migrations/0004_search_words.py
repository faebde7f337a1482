"""The vocabulary misspelt search words are corrected to (``search.spelling``, decision 0051).

On PostgreSQL also the ``pg_trgm`` extension and a trigram GiST index on the words (GiST: nearest-first lookups).
``pg_trgm`` ships with PostgreSQL (contrib) and is trusted, so the database's owner may create it; where it cannot
be created (no contrib package, no CREATE privilege) the migration warns and succeeds, and searches are simply not
corrected (run this step again once the extension is there). The table is empty here; the words of existing entries
are added by the next nightly refresh or ``python manage.py search_reindex``.
"""

import logging

from django.db import DatabaseError, migrations, models, transaction

logger = logging.getLogger(__name__)

INDEX = "search_word_trgm"


def install_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint: a refusal spoils nothing
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm could not be installed (%s): searches will not correct misspellings.", error)
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON netfix_search_searchword USING gist (word gist_trgm_ops)"
    )


def uninstall_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")  # the extension stays: others may use it


class Migration(migrations.Migration):
    dependencies = [("netfix_search", "0003_bench_indexes")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=2)),
                ("word", models.CharField(max_length=64)),
                ("seen_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
                "constraints": [models.UniqueConstraint(fields=("language", "word"), name="search_word_once")],
            },
        ),
        migrations.RunPython(install_trigrams, uninstall_trigrams, elidable=False),
    ]
