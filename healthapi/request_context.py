"""
One id per request, in every log line and every problem document, so that what a
client reports can be found in the logs; and the client's address beside it, for the
audit log (accounts.audit).

The id comes from the `X-Request-ID` header only when a trusted proxy in front sets it
(REQUEST_ID_FROM_PROXY): otherwise any client could choose the id that its requests
are logged under. A header that is not a plain token of at most 128 characters is
never taken, so nothing a client sends can break a log line. The answer carries the
id in `X-Request-ID`.
"""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .throttling import client_address

HEADER = "X-Request-ID"
TRUSTABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@dataclass(frozen=True)
class RequestContext:
    id: str
    address: str


current: ContextVar[RequestContext | None] = ContextVar("request_context", default=None)


def request_id() -> str:
    """The current request's id, or "" outside a request (a management command)."""
    context = current.get()
    return context.id if context else ""


def current_address() -> str:
    """The current request's client address, or "" outside a request."""
    context = current.get()
    return context.address if context else ""


def incoming_id(request: HttpRequest) -> str:
    if settings.REQUEST_ID_FROM_PROXY:
        header = request.headers.get(HEADER, "")
        if TRUSTABLE_ID.fullmatch(header):
            return header
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Outermost, so that answers from the response cache get an id of their own too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(incoming_id(request), client_address(request) or "")
        # Django logs an error response after the middleware has returned, with the
        # request: RequestIdFilter finds the id there then.
        request.request_id = context.id  # type: ignore[attr-defined]  # read by RequestIdFilter
        token = current.set(context)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = context.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() or getattr(
            getattr(record, "request", None), "request_id", ""
        )
        return True
