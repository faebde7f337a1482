"""Languages a provider or a service may offer: every language Django names, translated by Django's own catalogues.

Site languages (``settings.LANGUAGES``) are the four NetFix is written in; spoken languages are many more.
"""

from django.conf import global_settings
from django.utils.translation import gettext_lazy as _

SPOKEN_LANGUAGES = sorted(
    ((code, _(name)) for code, name in global_settings.LANGUAGES if "-" not in code or code == "zh-hans"),
    key=lambda choice: choice[0],
)
SPOKEN_LANGUAGE_CODES = frozenset(code for code, _name in SPOKEN_LANGUAGES)
