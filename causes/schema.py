"""
What every operation of the API shares in its OpenAPI description: the slug in
detail paths, and the error responses, all in the problem-details shape.
"""

import copy
from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions

from healthapi.errors import PROBLEM_CONTENT_TYPE, ProblemSerializer

from . import jsonld, shaping
from .caching import ConditionalReadMixin
from .serializers import ReadSerializer


def problem(description: str) -> OpenApiResponse:
    """An error response, documented as a problem document."""
    return OpenApiResponse(response=ProblemSerializer, description=description)


UNAUTHORIZED = problem(
    "Writing needs a valid token (`Authorization: Token <secret>`) or a signed-in session; "
    "an invalid or expired token is refused on reads too."
)
TOO_MANY_FAILURES = problem(
    "Too many failed authentications from this client address (bad tokens, or writes "
    "without credentials; FAILED_AUTHENTICATION_RATE): none is tried until the "
    "`Retry-After` header's seconds have passed."
)
NOT_ACCEPTABLE = problem("The Accept header asks for a format that the API does not serve.")
SERVER_ERROR = problem("An unexpected error. It is logged; the body never holds a traceback.")
UNAVAILABLE = problem(
    "The database is unreachable. The `Retry-After` header says when to try again."
)
READ_ERRORS = {
    401: UNAUTHORIZED,
    406: NOT_ACCEPTABLE,
    429: problem(
        "Too many requests from this client address, or too many failed token "
        "authentications from it. The `Retry-After` header says how many seconds to wait. "
        "Editors are not limited."
    ),
    500: SERVER_ERROR,
    503: UNAVAILABLE,
}
WRITE_ERRORS = {
    401: UNAUTHORIZED,
    403: problem("The user lacks the model permission for this change."),
    406: NOT_ACCEPTABLE,
    429: TOO_MANY_FAILURES,
    500: SERVER_ERROR,
    503: UNAVAILABLE,
}
STALE = problem("If-Match holds an ETag that is no longer the object's: read it again.")
NO_CHANGE_SET = problem("No object has this slug, or no change set has the number given.")
EDITORS_ONLY = {
    401: problem("Needs an editor's token or session."),
    403: problem("For authors and reviewers only."),
    406: NOT_ACCEPTABLE,
    429: TOO_MANY_FAILURES,
    500: SERVER_ERROR,
    503: UNAVAILABLE,
}
PREVIEW_FORBIDDEN = problem("A preview of drafts is for authors and reviewers.")
INVALID_QUERY = problem(
    "A query parameter is invalid: an unknown slug, choice or ordering, or a bad page. "
    "`errors` names each parameter at fault."
)
NOT_JSON = problem("The body is not JSON (`Content-Type: application/json`).")
INVALID_BODY = problem(
    "The body is invalid (a missing or too long field, a taken slug, an unknown choice or "
    "related slug, malformed JSON). `errors` names each field at fault; nothing was changed."
)
NO_SUCH_OBJECT = problem("No object has this slug.")

