"""Discovering a form on a page, so the hostile tests follow forms as other engineers change them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

_TEXT_TYPES = {"text", "email", "password", "search", "tel", "url", "number", "date", "datetime-local", "time"}


@dataclass
class FormField:
    name: str
    kind: str  # an <input> type, "textarea", "select" or "select-multiple"
    value: str = ""
    required: bool = False
    honeypot: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class DiscoveredForm:
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)

    @property
    def text_fields(self) -> list[str]:
        """Fields a person types into (the ones hostile strings go into)."""
        return [
            f.name
            for f in self.fields.values()
            if not f.honeypot and (f.kind in {"text", "email", "password", "search", "tel", "url", "textarea"})
        ]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[DiscoveredForm] = []
        self._form: DiscoveredForm | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = DiscoveredForm(action=a.get("action", ""))
            self.forms.append(self._form)
            return
        if self._form is None or tag not in {"input", "select", "textarea", "option"}:
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
            return
        name = a.get("name")
        if not name:
            return
        honeypot = a.get("tabindex") == "-1" and "position: absolute" in a.get("style", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                choice = self._form.fields.setdefault(name, FormField(name, kind, "", "required" in a))
                choice.options.append(a.get("value", "on"))
                if "checked" in a:
                    choice.value = a.get("value", "on")
                return
            self._form.fields[name] = FormField(name, kind, a.get("value", ""), "required" in a, honeypot)
        elif tag == "select":
            self._select = FormField(name, "select-multiple" if "multiple" in a else "select", "", "required" in a)
            self._form.fields[name] = self._select
        elif tag == "textarea":
            self._textarea = FormField(name, "textarea", "", "required" in a)
            self._form.fields[name] = self._textarea

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data


def discover_form(html: str, path: str) -> DiscoveredForm:
    """The form on ``html`` that posts to ``path`` (its action, ignoring the query string, or empty)."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if urlsplit(form.action).path in {path, ""} and form.fields:
            return form
    raise AssertionError(f"No form posting to {path} on the page; forms found: {[f.action for f in parser.forms]}")
