"""Correcting misspelt search words to words the index holds, on PostgreSQL (decision 0051).

Full text search has no typo tolerance: "plumbr" finds nothing. ``SearchWord`` keeps every word of the indexed
texts per language (filled by ``search.indexing``); :func:`corrected_text` turns each word of a search that the
vocabulary does not hold into the closest word it does (``pg_trgm`` similarity over a trigram index on the
vocabulary, a few thousand rows), in place in the text, so the corrected text is searched exactly as typed text is:
stemming, stop words, ``-word``, ``or`` and quotes keep working. SQLite has no trigrams and corrects nothing.
"""

from __future__ import annotations

import re
from functools import cache

from django.db import connections

from search.models import SearchWord

WORD_RE = re.compile(r"\w+")
MIN_LETTERS = 3
"""Shorter words have too few trigrams to be compared ("lek" is as close to "leg" as to "leak")."""
MAX_LETTERS = SearchWord._meta.get_field("word").max_length or 64
MAX_CORRECTED = 8
"""Words looked up per search, at most: the rest of a long text stays as typed."""
TABLE = SearchWord._meta.db_table


def vocabulary_words(text: str) -> set[str]:
    """The words of ``text`` the vocabulary keeps and searches are corrected by: letters only, casefolded."""
    return {word for word in WORD_RE.findall(text.casefold()) if _correctable(word)}


def _correctable(word: str) -> bool:
    return MIN_LETTERS <= len(word) <= MAX_LETTERS and word.isalpha()


@cache
def corrects_spelling(alias: str) -> bool:
    """Whether this database can correct (PostgreSQL with ``pg_trgm``, installed by migration search 0004).

    Looked up once per process: a worker started before that migration corrects nothing until it restarts.
    """
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def corrected_text(text: str, language: str, *, alias: str = "default") -> str:
    """``text`` with each word the vocabulary lacks replaced by its closest word, or "" when nothing changed.

    One query. A word with no close word (``pg_trgm.similarity_threshold``, 0.3) stays as typed.
    """
    typed = list(dict.fromkeys(word for word in WORD_RE.findall(text.casefold()) if _correctable(word)))
    if not typed or not corrects_spelling(alias):
        return ""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"""
            SELECT typed, (
                SELECT closest.word FROM {TABLE} AS closest
                WHERE closest.language = %s AND closest.word %% typed
                ORDER BY similarity(closest.word, typed) DESC, closest.word
                LIMIT 1
            )
            FROM unnest(%s::text[]) AS typed
            WHERE NOT EXISTS (SELECT 1 FROM {TABLE} AS known WHERE known.language = %s AND known.word = typed)
            """,  # noqa: S608 - the table name is a constant; the words and language are parameters
            [language, typed[:MAX_CORRECTED], language],
        )
        corrections = {word: closest for word, closest in cursor.fetchall() if closest}
    corrected = text
    for word, closest in corrections.items():
        corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", closest, corrected, flags=re.IGNORECASE)
    return corrected if corrections else ""