ERROR_RESPONSES: dict[str, dict[int, OpenApiResponse]] = {
    "list": {
        400: INVALID_QUERY,
        403: PREVIEW_FORBIDDEN,
        404: problem("The page is past the last one, or no change set has the number given."),
        **READ_ERRORS,
    },
    "retrieve": {
        400: problem(
            "A query parameter is invalid: `fields`, `expand`, `preview` or `change_set`. "
            "`errors` names it."
        ),
        403: PREVIEW_FORBIDDEN,
        404: NO_SUCH_OBJECT,
        **READ_ERRORS,
    },
    "create": {400: INVALID_BODY, 404: NO_CHANGE_SET, 415: NOT_JSON, **WRITE_ERRORS},
    "update": {
        400: INVALID_BODY,
        404: NO_CHANGE_SET,
        412: STALE,
        415: NOT_JSON,
        **WRITE_ERRORS,
    },
    "partial_update": {
        400: INVALID_BODY,
        404: NO_CHANGE_SET,
        412: STALE,
        415: NOT_JSON,
        **WRITE_ERRORS,
    },
    "destroy": {
        400: problem("`change_set` is not the number of an open change set."),
        404: NO_CHANGE_SET,
        409: problem("Other content still refers to this object, e.g. a condition's causes."),
        412: STALE,
        **WRITE_ERRORS,
    },
    "suggest": {
        400: problem("`q` is missing, empty, over 50 characters or holds a NUL."),
        **READ_ERRORS,
    },
    "history": {404: problem("No object has ever had this slug."), **EDITORS_ONLY},
    "restore": {
        400: problem("`version` is not a version of this object, or the body is invalid."),
        404: NO_CHANGE_SET,
        409: problem("The version cannot be restored as it was: a link's other end is gone."),
        415: NOT_JSON,
        **WRITE_ERRORS,
    },
}
SUCCESS_STATUS = {"create": 201, "destroy": 204}
# The errors of the change sets' operations (causes.views.editorial).
CHANGE_SET_ERRORS: dict[str, dict[int, OpenApiResponse]] = {
    "list": {
        400: problem("`state` is not a state of change sets, or a bad page."),
        404: problem("The page is past the last one."),
        **EDITORS_ONLY,
    },
    "retrieve": {404: problem("No change set has this number."), **EDITORS_ONLY},
    "create": {400: INVALID_BODY, 415: NOT_JSON, **EDITORS_ONLY},
    "destroy": {
        404: problem("No change set has this number."),
        409: problem("The change set is not open: it was published or discarded."),
        **EDITORS_ONLY,
    },
    "publish": {
        400: problem("The change set has nothing to publish, or the body is invalid."),
        401: problem("Needs a reviewer's token or session."),
        403: problem("Only a reviewer publishes, and not one who wrote or made the change set."),
        404: problem("No change set has this number."),
        409: problem(
            "A conflict: what the drafts change was changed, created or deleted since they "
            "were drafted (each named), or the change set was published or discarded already."
        ),
        415: NOT_JSON,
        406: NOT_ACCEPTABLE,
        429: TOO_MANY_FAILURES,
        500: SERVER_ERROR,
        503: UNAVAILABLE,
    },
}
# An editor's API tokens (accounts.views).
TOKEN_ERRORS: dict[str, dict[int, OpenApiResponse]] = {
    "list": {
        400: problem("`page` or `page_size` is invalid."),
        404: problem("The page is past the last one."),
        **EDITORS_ONLY,
    },
    "create": {
        400: problem(
            "The body is invalid (`name` missing, not a string, empty or over 100 "
            "characters), or you hold "
            "MAX_TOKENS_PER_EDITOR tokens already."
        ),
        415: NOT_JSON,
        **EDITORS_ONLY,
    },
    "destroy": {404: problem("None of your tokens has this prefix."), **EDITORS_ONLY},
    "revoke_all": EDITORS_ONLY,
}
FEED_ERRORS: dict[str, dict[int, OpenApiResponse]] = {
    "get": {
        400: problem("`since` is not a cursor of this feed, or has expired; or a bad `limit`."),
        **{status: response for status, response in READ_ERRORS.items() if status != 401},
    }
}

NOT_MODIFIED = OpenApiResponse(
    description=(
        "Not modified: `If-None-Match` holds the current `ETag` (or `If-Modified-Since` is "
        "not before `Last-Modified`). No body."
    )
)
CONDITIONAL_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description=(
            "The `ETag` of a response you hold. While content is unchanged the answer is a "
            "304 with no body. Every 200 carries `ETag`, `Last-Modified`, "
            "`Cache-Control: public, no-cache` and `Vary: Accept, Authorization, Cookie`. "
            "`If-Modified-Since` with the `Last-Modified` date works too."
        ),
    ),
]


CHANGE_SET_PARAMETER = OpenApiParameter(
    "change_set",
    int,
    description="The open change set to add the draft to; without it, your open one (made "
    "when you have none).",
)
PREVIEW_PARAMETERS = [
    OpenApiParameter(
        "preview",
        bool,
        description="Editors only (401 or 403 otherwise): `true` to read the content as "
        "publishing your open change set would leave it. Never cached.",
    ),
    OpenApiParameter(
        "change_set",
        int,
        description="Editors only: read the content as publishing this open change set would "
        "leave it.",
    ),
]
IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="The object's `ETag` as you read it (`*`: any). If the object has changed "
    "since, the answer is a 412 and nothing is drafted.",
)


