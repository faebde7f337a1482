"""The vocabulary of indexed words and the correction of misspelt search words (``search.spelling``)."""

from __future__ import annotations

import pytest
from django.db import connection

from search.indexing import index_services, reindex_all
from search.models import SearchWord
from search.spelling import corrected_text, corrects_spelling, vocabulary_words
from tests.factories.providers import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_vocabulary_keeps_words_of_letters_only():
    text = "Émergency plumber: 24/7, d'urgence, H2O, ___, an x-ray of the pipes"
    assert vocabulary_words(text) == {"émergency", "plumber", "urgence", "the", "ray", "pipes"}


def test_indexing_adds_the_words_of_every_language_and_a_full_refresh_starts_afresh():
    service = ServiceFactory(name="Boiler servicing", description="Annual check.")
    index_services([service.pk])
    english = set(SearchWord.objects.filter(language="en").values_list("word", flat=True))
    assert {"boiler", "servicing", "annual", "check"} <= english
    assert {"boiler", "servicing"} <= set(SearchWord.objects.filter(language="fr").values_list("word", flat=True))
    SearchWord.objects.create(language="en", word="vanished")
    reindex_all()
    assert not SearchWord.objects.filter(word="vanished").exists()
    assert SearchWord.objects.filter(language="en", word="boiler").exists()


def test_only_postgresql_corrects():
    """Migration 0004 installs pg_trgm on PostgreSQL; SQLite has no trigrams and leaves every search as typed."""
    SearchWord.objects.create(language="en", word="boiler")
    postgresql = connection.vendor == "postgresql"
    assert corrects_spelling("default") is postgresql
    assert corrected_text("boilr", "en") == ("boiler" if postgresql else "")


@pytest.fixture
def vocabulary():
    SearchWord.objects.bulk_create(
        SearchWord(language="en", word=word) for word in ("emergency", "plumber", "plumbing", "the", "leak", "leaks")
    )
    SearchWord.objects.create(language="fr", word="plombier")


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("emergeny plumbr", "emergency plumber"),
        ("Plumbr", "plumber"),  # the closest word, in the vocabulary's case
        ("plumbr -emergeny", "plumber -emergency"),  # the search's own syntax stays
        ('"emergncy" or plumbr', '"emergency" or plumber'),
        ("leak plumbr", "leak plumber"),  # known words are never changed
        ("the plumber", ""),  # nothing unknown: nothing to correct
        ("xqzvw", ""),  # nothing close
        ("___ 1234 pl", ""),  # no letters, or too short to compare
    ],
)
def test_unknown_words_become_the_closest_known_ones(vocabulary, typed, corrected):
    assert corrected_text(typed, "en") == corrected


@pytest.mark.postgres
def test_corrections_come_from_the_language_searched(vocabulary):
    assert corrected_text("plombir", "fr") == "plombier"
    assert corrected_text("plombir", "es") == ""


@pytest.mark.postgres
def test_a_correction_is_one_query_whatever_the_words(vocabulary, django_assert_num_queries):
    corrects_spelling("default")
    with django_assert_num_queries(1):
        corrected_text(" ".join(["plumbr", "emergeny", "lek", "xqzvw"] * 20), "en")
