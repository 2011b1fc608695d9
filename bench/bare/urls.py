from functools import cache

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import path


@cache
def precomputed(size: int) -> bytes:
    return b"x" * size


def body(request: HttpRequest, size: int) -> HttpResponse:
    """`size` bytes of JSON, as a 200 of the API would carry."""
    return HttpResponse(precomputed(size), content_type="application/json")


def not_modified(request: HttpRequest) -> HttpResponseNotModified:
    """A 304 with no body, as a revalidation of the API answers."""
    return HttpResponseNotModified()


urlpatterns = [
    path("bytes/<int:size>/", body),
    path("not-modified/", not_modified),
]
