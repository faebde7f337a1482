"""The API's JSON parser: every body Python's ``json`` accepts but NetFix cannot safely handle is a 400 problem.

DRF's own parser turns malformed JSON into a 400, but two hostile bodies got through as 500s:

* nesting deep enough to exhaust the recursion limit (``[[[[…]]]]``), which ``json`` reports as ``RecursionError``;
* strings with lone surrogates (``"\\ud800"``), which are valid JSON escapes but not text: they cannot be encoded as
  UTF-8, so they fail later — when the database stores them, or when the error message that echoes them is
  rendered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing over-deep nesting and lone surrogates with a 400 ``parse-error`` problem."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from error
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as error:
            raise ParseError(
                _("JSON parse error - a string holds an unpaired surrogate, which is not text.")
            ) from error
        except RecursionError as error:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from error
        return data
