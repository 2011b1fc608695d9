"""An editor's own API tokens: make one (its secret shown once), list them, revoke them."""

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from causes.permissions import IsEditor, signed_in_user
from causes.schema import TOKEN_ERRORS

from . import tokens
from .models import EditorToken
from .serializers import NewTokenSerializer, TokenSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List your tokens",
        description="Editors only. Your tokens that have not expired, newest first, without "
        "their secrets.",
    ),
    create=extend_schema(
        summary="Make a token",
        description="Editors only. A new token for a device or script, named. The answer holds "
        "its secret this once: it is stored only hashed. It expires after TOKEN_TTL_HOURS; "
        "an editor holds at most MAX_TOKENS_PER_EDITOR.",
        request=TokenSerializer,
    ),
    destroy=extend_schema(
        summary="Revoke a token",
        description="Editors only. One of your tokens, by its prefix, stops working at once.",
        parameters=[
            OpenApiParameter(
                "prefix", str, OpenApiParameter.PATH, description="The token's `prefix`."
            )
        ],
    ),
)
class TokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your API tokens (an editor's): one per device or script, each revocable."""

    serializer_class = TokenSerializer
    permission_classes = [IsEditor]
    lookup_field = "token_key"
    lookup_url_kwarg = "prefix"
    filter_backends: list = []
    error_responses = TOKEN_ERRORS
    success_responses = {
        "create": (status.HTTP_201_CREATED, NewTokenSerializer),
        "revoke_all": (status.HTTP_204_NO_CONTENT, None),
    }

    def get_queryset(self) -> QuerySet[EditorToken]:
        return tokens.live(signed_in_user(self.request)).order_by("-created")

    def create(self, request: Request) -> Response:
        body = TokenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = signed_in_user(request)
        if tokens.live(user).count() >= settings.MAX_TOKENS_PER_EDITOR:
            raise ValidationError(
                {
                    "non_field_errors": [
                        f"You hold {settings.MAX_TOKENS_PER_EDITOR} tokens, the most "
                        "allowed: revoke one first."
                    ]
                }
            )
        token, secret = tokens.issue(user, body.validated_data["name"])
        return Response(
            {**TokenSerializer(token).data, "token": secret}, status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, instance: EditorToken) -> None:
        tokens.revoke(
            EditorToken.objects.filter(pk=instance.pk), by=self.request.user.get_username()
        )

    @extend_schema(
        summary="Revoke all your tokens",
        description="Editors only. Every one of your tokens stops working at once, the one "
        "that sends this included.",
        request=None,
    )
    @action(detail=False, methods=["post"], url_path="revoke-all")
    def revoke_all(self, request: Request) -> Response:
        tokens.revoke(EditorToken.objects.filter(user=request.user), by=request.user.get_username())
        return Response(status=status.HTTP_204_NO_CONTENT)
