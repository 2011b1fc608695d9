"""What editors see of drafts, change sets, history and the changes feed."""

from typing import Any

from rest_framework import serializers

from ..models import Change, ChangeSet, Condition, Draft
from .fields import SlugRelatedField, StrictCharField


class DraftSerializer(serializers.ModelSerializer):
    """A write kept until its change set is published, and what it would make of the object."""

    created_by = serializers.CharField(source="created_by.get_username")
    result = serializers.SerializerMethodField(
        help_text="The object as publishing would leave it, as its write shape shows it "
        "(null for a delete; only in the answer to the write)."
    )

    class Meta:
        model = Draft
        fields = [
            "id",
            "change_set",
            "resource",
            "slug",
            "action",
            "body",
            "created_by",
            "created_at",
            "result",
        ]

    def get_result(self, draft: Draft) -> dict[str, Any] | None:
        return self.context.get("result")


class ChangeSetSerializer(serializers.ModelSerializer):
    """Drafts that go live together when a reviewer publishes them."""

    created_by = serializers.CharField(source="created_by.get_username", read_only=True)
    published_by = serializers.CharField(
        source="published_by.get_username", read_only=True, allow_null=True
    )
    title = StrictCharField(max_length=200, required=False, allow_blank=True)
    drafts = DraftSerializer(many=True, read_only=True)
    reviewed_conditions = SlugRelatedField(many=True, read_only=True)

    class Meta:
        model = ChangeSet
        fields = [
            "id",
            "title",
            "state",
            "created_by",
            "created_at",
            "drafts",
            "reviewed_conditions",
            "published_by",
            "published_at",
            "review_note",
        ]
        read_only_fields = ["state", "created_at", "published_at", "review_note"]


class PublishSerializer(serializers.Serializer):
    """A reviewer's publication of a change set."""

    review_note = StrictCharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="What the reviewer checked; kept in the history.",
    )
    reviewed_conditions = SlugRelatedField(
        many=True,
        queryset=Condition.objects.all(),
        required=False,
        help_text="Conditions whose content the reviewer checked: each gets `last_reviewed` "
        "today and `next_review_due` a review period later.",
    )


class RestoreSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        help_text="The number of a version in the object's history (`/history/`)."
    )


class FieldChangeSerializer(serializers.Serializer):
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class LinkChangesSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    changed = serializers.DictField(child=serializers.DictField(child=FieldChangeSerializer()))


class VersionChangesSerializer(serializers.Serializer):
    fields = serializers.DictField(child=FieldChangeSerializer())  # type: ignore[assignment]  # a field (the metaclass moves it), not Serializer.fields
    links = serializers.DictField(child=LinkChangesSerializer())


class HistoryEntrySerializer(serializers.Serializer):
    """One version of an object: who published it, when, why, and what it changed."""

    version = serializers.IntegerField()
    recorded_at = serializers.DateTimeField()
    published_by = serializers.CharField(allow_null=True)
    comment = serializers.CharField()
    change_set = serializers.IntegerField(allow_null=True)
    authors = serializers.ListField(child=serializers.CharField())
    changes = VersionChangesSerializer()


class ChangeSerializer(serializers.ModelSerializer):
    """A published change of one object."""

    cursor = serializers.CharField(
        help_text="Pass it as `since` to continue after this change.", source="feed_cursor"
    )

    class Meta:
        model = Change
        fields = ["resource", "slug", "action", "changed_at", "cursor"]


class ChangesPageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next = serializers.URLField(
        allow_null=True, help_text="The next page, while there are more changes now."
    )
