"""Full-text search over ``SearchEntry.text_<lang>``, in whatever the database does best — written in SQL per vendor.

PostgreSQL: a generated ``tsvector`` column per language (``search_<lang>``, stemmed with that language's text search
configuration, ``simple`` where the server has none) with a GIN index; the database keeps it in step with the text.
SQLite: an FTS5 external-content table per language (``netfix_search_fts_<lang>``, porter stemming for English)
kept in step by triggers; skipped when the SQLite library lacks FTS5 (the backend then falls back to LIKE).
Neither exists in ``Meta``: Django cannot describe them, and the model never reads them (``search/backends/database.py``
does, in SQL). Other databases get nothing and the LIKE fallback.

SQLite caveat: Django alters a SQLite table by copying it into a new one, which drops its triggers. A later migration
that alters ``SearchEntry`` must call :func:`install_sqlite` again (after ``uninstall_sqlite``) — see decision record.
"""

# ruff: noqa: S608 - every name formatted into SQL here is a constant of this module, never input.
from django.db import migrations

TABLE = "netfix_search_searchentry"
LANGUAGES = ("en", "fr", "es", "ar")
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic"}


def _pg_config(schema_editor, language: str) -> str:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", [PG_CONFIGS[language]])
        return PG_CONFIGS[language] if cursor.fetchone() else "simple"


def install_postgresql(schema_editor) -> None:
    for language in LANGUAGES:
        config = _pg_config(schema_editor, language)  # a fixed name from PG_CONFIGS, never user input
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN search_{language} tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{config}'::regconfig, coalesce(text_{language}, ''))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX search_{language}_gin ON {TABLE} USING gin (search_{language})")


def uninstall_postgresql(schema_editor) -> None:
    for language in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS search_{language}_gin")
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_{language}")


def sqlite_has_fts5(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        return bool(cursor.fetchone()[0])


def install_sqlite(schema_editor) -> None:
    if not sqlite_has_fts5(schema_editor):
        return
    for language in LANGUAGES:
        fts = f"netfix_search_fts_{language}"
        column = f"text_{language}"
        tokenizer = "porter unicode61 remove_diacritics 2" if language == "en" else "unicode61 remove_diacritics 2"
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{TABLE}', content_rowid='service_id', "
            f"tokenize='{tokenizer}')"
        )
        insert = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.service_id, new.{column});"
        delete = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.service_id, old.{column});"
        schema_editor.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {TABLE} BEGIN {insert} END")
        schema_editor.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {TABLE} BEGIN {delete} END")
        schema_editor.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {TABLE} BEGIN {delete} {insert} END")
        schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def uninstall_sqlite(schema_editor) -> None:
    for language in LANGUAGES:
        fts = f"netfix_search_fts_{language}"
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        install_postgresql(schema_editor)
    elif vendor == "sqlite":
        install_sqlite(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        uninstall_postgresql(schema_editor)
    elif vendor == "sqlite":
        uninstall_sqlite(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("netfix_search", "0001_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
