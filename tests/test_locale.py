"""Every UI string is in locale/, translated into French, Spanish and Arabic, with no fuzzy entries."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["fr", "es", "ar"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
MAKEMESSAGES_IGNORE = [".venv", "static", "tests", "test-results", "staticfiles", "media", "bench", "docs"]


def _catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_fully_translated(lang):
    catalogue = _catalogue(lang)
    assert catalogue.percent_translated() == 100, [e.msgid for e in catalogue.untranslated_entries()]
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang):
    for entry in _catalogue(lang).translated_entries():
        if not entry.msgid_plural:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid
            continue
        # A plural form may leave the number out ("once", Arabic's dual), but may not invent a placeholder, and
        # the forms together must use every placeholder of the plural source.
        allowed = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
        used: set[str] = set()
        for translation in entry.msgstr_plural.values():
            found = set(PLACEHOLDER.findall(translation))
            assert found <= allowed, entry.msgid
            used |= found
        assert set(PLACEHOLDER.findall(entry.msgid_plural)) <= used, entry.msgid_plural


def test_catalogues_contain_every_string_in_the_code(tmp_path, settings, monkeypatch):
    """Running makemessages now would add nothing: no UI string was left out of locale/.

    makemessages writes next to the sources it reads, so it runs on a copy of the source tree.
    """
    for path in ROOT.iterdir():
        if path.is_dir() and path.name not in {*MAKEMESSAGES_IGNORE, ".git"} and not path.name.startswith("."):
            shutil.copytree(path, tmp_path / path.name)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["fr"], ignore_patterns=MAKEMESSAGES_IGNORE, no_location=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    # By context too: "Search" the button and "Search" the noun are two strings to translate.
    committed = {(entry.msgctxt, entry.msgid) for entry in _catalogue("fr") if not entry.obsolete}
    assert {(entry.msgctxt, entry.msgid) for entry in fresh if not entry.obsolete} - committed == set()
