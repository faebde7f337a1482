"""Page-number pagination with a client-chosen page size, capped so one request cannot ask for everything.

DRF silently ignores a page size it cannot read; NetFix answers 400 instead, so a client learns about its mistake.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int | None:
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        if len(raw) > 1 or not raw[0].isascii() or not raw[0].isdigit() or int(raw[0]) < 1:
            raise ValidationError({self.page_size_query_param: [_("Enter a whole number of at least 1.")]})
        return min(int(raw[0]), self.max_page_size)

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        """DRF reads an empty ``?page=`` as page 1; the schema says an integer, so it is a 400 like ``page_size``."""
        if request.query_params.get(self.page_query_param) == "":
            raise ValidationError({self.page_query_param: [_("Enter a whole number of at least 1.")]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"Results per page, 1 to {self.max_page_size} (larger values are capped)."
        return parameters
