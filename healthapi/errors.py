"""
The API's one error shape: RFC 9457 problem details (`application/problem+json`).

Every 4xx and 5xx answer has `type`, `title`, `status`, `detail`, `instance` and
a machine-readable `code`; a 400 also lists each parameter or field at fault in
`errors`. DRF views get it through `exception_handler`; Django's own error views
(unknown URL, CSRF failure, uncaught exception) through the views below; an
unreachable database, in any view, through DatabaseUnavailableMiddleware.
"""

import logging
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any

from django.db import InterfaceError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions, renderers, serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from accounts import audit
from accounts.authentication import failed_authentication

from .request_context import request_id

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
# How long a client should wait before retrying while the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = 10


class ProblemJSONRenderer(renderers.JSONRenderer):
    media_type = PROBLEM_CONTENT_TYPE
    format = "problem+json"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The request conflicts with the current state of the content."
    default_code = "conflict"


class FieldErrorSerializer(serializers.Serializer):
    name = serializers.CharField(
        help_text=(
            "The query parameter or body field at fault; nested fields are dotted "
            "(`symptoms.1`). `non_field_errors` when the error concerns several fields."
        )
    )
    detail = serializers.CharField(help_text="Why the value was refused.")
    code = serializers.CharField(help_text="A machine-readable reason, e.g. `invalid_choice`.")


class ProblemSerializer(serializers.Serializer):
    """The shape of every error response (RFC 9457 problem details)."""

    type = serializers.CharField(
        help_text="Always `about:blank`: the status code and `code` say what happened."
    )
    title = serializers.CharField(help_text="The HTTP status phrase, e.g. `Bad Request`.")
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    detail = serializers.CharField(help_text="What went wrong, for people.")
    instance = serializers.CharField(help_text="The path of the request that failed.")
    request_id = serializers.CharField(
        help_text="The request's id, also in the `X-Request-ID` header: quote it when you "
        "report a problem, it finds the request in the logs."
    )
    code = serializers.CharField(
        help_text=(
            "What went wrong, for programs: `invalid`, `not_found`, `not_authenticated`, "
            "`authentication_failed`, `permission_denied`, `method_not_allowed`, "
            "`not_acceptable`, `unsupported_media_type`, `parse_error`, `throttled`, "
            "`conflict`, `service_unavailable`, `server_error`, `bad_request`."
        )
    )
    errors = FieldErrorSerializer(  # type: ignore[assignment]  # a field (the metaclass moves it), not Serializer.errors
        many=True,
        required=False,
        help_text="With a 400 for invalid input: one entry per parameter or field at fault.",
    )


def problem(
    status: int, detail: str, code: str, instance: str, errors: list[dict] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
        "request_id": request_id(),
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(
    request: HttpRequest, status: int, detail: str, code: str, **headers: str
) -> JsonResponse:
    """A problem response for Django's views and middleware, outside DRF."""
    return JsonResponse(
        problem(status, detail, code, request.path),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        headers=headers,
    )


def field_errors(detail: Any, name: str = "") -> Iterator[dict[str, str]]:
    """Flatten DRF's nested validation errors into one entry per field and message."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            # A nested object's or list's own errors (not a list, empty) are its field's.
            nested = name and key == api_settings.NON_FIELD_ERRORS_KEY
            yield from field_errors(
                value, name if nested else f"{name}.{key}" if name else str(key)
            )
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            # A list of messages belongs to `name`; a list of dicts or lists is per item.
            item_name = f"{name}.{index}" if isinstance(value, dict | list) else name
            yield from field_errors(value, item_name)
    else:
        yield {
            "name": name or "non_field_errors",
            "detail": str(detail),
            "code": getattr(detail, "code", "invalid"),
        }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """
    DRF's handler (status, headers, rollback), with the body as problem details.
    Other exceptions, database errors among them, go on to the middleware below.
    """
    if isinstance(exc, ProtectedError | RestrictedError):
        referring = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        names = ", ".join(sorted(str(obj) for obj in referring))
        exc = Conflict(f"Other content still refers to this object: {names}.")
    request = context["request"]
    writing = request.method not in SAFE_METHODS
    if writing and isinstance(exc, exceptions.NotAuthenticated):
        # Writes without credentials count as failed authentications, so that they
        # cannot flood the audit log below either.
        exc = failed_authentication(request) or exc
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    refused = isinstance(exc, exceptions.NotAuthenticated | exceptions.PermissionDenied)
    if refused and writing:
        # A failed token was logged as it failed (accounts.authentication).
        audit.record(
            audit.Kind.WRITE_REFUSED,
            request.user.get_username() if request.user else "",
            method=request.method,
            path=request.path,
            status=response.status_code,
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = list(field_errors(exc.detail))
        detail = " ".join(f"{error['name']}: {error['detail']}" for error in errors)
        response.data = problem(400, detail, "invalid", request.path, errors)
    else:
        # DRF turned Http404 and Django's PermissionDenied into its own exceptions.
        detail = response.data["detail"]
        response.data = problem(response.status_code, str(detail), detail.code, request.path)
    # Errors are problem documents whatever the client accepts, even the browsable API's HTML.
    request.accepted_renderer = ProblemJSONRenderer()
    request.accepted_media_type = PROBLEM_CONTENT_TYPE
    return response


class DatabaseUnavailableMiddleware:
    """
    A 503 with Retry-After, not a 500, when the database cannot be reached, from
    the API's views and Django's alike. The next request connects again, so the
    API recovers without a restart.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception)
        return problem_response(
            request,
            503,
            "The database is unreachable. Try again later.",
            "service_unavailable",
            **{"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )


def bad_request(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem_response(request, 400, "The request is malformed.", "bad_request")


def permission_denied(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem_response(
        request, 403, "You do not have permission to perform this action.", "permission_denied"
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    return problem_response(request, 403, f"CSRF check failed: {reason}", "permission_denied")


def not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem_response(request, 404, "Not found.", "not_found")


def server_error(request: HttpRequest) -> JsonResponse:
    return problem_response(request, 500, "An unexpected error occurred.", "server_error")
