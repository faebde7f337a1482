"""Correcting misspelt search words to words the index holds, on PostgreSQL (decision 0051).

Full text search has no typo tolerance: "plumbr" finds nothing. ``SearchWord`` keeps every word of the indexed
texts per language (filled by ``search.indexing``); :func:`corrected_text` turns each word of a search that the
vocabulary does not hold into the closest word it does (``pg_trgm`` similarity over a trigram index on the
vocabulary), in place in the text, so the corrected text is searched exactly as typed text is: stemming, stop words,
``-word``, ``or`` and quotes keep working. SQLite has no trigrams and corrects nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.db import connections

from search.models import SearchWord

WORD_RE = re.compile(r"\w+")
MIN_LETTERS = 3
"""Shorter words have too few trigrams to be compared ("lek" is as close to "leg" as to "leak")."""
MAX_LETTERS = SearchWord._meta.get_field("word").max_length or 64
MAX_CORRECTED = 4
"""Words looked up per search, at most: the rest of a long text stays as typed."""
MIN_SIMILARITY = 0.3
"""Shared trigrams over all trigrams of both words (``pg_trgm``'s ``similarity``) for a correction: "plumbr" and
"plumber" 0.5, "ligthing" and "lighting" 0.38, "lek" and "leak" 0.29."""
TABLE = SearchWord._meta.db_table
INDEX = "search_word_trgm"


def _words(text: str) -> list[str]:
    """The words of ``text`` as the vocabulary keeps them: composed (NFC) and casefolded, letters only."""
    words = WORD_RE.findall(unicodedata.normalize("NFC", text).casefold())
    return [word for word in words if MIN_LETTERS <= len(word) <= MAX_LETTERS and word.isalpha()]


def vocabulary_words(text: str) -> set[str]:
    """The words of an indexed text that go into the vocabulary."""
    return set(_words(text))


@cache
def corrects_spelling(alias: str) -> bool:
    """Whether this database can correct: PostgreSQL where migration search 0004 built the trigram index.

    Looked up once per process: a worker started before that migration corrects nothing until it restarts.
    """
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [INDEX])
        return cursor.fetchone() is not None


def corrected_text(text: str, language: str, *, alias: str = "default") -> str:
    """``text`` with each word the vocabulary lacks replaced by its closest word, or "" when nothing changed.

    One query: for each word, the nearest word of the language by trigram distance, walked nearest-first in the GiST
    index (so a word of common trigrams costs no more than a rare one), kept when at least ``MIN_SIMILARITY`` alike.
    A word the vocabulary holds finds itself, so it is never changed.
    """
    typed = list(dict.fromkeys(_words(text)))[:MAX_CORRECTED]
    if not typed or not corrects_spelling(alias):
        return ""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"""
            SELECT typed, nearest.word, similarity(nearest.word, typed)
            FROM unnest(%s::text[]) AS typed
            CROSS JOIN LATERAL (
                SELECT closest.word FROM {TABLE} AS closest
                WHERE closest.language = %s
                ORDER BY closest.word <-> typed
                LIMIT 1
            ) AS nearest
            """,  # noqa: S608 - the table name is a constant; the words and language are parameters
            [typed, language],
        )
        rows = cursor.fetchall()
    # A word the vocabulary holds is its own nearest (distance 0): it stays, whatever the filters made of it.
    corrections = {
        word: closest for word, closest, similarity in rows if closest != word and similarity >= MIN_SIMILARITY
    }
    if not corrections:
        return ""
    # One pass over the text as typed, each word compared the way it was looked up (NFC, casefolded): "Plumbr" and
    # "PLUMBR" become "plumber", a word whose casefolding differs ("Straße") is matched by what it casefolds to.
    composed = unicodedata.normalize("NFC", text)
    corrected = WORD_RE.sub(lambda match: corrections.get(match.group().casefold(), match.group()), composed)
    return corrected if corrected != composed else ""
