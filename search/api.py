"""``GET /api/v1/services/`` with search parameters: the same search service as the page (``search_services``).

Without a search parameter the list is what it always was (newest first, ``?category=`` and ``?provider=``
filters, through ``ServiceViewSet``), so existing clients see no change. Any search parameter (``q``, prices,
rating, place, date, language, sort, or several categories) sends the request through ``search.params.parse`` and
``search.services.search_services``: a bad parameter is a 400 problem+json naming it, never a 500 (issue 9, item 8),
and the page carries ``facets`` and, per service, ``distance_km`` and ``promoted``. ``?provider=`` belongs to both:
alone it filters the plain list, with a search it narrows the search to that provider's services.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from providers.api import ServiceSerializer, ServiceViewSet
from providers.translations import active_language
from search import cache as search_cache
from search import params
from search.query import MAX_RADIUS_KM, MAX_TEXT, SORTS
from search.services import SearchPage, search_services

# Parameters that turn the plain list into a search (``category``, ``page`` and ``page_size`` belong to both).
SEARCH_ONLY_PARAMETERS = (
    "q",
    "price_min",
    "price_max",
    "rating",
    "verified",
    "lat",
    "lon",
    "near",
    "radius",
    "date",
    "lang",
    "sort",
)


def _parameter(name: str, kind: Any, description: Any, **extra: Any) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, required=False, description=description, **extra)


SEARCH_PARAMETERS = [
    _parameter(
        "q",
        OpenApiTypes.STR,
        _(
            "Words to find in the name, description, field of work or provider name, in "
            "the request's language with fallback to the original (at most %(max)s "
            "characters)."
        )
        % {"max": MAX_TEXT},
    ),
    _parameter("price_min", OpenApiTypes.DECIMAL, _("Lowest price per hour (0 or more).")),
    _parameter("price_max", OpenApiTypes.DECIMAL, _("Highest price per hour (0 or more).")),
    _parameter("rating", OpenApiTypes.DECIMAL, _("Minimum average rating, 1 to 5 stars.")),
    _parameter("verified", OpenApiTypes.BOOL, _("Only providers NetFix staff verified.")),
    _parameter("lat", OpenApiTypes.DOUBLE, _("Latitude of the point to search around (with lon).")),
    _parameter("lon", OpenApiTypes.DOUBLE, _("Longitude of the point to search around (with lat).")),
    _parameter("near", OpenApiTypes.STR, _("A city or place to search around, instead of lat and lon.")),
    _parameter("radius", OpenApiTypes.INT, _("Distance from the point in km, 1 to %(max)s.") % {"max": MAX_RADIUS_KM}),
    _parameter("date", OpenApiTypes.DATE, _("Only services with at least one free slot on this date (YYYY-MM-DD).")),
    _parameter("lang", OpenApiTypes.STR, _("Only providers or services speaking this language (ISO code).")),
    _parameter("sort", OpenApiTypes.STR, _("Order of the results (relevance by default)."), enum=list(SORTS)),
    _parameter(
        "category",
        OpenApiTypes.STR,
        _("Field of work (slug); repeat it to search several."),
        many=True,
        explode=True,
    ),
]


class ServiceHitSerializer(ServiceSerializer):
    """A listed service as a search result: the list's fields plus where the search placed it."""

    distance_km = serializers.FloatField(
        read_only=True, required=False, allow_null=True, help_text=_("Distance from the searched point (searches).")
    )
    promoted = serializers.BooleanField(read_only=True, required=False, help_text=_("A paid promotion (searches)."))

    class Meta(ServiceSerializer.Meta):
        fields = (*ServiceSerializer.Meta.fields, "distance_km", "promoted")  # type: ignore[assignment]


class FacetCountSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer[Any]):
    categories = FacetCountSerializer(many=True, help_text=_("Services per field of work (slug)."))
    price_bands = FacetCountSerializer(many=True, help_text=_('Services per price band ("0-25", …, "200-").'))
    ratings = FacetCountSerializer(many=True, help_text=_('Services with that many stars or more ("4", "3", "2").'))
    verified = FacetCountSerializer(many=True, help_text=_('Verified providers\' services ("true") and others.'))


class ServiceListSerializer(serializers.Serializer[Any]):
    """The page of the list; searches add ``facets`` and each result's ``distance_km`` and ``promoted``."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ServiceHitSerializer(many=True)
    facets = FacetsSerializer(required=False)
    corrected_text = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "The text these results are for when the words as typed found nothing and misspelt ones were corrected "
            "(database backend on PostgreSQL); empty otherwise."
        ),
    )


def is_search(request: Request) -> bool:
    """True when the request asks for more than the plain list (newest first, one category, one provider)."""
    query = request.query_params
    return any(name in query for name in SEARCH_ONLY_PARAMETERS) or len(query.getlist("category")) > 1


class ServiceSearchViewSet(ServiceViewSet):
    """``ServiceViewSet`` whose list also searches (the router registers this one for ``services``)."""

    @extend_schema(
        summary="List or search the services",
        description=(
            "Without search parameters: listed services, newest first, optionally of one `category` or `provider`. "
            "With any of them: the site's search (same results as /<lang>/search/), with facet counts. A bad "
            "parameter is a 400 whose `errors` name it. `provider` narrows either to one provider's services."
        ),
        tags=["services"],
        parameters=SEARCH_PARAMETERS,
        responses=ServiceListSerializer,
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not is_search(request):
            return super().list(request, *args, **kwargs)
        try:
            query = params.parse(request.query_params, language=active_language())
        except DjangoValidationError as error:
            raise ValidationError(_as_detail(error)) from error
        # The page's JSON depends only on the query and the index: cached whole for the current index generation
        # (search/cache.py) under the parsed query, so a popular search costs one cache read and parameters the
        # search ignores cannot multiply the entries. The links follow the request's own URL, so they are not.
        body = search_cache.remember("api-page", repr(query), lambda: _page_body(search_services(query)))
        return Response(_with_links(request.build_absolute_uri(), body))


def _page_body(page: SearchPage) -> dict[str, Any]:
    """The page as the API answers it, less the links (``_with_links``): what the cache keeps."""
    facets = page.facets
    return {
        "count": page.total,
        "next": page.next_page_number if page.has_next else None,
        "previous": page.previous_page_number if page.has_previous else None,
        # A plain list (not DRF's ReturnList, which holds its serializer and the request), so it can be cached.
        # No request in the context: the body is cached for every host, so nothing in it may be built from one
        # (a hyperlinked field added later fails here instead of serving one host's links to another).
        "results": list(ServiceHitSerializer(page.services, many=True).data),
        "corrected_text": page.corrected_text,
        "facets": {
            name: [{"value": item.value, "count": item.count} for item in getattr(facets, name)]
            for name in ("categories", "price_bands", "ratings", "verified")
        },
    }


def _with_links(url: str, body: dict[str, Any]) -> dict[str, Any]:
    """The cached page with its ``next`` and ``previous`` page numbers turned into links from ``url``."""
    number = body["previous"]
    previous = None
    if number is not None:
        previous = remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)
    following = None if body["next"] is None else replace_query_param(url, "page", body["next"])
    return {**body, "next": following, "previous": previous}


def _as_detail(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(message) for message in messages] for name, messages in error.message_dict.items()}
    return {"q": [str(message) for message in error.messages]}
