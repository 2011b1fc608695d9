from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong.")


VALIDATION_ERROR = OpenApiResponse(
    response={
        "type": "object",
        "description": "Each key names a query parameter at fault; its value says why.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {
            "symptom": ["Select a valid choice. nonexistent is not one of the available choices."]
        },
    },
    description="A query parameter is invalid: an unknown slug, choice or ordering, or a bad page.",
)
NOT_FOUND = OpenApiResponse(
    response=ErrorDetailSerializer,
    description="No object has this slug, or the page is past the last one.",
)


class AutoSchema(openapi.AutoSchema):
    """
    Documents what every operation of this API shares: the slug in detail paths,
    and the error responses of list (400, 404) and detail (404) operations.
    """

    def get_override_parameters(self) -> list:
        parameters = super().get_override_parameters()
        if getattr(self.view, "lookup_field", None) == "slug" and self.path.endswith("{slug}/"):
            parameters.append(
                OpenApiParameter(
                    "slug",
                    str,
                    OpenApiParameter.PATH,
                    description="The object's slug, as given in lists and fixtures.",
                )
            )
        return parameters

    def get_response_serializers(self) -> Any:
        serializer = super().get_response_serializers()
        action = getattr(self.view, "action", None)
        # An explicit @extend_schema(responses=...) wins; only viewset reads get the defaults.
        if isinstance(serializer, dict) or action not in ("list", "retrieve"):
            return serializer
        errors = {404: NOT_FOUND}
        if action == "list":
            errors[400] = VALIDATION_ERROR
        return {200: serializer, **errors}