class AutoSchema(openapi.AutoSchema):
    """
    Documents what every operation of this API shares: the slug in detail paths,
    and each error status an operation can answer, as problem details.
    """

    def get_override_parameters(self) -> list:
        parameters = super().get_override_parameters()
        if self.method == "GET" and isinstance(self.view, ConditionalReadMixin):
            parameters += CONDITIONAL_PARAMETERS
        action = getattr(self.view, "action", None)
        # A content viewset's reads.
        if hasattr(self.view, "read_serializer_class") and action in ("list", "retrieve"):
            parameters += shaping.schema_parameters(self.view.read_serializer_class)
        if hasattr(self.view, "write_serializer_class"):  # a writable content viewset
            if action in ("list", "retrieve"):
                parameters += PREVIEW_PARAMETERS
            if action in ("create", "update", "partial_update", "destroy", "restore"):
                parameters.append(CHANGE_SET_PARAMETER)
            if action in ("update", "partial_update", "destroy"):
                parameters.append(IF_MATCH_PARAMETER)
        if self._has_jsonld():
            parameters.append(
                OpenApiParameter(
                    "format",
                    str,
                    enum=["json", jsonld.FORMAT],
                    description=(
                        "`jsonld` for schema.org JSON-LD, as `Accept: application/ld+json` "
                        "asks for it; `json` (the default) for the API's JSON."
                    ),
                )
            )
        if getattr(self.view, "lookup_field", None) == "slug" and "{slug}/" in self.path:
            # Slugs that a model reserves for its list's own pages (symptoms/suggest/).
            model = getattr(getattr(self.view, "queryset", None), "model", None)
            reserved = getattr(model, "reserved_slugs", ())
            pattern = "^(?!(?:" + "|".join(reserved) + ")$)" if reserved else "^"
            parameters.append(
                OpenApiParameter(
                    "slug",
                    {"type": "string", "pattern": pattern + "[-a-zA-Z0-9_]+$"},
                    OpenApiParameter.PATH,
                    description="The object's slug, as given in lists and fixtures.",
                )
            )
        return parameters

    def _has_jsonld(self) -> bool:
        return (
            getattr(self.view, "action", None) == "retrieve"
            and getattr(self.view, "jsonld_serializer_class", None) is not None
        )

    def get_operation(self, *args: Any, **kwargs: Any) -> dict | None:
        operation = super().get_operation(*args, **kwargs)
        if operation and self._has_jsonld():
            # Not the serializer's JSON: the JSON-LD document that causes.jsonld makes of it.
            operation["responses"]["200"]["content"][jsonld.MEDIA_TYPE]["schema"] = jsonld.SCHEMA
        for parameter in (operation or {}).get("parameters", []):
            # Every filter and page parameter reads `?x=` as "x not given" (causes/filters.py);
            # a required one (recognition's `text`) refuses it.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return operation

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict:
        schema = super()._map_basic_serializer(serializer, direction)
        if direction != "response" or not isinstance(serializer, ReadSerializer):
            return schema
        if isinstance(serializer, tuple(top_level_serializers())):
            # `?fields=` can leave any of them out.
            schema.pop("required", None)
        properties = schema["properties"]
        for name, field in serializer.expandable_fields.items():
            field = copy.deepcopy(field)
            field.bind(name, serializer)
            expanded = self._map_serializer_field(field, direction)
            if name in properties:
                properties[name] = {
                    "anyOf": [properties[name], expanded],
                    "description": f"With `expand={name}`, the objects themselves.",
                }
            else:
                properties[name] = {
                    **expanded,
                    "description": f"Only with `expand={name}`.",
                }
        return schema

    def get_auth(self) -> list[dict]:
        auths = super().get_auth()
        # drf-spectacular knows IsAuthenticatedOrReadOnly, not this kind of its own.
        anonymous_reads = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def get_response_serializers(self) -> Any:
        """
        The success response (a view's `success_responses` names it by action, or by method
        for a plain view, where DRF's default is not it), and every error the operation can
        answer (a view's `error_responses`, or the content viewsets' defaults).
        """
        serializer = super().get_response_serializers()
        action = getattr(self.view, "action", None) or self.method.lower()
        success = getattr(self.view, "success_responses", {}).get(action)
        error_responses = getattr(self.view, "error_responses", ERROR_RESPONSES)
        if action not in error_responses:
            return serializer
        errors: dict[int | tuple[int, str], Any] = {
            (status, PROBLEM_CONTENT_TYPE): response
            for status, response in sorted(error_responses[action].items())
        }
        reads = ("list", "retrieve", "get", "suggest")
        if action in reads and isinstance(self.view, ConditionalReadMixin):
            errors = {304: NOT_MODIFIED, **errors}
        if isinstance(success, dict):  # by status and media type
            return {**success, **errors}
        if success is not None:
            return {success[0]: success[1], **errors}
        if action == "destroy":
            serializer = None  # 204, no body
        return {SUCCESS_STATUS.get(action, 200): serializer, **errors}


def lib_doc_excludes() -> list[type]:
    """
    Classes whose docstrings the schema must not show (SPECTACULAR_SETTINGS'
    GET_LIB_DOC_EXCLUDES): drf-spectacular's own list, and this project's base classes,
    whose docstrings explain the implementation to developers. Without them, every
    serializer with no docstring of its own would describe itself with its base's.
    """
    from drf_spectacular.plumbing import get_lib_doc_excludes

    from . import serializers, views

    return [
        *get_lib_doc_excludes(),
        serializers.PlannedRepresentationMixin,
        serializers.ModelSerializer,
        serializers.ReadSerializer,
        serializers.StrictModelSerializer,
        serializers.AdviceSerializer,
        serializers.AdviceDetailSerializer,
        serializers.AdviceWriteSerializer,
        serializers.ContentWriteSerializer,
        serializers.LinkWriteSerializer,
        ConditionalReadMixin,
        views.ReadOnlyContentViewSet,
        views.ContentViewSet,
    ]


def top_level_serializers() -> list[type]:
    """The read serializers of the API's resources, whose fields `?fields=` can pick."""
    from .urls import router

    return [
        serializer_class
        for _, viewset, _ in router.registry
        for serializer_class in (
            getattr(viewset, "serializer_class", None),
            getattr(viewset, "detail_serializer_class", None),
        )
        if serializer_class is not None
    ]
