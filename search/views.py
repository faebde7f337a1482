"""The search page and its autocomplete, under the language prefix (``/<lang>/search/``, ``/<lang>/search/suggest/``).

Everything is a plain GET form and plain links, so a search URL can be shared, bookmarked and crawled, and the page
works without JavaScript. htmx adds two things on top: suggestions under the search box, and infinite scroll (the
sentinel after the last card fetches the next page's cards alone, ``HX-Target: search-more``). Invalid parameters
are shown next to their fields with a 400, never a 500 (issue 9, item 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from netfix.money import MINOR_UNIT, format_money
from providers.languages import SPOKEN_LANGUAGES
from providers.selectors import category_list
from providers.translations import active_language
from search import params
from search.backends import get_backend
from search.query import MAX_RADIUS_KM, MAX_TEXT, RATING_BANDS, SORTS
from search.services import SearchPage, search_services


@dataclass(frozen=True)
class PriceOption:
    """A price band in the filters: its label, this search narrowed to it, its count, and whether it is chosen."""

    label: str
    url: str
    count: int
    selected: bool


# The id of the infinite-scroll sentinel; htmx sends it as ``HX-Target`` when the sentinel asks for more cards.
MORE_TARGET = "search-more"
SUGGEST_MIN_LENGTH = 2
SUGGEST_LIMIT = 8

SORT_LABELS = {
    "relevance": _("Best match"),
    "price": _("Price, lowest first"),
    "-price": _("Price, highest first"),
    "rating": _("Best rated"),
    "distance": _("Nearest first"),
    "newest": _("Newest"),
    "popular": _("Most requested"),
}


def _errors_of(error: ValidationError) -> dict[str, list[str]]:
    """``{parameter: [messages]}`` from the parser's error (a message without a parameter goes under ``q``)."""
    if hasattr(error, "error_dict"):
        return {name: [str(message) for message in messages] for name, messages in error.message_dict.items()}
    return {"q": [str(message) for message in error.messages]}


def _page_url(request: HttpRequest, number: int) -> str:
    """This search's URL on page ``number`` (the other parameters kept, so the link is shareable)."""
    query: QueryDict = request.GET.copy()
    query["page"] = str(number)
    return f"{request.path}?{query.urlencode()}"


def _is_more_request(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == MORE_TARGET


def _facet_options(request: HttpRequest, page: SearchPage) -> dict[str, Any]:
    """The filter form's choices with their counts: ``[(category, count)]``, ``[(stars, count)]``, verified count,
    and the price bands as links."""
    categories = {facet.value: facet.count for facet in page.facets.categories}
    ratings = {facet.value: facet.count for facet in page.facets.ratings}
    return {
        "category_options": [(category, categories.get(category.slug, 0)) for category in category_list()],
        "rating_options": [(band, ratings.get(str(band), 0)) for band in RATING_BANDS],
        "verified_count": next((facet.count for facet in page.facets.verified if facet.value == "true"), 0),
        "price_options": _price_options(request, page),
    }


def _price_options(request: HttpRequest, page: SearchPage) -> list[PriceOption]:
    """The price facet as links narrowing this search to each band, with the band's count.

    A band counts ``low ≤ price < high`` while ``price_max`` keeps what it names, so a band's link asks up to a cent
    under ``high``: following it finds exactly the services its count promised.
    """
    currency = str(settings.CURRENCY)
    options = []
    for facet in page.facets.price_bands:
        low_text, high_text = facet.value.split("-")
        low, high = Decimal(low_text), Decimal(high_text) if high_text else None
        price_min = low if low else None
        price_max = high - MINOR_UNIT if high is not None else None
        query: QueryDict = request.GET.copy()
        query.pop("page", None)
        for name, value in (("price_min", price_min), ("price_max", price_max)):
            if value is None:
                query.pop(name, None)
            else:
                query[name] = str(value)
        if high is None:
            label = _("%(min)s and more") % {"min": format_money(low, currency, places=0)}
        elif not low:
            label = _("Under %(max)s") % {"max": format_money(high, currency, places=0)}
        else:
            label = _("%(min)s to %(max)s") % {
                "min": format_money(low, currency, places=0),
                "max": format_money(high, currency, places=0),
            }
        selected = (page.query.price_min or None, page.query.price_max) == (price_min, price_max)
        options.append(PriceOption(str(label), f"{request.path}?{query.urlencode()}", facet.count, selected))
    return options


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The search page; for the infinite-scroll sentinel, just the next page's cards and a new sentinel."""
    language = active_language()
    context: dict[str, Any] = {
        "params": request.GET,
        "selected_categories": request.GET.getlist("category"),
        "sort_labels": [(value, SORT_LABELS.get(value, value)) for value in SORTS],
        "rating_options": [(band, None) for band in RATING_BANDS],
        "spoken_languages": SPOKEN_LANGUAGES,
        "max_text": MAX_TEXT,
        "max_radius": MAX_RADIUS_KM,
        "more_target": MORE_TARGET,
    }
    try:
        query = params.parse(request.GET, language=language)
    except ValidationError as error:
        context.update(errors=_errors_of(error), category_options=[(c, None) for c in category_list()])
        response = render(request, "search/search.html", context, status=400)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response
    page: SearchPage = search_services(query)
    context.update(
        page=page,
        services=page.services,
        next_url=_page_url(request, page.next_page_number) if page.has_next else "",
        previous_url=_page_url(request, page.previous_page_number) if page.has_previous else "",
    )
    if _is_more_request(request):
        response = render(request, "search/partials/results_page.html", context)
    else:
        context.update(_facet_options(request, page))
        response = render(request, "search/search.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Autocomplete under the search box: services, categories and cities starting with ``q`` (an htmx partial).

    A prefix too short or too long gives an empty list, not an error: the box is being typed in.
    """
    prefix = params.plain_text(request.GET.get("q", ""))  # no NUL or bidi controls reach the database
    suggestions = []
    if SUGGEST_MIN_LENGTH <= len(prefix) <= MAX_TEXT:
        suggestions = get_backend().suggest(prefix, active_language(), SUGGEST_LIMIT)
    groups = [
        (kind, label, [item for item in suggestions if item.kind == kind])
        for kind, label in (("service", _("Services")), ("category", _("Fields of work")), ("city", _("Cities")))
    ]
    context = {"groups": [group for group in groups if group[2]], "prefix": prefix}
    return render(request, "search/partials/suggestions.html", context)
