"""The benchmark's baseline view, and the header that tells how many queries a request made."""

from collections.abc import Callable
from functools import cache

from django.db import connection
from django.http import HttpRequest, HttpResponse


@cache
def precomputed(size: int) -> bytes:
    return b"x" * size


def baseline(request: HttpRequest, size: int) -> HttpResponse:
    """As cheap as a response of `size` bytes through the same middleware can be."""
    return HttpResponse(precomputed(size), content_type="application/json")


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        response["X-Query-Count"] = str(queries)
        return response
