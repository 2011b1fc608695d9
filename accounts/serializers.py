from rest_framework import serializers

from causes.serializers.base import StrictModelSerializer

from .models import EditorToken


class TokenSerializer(StrictModelSerializer):
    """An editor's API token, without its secret."""

    prefix = serializers.CharField(
        source="token_key",
        read_only=True,
        help_text="The secret's first 15 characters: which token this is (DELETE by it).",
    )

    class Meta:
        model = EditorToken
        fields = ["prefix", "name", "created", "expiry", "last_used"]
        read_only_fields = ["created", "expiry", "last_used"]


class NewTokenSerializer(TokenSerializer):
    """A token just made, with its secret: shown this once, never again."""

    token = serializers.CharField(
        read_only=True,
        help_text="The secret, to send as `Authorization: Token <secret>`. It is stored "
        "only hashed: keep it now, it cannot be shown again.",
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]
