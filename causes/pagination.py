from typing import TYPE_CHECKING, Any

from django.core import paginator
from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response


class Paginator(paginator.Paginator):
    """
    Django's paginator, counting with a query only when it must: the first page is
    read with one row more than fits, and when they all fit, their number is the count.
    """

    if TYPE_CHECKING:  # Django's own, which its stubs leave out

        def _get_page(self, *args: Any, **kwargs: Any) -> paginator.Page: ...

    def page(self, number: int | str) -> paginator.Page:
        if str(number) != "1":
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.count = len(rows)
        return self._get_page(rows[: self.per_page], self.validate_number(number), self)


class PageNumberPagination(pagination.PageNumberPagination):
    """
    Page-number pagination that rejects bad input instead of guessing: a page or
    page size that is not a positive integer, or a page size over the maximum, is
    a 400 naming the parameter (DRF would silently fall back or cap it).
    """

    django_paginator_class = Paginator
    page_size_query_param = "page_size"
    max_page_size = 100
    # Only numbers are page numbers; DRF would also accept "last".
    last_page_strings = ()

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list | None:
        assert queryset.ordered, (
            f"{view.__class__.__name__} paginates an unordered queryset, so pages may overlap; "
            "give the model a Meta.ordering or order the queryset in the view."
        )
        self._query_int(request, self.page_query_param)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request: Request) -> int | None:
        page_size = self._query_int(request, self.page_size_query_param, maximum=self.max_page_size)
        return page_size or self.page_size

    @staticmethod
    def _query_int(request: Request, name: str, maximum: int | None = None) -> int | None:
        """The positive integer in query parameter `name`; None when absent or empty."""
        raw = request.query_params.get(name, "")
        if raw == "":
            return None
        # The length cap keeps int() away from Python's limit on huge digit strings.
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
            raise ValidationError({name: ["Must be a whole number from 1 to 999999999."]})
        if maximum is not None and int(raw) > maximum:
            raise ValidationError({name: [f"Must be at most {maximum}."]})
        return int(raw)

    def get_paginated_response(self, data: list) -> Response:
        response = super().get_paginated_response(data)
        # The body's next and previous pages, also as a Link header (RFC 8288) for clients
        # that page by headers.
        links = [
            f'<{url}>; rel="{rel}"'
            for url, rel in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev"))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1. A page past the last one is a 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Results per page (default {self.page_size}, at most {self.max_page_size}; "
                    "a larger value is a 400)."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
