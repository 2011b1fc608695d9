"""Content by clinical code, asked as an HL7 Infobutton (URL-based) request; anonymous reads."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from .. import infobutton
from ..caching import ConditionalReadMixin
from ..schema import READ_ERRORS, problem
from ..serializers.infobutton import JSON, XML, InfobuttonQuerySerializer

_TEXT = {
    "type": "object",
    "properties": {"_value": {"type": "string"}, "type": {"type": "string", "enum": ["text"]}},
    "required": ["_value"],
}
_VALUE = {"type": "object", "properties": {"_value": {"type": "string"}}, "required": ["_value"]}
_CATEGORY = {
    "type": "object",
    "properties": {
        "scheme": {"type": "string"},
        "term": {"type": "string"},
        "label": {"type": "string"},
    },
    "required": ["scheme", "term"],
}
ENTRY_SCHEMA = {
    "type": "object",
    "description": "A condition or cause that the request names.",
    "properties": {
        "lang": {"type": "string"},
        "title": _TEXT,
        "link": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "href": {"type": "string", "format": "uri"},
                    "rel": {"type": "string", "enum": ["alternate"]},
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                },
                "required": ["href", "rel"],
            },
        },
        "id": _VALUE,
        "updated": _VALUE,
        "summary": {
            "type": "object",
            "description": "HTML: the summary, the source's quotes, its attribution and "
            "the medical disclaimer.",
            "properties": {
                "_value": {"type": "string"},
                "type": {"type": "string", "enum": ["html"]},
            },
            "required": ["_value", "type"],
        },
        "category": {
            "type": "array",
            "description": "The code that found the entry (scheme: the code system's OID; "
            "term: the code; label: its title), absent where a display name found it.",
            "items": _CATEGORY,
        },
    },
    "required": ["lang", "title", "link", "id", "updated", "summary"],
}
FEED_SCHEMA = {
    "type": "object",
    "description": "An Atom feed as JSON, in MedlinePlus Connect's shape.",
    "properties": {
        "feed": {
            "type": "object",
            "properties": {
                "base": {"type": "string", "format": "uri"},
                "lang": {"type": "string"},
                "title": _TEXT,
                "updated": _VALUE,
                "id": _VALUE,
                "author": {
                    "type": "object",
                    "properties": {"name": _VALUE, "uri": _VALUE},
                    "required": ["name", "uri"],
                },
                "subtitle": _TEXT,
                "category": {
                    "type": "array",
                    "description": "The request's context, echoed: each parameter and value.",
                    "items": _CATEGORY,
                },
                "entry": {
                    "type": "array",
                    "items": ENTRY_SCHEMA,
                    "maxItems": infobutton.MAX_ENTRIES,
                },
            },
            "required": [
                "base",
                "lang",
                "title",
                "updated",
                "id",
                "author",
                "subtitle",
                "category",
                "entry",
            ],
        }
    },
    "required": ["feed"],
}


@extend_schema(
    summary="Content by clinical code (HL7 Infobutton)",
    description=(
        "The conditions and causes that a clinical code names, as MedlinePlus Connect "
        "answers an Infobutton request: clients swap only the base URL. A code finds the "
        "records coded with it or with a code within it (a category, R25, finds R25.3); "
        "a code with none falls back to its nearest ancestor that has some (G47.33 to "
        "G47), and each entry's `category` says which code found it. A code from a newer "
        "release of the table than this API's falls back the same way. A code system "
        "this API does not know, or a code that names nothing, gives an empty feed, as "
        "MedlinePlus Connect does. A display name (`mainSearchCriteria.v.dn`) is searched "
        "where its criterion gives no code. Up to five criteria (no suffix, then 1 to 4) "
        "and ten entries. The request's other Infobutton parameters are accepted and "
        "ignored."
    ),
    parameters=[
        InfobuttonQuerySerializer,
        # The form of the answer is knowledgeResponseType's alone (its negotiation).
        OpenApiParameter("format", exclude=True),
    ],
)
class InfobuttonView(ConditionalReadMixin, generics.GenericAPIView):
    serializer_class = InfobuttonQuerySerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends: list = []
    renderer_classes = [infobutton.AtomRenderer, renderers.JSONRenderer]
    content_negotiation_class = infobutton.KnowledgeResponseTypeNegotiation
    # No OPTIONS description of the view (a 405): the Atom form has no shape for one.
    metadata_class = None
    error_responses = {
        "get": {
            400: problem(
                "A parameter is malformed (`errors` names it): no code and no display name, a "
                "code without its system's OID, an ICD-10-CM code of the wrong form, an "
                "unknown `informationRecipient` or `knowledgeResponseType` (JSONP is not "
                "offered), a value over 200 characters."
            ),
            **{status: response for status, response in READ_ERRORS.items() if status != 406},
        }
    }
    success_responses = {
        "get": {
            (200, JSON): OpenApiResponse(FEED_SCHEMA, "The feed, as JSON."),
            (200, XML): OpenApiResponse(
                {"type": "string", "description": "The same feed as Atom XML (RFC 4287)."},
                "The feed, as Atom XML (the default).",
            ),
        }
    }

    def get(self, request: Request) -> Response:
        query = InfobuttonQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(infobutton.feed(request, query.validated_data))
