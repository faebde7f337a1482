"""The vocabulary of indexed words and the correction of misspelt search words (``search.spelling``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from search import indexing
from search.indexing import index_services, reindex_all
from search.models import SearchWord
from search.spelling import corrected_text, corrects_spelling, vocabulary_words
from tests.factories.providers import ServiceFactory

pytestmark = pytest.mark.django_db


def word(language: str, text: str) -> SearchWord:
    return SearchWord.objects.create(language=language, word=text, seen_at=timezone.now())


def test_the_vocabulary_keeps_words_of_letters_only_composed_and_casefolded():
    text = "E\u0301mergency PLUMBER: 24/7, d'urgence, Straße, H2O, ___, an x-ray of the pipes"
    assert vocabulary_words(text) == {"émergency", "plumber", "urgence", "strasse", "the", "ray", "pipes"}
    assert vocabulary_words("a" * 64 + " " + "b" * 65) == {"a" * 64}


@pytest.mark.postgres
def test_indexing_adds_the_words_of_every_language():
    service = ServiceFactory(name="Boiler servicing", description="Annual check.")
    index_services([service.pk])
    english = set(SearchWord.objects.filter(language="en").values_list("word", flat=True))
    assert {"boiler", "servicing", "annual", "check"} <= english
    assert {"boiler", "servicing"} <= set(SearchWord.objects.filter(language="fr").values_list("word", flat=True))


@pytest.mark.postgres
def test_a_full_refresh_drops_words_no_listing_holds_only_once_it_has_seen_every_entry(monkeypatch):
    services = [ServiceFactory(name="Boiler servicing"), ServiceFactory(name="Gutter cleaning")]
    index_services([service.pk for service in services])
    word("en", "vanished")
    real_index = indexing.index_services

    def fail_on_the_second_batch(ids, **kwargs):
        if services[1].pk in ids:
            raise RuntimeError("the worker died")
        return real_index(ids, **kwargs)

    monkeypatch.setattr(indexing, "index_services", fail_on_the_second_batch)
    with pytest.raises(RuntimeError):
        reindex_all(batch_size=1)
    kept = set(SearchWord.objects.filter(language="en").values_list("word", flat=True))
    assert {"vanished", "boiler", "gutter"} <= kept  # nothing went missing while the run was under way
    monkeypatch.setattr(indexing, "index_services", real_index)
    reindex_all(batch_size=1)
    kept = set(SearchWord.objects.filter(language="en").values_list("word", flat=True))
    assert "vanished" not in kept
    assert {"boiler", "gutter"} <= kept


def test_only_postgresql_corrects():
    """Migration 0004 installs pg_trgm and its index on PostgreSQL; SQLite has no trigrams and corrects nothing."""
    word("en", "boiler")
    postgresql = connection.vendor == "postgresql"
    assert corrects_spelling("default") is postgresql
    assert corrected_text("boilr", "en") == ("boiler" if postgresql else "")


@pytest.fixture
def vocabulary():
    for text in ("emergency", "plumber", "plumbing", "the", "leak", "leaks", "strasse", "électricité"):
        word("en", text)
    word("fr", "plombier")


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("emergeny plumbr", "emergency plumber"),
        ("Plumbr", "plumber"),  # the closest word, in the vocabulary's case
        ("PLUMBR or plumbr", "plumber or plumber"),  # each time, whatever its case
        ("Straßee", "strasse"),  # matched by what it casefolds to
        ("E\u0301lectricte\u0301", "électricité"),  # decomposed accents are composed first
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
