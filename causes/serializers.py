"""
List endpoints embed small summaries of related objects; detail endpoints embed
everything a page about the object shows. Writes (the *WriteSerializer classes)
take related objects as slugs and answer with the same shape.
"""

import operator
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models.manager import BaseManager
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from .models import Cause, Condition, Example, LifestyleTip, RelatedArticle, Symptom, Treatment


class StrictCharField(serializers.CharField):
    """Only a JSON string: DRF would store 5 or true as "5" or "True"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSlugField(StrictCharField, serializers.SlugField):
    pass


class StrictIntegerField(serializers.IntegerField):
    """Only a JSON integer: DRF would take "5", 5.0 or true."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """Only JSON true or false: DRF would take "yes", 1 or "off"."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def could_be_slug(value: Any) -> bool:
    """A string that a query may look up: PostgreSQL refuses NUL in text (a 500, not a 400)."""
    return isinstance(value, str) and "\x00" not in value


class SlugListField(serializers.ManyRelatedField):
    """
    Related objects as a JSON list of slugs, looked up in one query. DRF would take
    any iterable (such as an object's keys) and query once per item.
    """

    max_items = 1000
    default_error_messages = {
        **serializers.ManyRelatedField.default_error_messages,
        "too_many": f"Give at most {max_items} slugs.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # drf-spectacular would not show the limit on a related field.
        schema = {"type": "array", "items": {"type": "string"}, "maxItems": self.max_items}
        if not self.allow_empty:
            schema["minItems"] = 1
        extend_schema_field(schema)(self)

    def to_internal_value(self, data: Any) -> list:
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not data and not self.allow_empty:
            self.fail("empty")
        # A bound on the query's size too (SQLite refuses too many parameters).
        if len(data) > self.max_items:
            self.fail("too_many")
        child = self.child_relation
        if not all(could_be_slug(slug) for slug in data):
            child.fail("invalid")
        found = {obj.slug: obj for obj in child.get_queryset().filter(slug__in=data)}
        missing = [slug for slug in data if slug not in found]
        if missing:
            child.fail("does_not_exist", slug_name="slug", value=", ".join(missing))
        return [found[slug] for slug in data]


class SlugRelatedField(serializers.SlugRelatedField):
    """A related object by its slug, a JSON string; several of them as a JSON list."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", **kwargs)

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> SlugListField:
        list_kwargs = {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        return SlugListField(child_relation=cls(*args, **kwargs), **list_kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not could_be_slug(data):
            self.fail("invalid")
        return super().to_internal_value(data)


Step = tuple[str, Callable[[Any], Any], Callable[[Any], Any]]


class PlannedRepresentationMixin:
    """
    Represents objects as DRF would, without rebuilding the fields on every request.

    DRF introspects the model and deep-copies every field for each serializer
    instance, nested ones included, and the profile shows that this, not the
    conversion, dominates a read. Here the fields are built once per class into a
    plan of (name, read the attribute, convert it) steps; each field's own
    to_representation still does the converting, so the output, like the schema,
    is DRF's.
    """

    @classmethod
    def representation_plan(cls) -> list[Step]:
        # Kept on the class itself (not inherited), so that it goes when the class does:
        # causes.shaping makes classes for `?fields=` and `?expand=` and keeps a few.
        if "_representation_plan" not in cls.__dict__:
            cls._representation_plan = [
                (name, _attribute_reader(field.source_attrs), _converter(field))
                for name, field in cls().fields.items()
                if not field.write_only
            ]
        return cls._representation_plan

    def to_representation(self, instance: Any) -> dict[str, Any]:
        representation = {}
        for name, read, convert in self.representation_plan():
            value = read(instance)
            representation[name] = None if value is None else convert(value)
        return representation


def _attribute_reader(source_attrs: list[str]) -> Callable[[Any], Any]:
    # source="*" (no attributes) passes the object itself.
    return operator.attrgetter(".".join(source_attrs)) if source_attrs else lambda obj: obj


def _converter(field: serializers.Field) -> Callable[[Any], Any]:
    if isinstance(field, serializers.ListSerializer | serializers.ManyRelatedField):
        child = getattr(field, "child", None) or field.child_relation
        convert_item = child.to_representation
        return lambda related: [convert_item(item) for item in _rows(related)]
    return field.to_representation


def _rows(related: Any) -> Iterable[Any]:
    """The objects of a relation: a list prefetched to an attribute, or a related manager."""
    return related.all() if isinstance(related, BaseManager) else related


class ReadSerializer(PlannedRepresentationMixin, serializers.ModelSerializer):
    """
    A read-only shape. `expandable_fields` names the fields that `?expand=` embeds
    (causes.shaping), each with the field that represents it then: either a field of
    `Meta.fields` that is otherwise a slug or a summary, or one shown only when expanded.
    """

    expandable_fields: ClassVar[dict[str, serializers.Field]] = {}


@extend_schema_field(
    {
        "type": "string",
        "description": (
            "The medical disclaimer of the condition(s) this content belongs to, to show "
            "with it. Several different ones are separated by a blank line."
        ),
    }
)
class DisclaimerField(serializers.Field):
    """The disclaimers of a list of conditions, each once, in order."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, conditions: Iterable[Condition]) -> str:
        disclaimers = dict.fromkeys(condition.disclaimer for condition in conditions)
        return "\n\n".join(disclaimers) or settings.MEDICAL_DISCLAIMER


class StrictModelSerializer(PlannedRepresentationMixin, serializers.ModelSerializer):
    """A model serializer whose writable fields take only the JSON type that the schema says."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.BooleanField: StrictBooleanField,
        models.PositiveSmallIntegerField: StrictIntegerField,
    }


class SymptomSummarySerializer(ReadSerializer):
    class Meta:
        model = Symptom
        fields = ["slug", "name", "red_flag"]


class CauseSummarySerializer(ReadSerializer):
    class Meta:
        model = Cause
        fields = ["slug", "name", "category", "urgency", "summary"]


class ConditionSummarySerializer(ReadSerializer):
    class Meta:
        model = Condition
        fields = ["slug", "name", "disclaimer"]


class LifestyleTipSummarySerializer(ReadSerializer):
    class Meta:
        model = LifestyleTip
        fields = ["slug", "title", "advice"]


class TreatmentSummarySerializer(ReadSerializer):
    class Meta:
        model = Treatment
        fields = ["slug", "name", "kind", "description"]


class ExampleSerializer(ReadSerializer):
    class Meta:
        model = Example
        fields = ["name", "kind"]


class RelatedArticleSerializer(ReadSerializer):
    class Meta:
        model = RelatedArticle
        fields = ["title", "published_on", "reading_minutes"]


SOURCE_FIELDS = [
    "title",
    "author",
    "published_on",
    "reading_minutes",
    "publisher",
    "section",
    "tags",
    "copyright",
]


class SourceSerializer(StrictModelSerializer):
    """The article that the condition's content comes from."""

    # Read off, and written to, the condition's own source_* fields.

    tags = serializers.ListField(
        child=StrictCharField(max_length=100), source="source_tags", required=False
    )
    related_articles = RelatedArticleSerializer(many=True, read_only=True)

    class Meta:
        model = Condition
        fields = [*SOURCE_FIELDS, "related_articles"]
        # Built from the model's source_* fields, so that writes get their limits.
        extra_kwargs = {name: {"source": f"source_{name}"} for name in SOURCE_FIELDS}


class SymptomSerializer(ReadSerializer):
    disclaimer = DisclaimerField(source="conditions")

    class Meta:
        model = Symptom
        fields = ["slug", "name", "description", "red_flag", "disclaimer", "updated_at"]


class EmbeddedSymptomSerializer(ReadSerializer):
    """A symptom inside another object, whose own disclaimer covers it."""

    class Meta:
        model = Symptom
        fields = ["slug", "name", "description", "red_flag", "updated_at"]


REVIEW_FIELDS = ["last_reviewed", "next_review_due", "updated_at"]


class ConditionSerializer(ReadSerializer):
    class Meta:
        model = Condition
        fields = ["slug", "name", "summary", "disclaimer", *REVIEW_FIELDS]


class ConditionDetailSerializer(ReadSerializer):
    warning_signs = SymptomSummarySerializer(many=True, source="warning_signs_list")
    causes = CauseSummarySerializer(many=True, source="causes_list")
    lifestyle_tips = LifestyleTipSummarySerializer(many=True, source="lifestyle_tips_list")
    treatments = TreatmentSummarySerializer(many=True, source="treatments_list")
    source = SourceSerializer(source="*")

    class Meta:
        model = Condition
        fields = [
            "slug",
            "name",
            "summary",
            "overview",
            "outlook",
            "when_to_see_doctor",
            "warning_signs",
            "causes",
            "lifestyle_tips",
            "treatments",
            "source",
            "disclaimer",
            *REVIEW_FIELDS,
        ]


class CauseSerializer(ReadSerializer):
    condition = SlugRelatedField(read_only=True)
    symptoms = SymptomSummarySerializer(many=True, source="symptoms_list")
    matched_symptoms = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="How many of the `symptom` values asked for this cause has; null without them.",
    )
    disclaimer = serializers.CharField(
        source="condition.disclaimer", help_text="The medical disclaimer of the cause's condition."
    )

    expandable_fields = {
        "condition": ConditionSerializer(),
        "symptoms": EmbeddedSymptomSerializer(many=True, source="symptoms_list"),
        "examples": ExampleSerializer(many=True, source="examples_list"),
        "lifestyle_tips": LifestyleTipSummarySerializer(many=True, source="lifestyle_tips_list"),
        "treatments": TreatmentSummarySerializer(many=True, source="treatments_list"),
    }

    class Meta:
        model = Cause
        fields = [
            "slug",
            "name",
            "also_known_as",
            "condition",
            "category",
            "urgency",
            "summary",
            "symptoms",
            "matched_symptoms",
            "disclaimer",
            "updated_at",
        ]


class CauseDetailSerializer(ReadSerializer):
    condition = ConditionSummarySerializer()
    symptoms = SymptomSummarySerializer(many=True, source="symptoms_list")
    examples = ExampleSerializer(many=True, source="examples_list")
    lifestyle_tips = LifestyleTipSummarySerializer(many=True, source="lifestyle_tips_list")
    treatments = TreatmentSummarySerializer(many=True, source="treatments_list")
    disclaimer = serializers.CharField(
        source="condition.disclaimer", help_text="The medical disclaimer of the cause's condition."
    )

    class Meta:
        model = Cause
        fields = [
            "slug",
            "name",
            "also_known_as",
            "condition",
            "category",
            "urgency",
            "summary",
            "explanation",
            "advice",
            "examples",
            "symptoms",
            "lifestyle_tips",
            "treatments",
            "disclaimer",
            "updated_at",
        ]


class SymptomDetailSerializer(ReadSerializer):
    causes = CauseSummarySerializer(many=True, source="causes_list")
    disclaimer = DisclaimerField(source="conditions")

    class Meta:
        model = Symptom
        fields = ["slug", "name", "description", "red_flag", "causes", "disclaimer", "updated_at"]


class AdviceSerializer(ReadSerializer):
    """Lifestyle tips and treatments both show their conditions (slugs) and causes."""

    conditions = SlugRelatedField(many=True, read_only=True, source="conditions_list")
    causes = CauseSummarySerializer(many=True, source="causes_list")
    disclaimer = DisclaimerField(source="conditions_list")

    expandable_fields = {
        "conditions": ConditionSerializer(many=True, source="conditions_list"),
        "causes": CauseSerializer(many=True, source="causes_list"),
    }


class LifestyleTipSerializer(AdviceSerializer):
    class Meta:
        model = LifestyleTip
        fields = ["slug", "title", "advice", "conditions", "causes", "disclaimer", "updated_at"]


class TreatmentSerializer(AdviceSerializer):
    class Meta:
        model = Treatment
        fields = [
            "slug",
            "name",
            "kind",
            "description",
            "conditions",
            "causes",
            "disclaimer",
            "updated_at",
        ]


class SymptomWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Symptom
        fields = ["slug", "name", "description", "red_flag"]


class ConditionWriteSerializer(StrictModelSerializer):
    warning_signs = SlugRelatedField(many=True, queryset=Symptom.objects.all(), required=False)
    source = SourceSerializer(source="*")

    class Meta:
        model = Condition
        fields = [
            "slug",
            "name",
            "summary",
            "overview",
            "outlook",
            "when_to_see_doctor",
            "warning_signs",
            "source",
            "disclaimer",
            "last_reviewed",
            "next_review_due",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The model's check constraint, as a 400 rather than the database's error.
        dates = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in ("last_reviewed", "next_review_due")
        }
        if None not in dates.values() and dates["next_review_due"] <= dates["last_reviewed"]:
            raise serializers.ValidationError(
                {"next_review_due": ["Must be after `last_reviewed`."]}
            )
        return attrs


class CauseWriteSerializer(StrictModelSerializer):
    condition = SlugRelatedField(queryset=Condition.objects.all())
    symptoms = SlugRelatedField(many=True, queryset=Symptom.objects.all(), required=False)

    class Meta:
        model = Cause
        fields = [
            "slug",
            "name",
            "also_known_as",
            "condition",
            "position",
            "category",
            "urgency",
            "summary",
            "explanation",
            "advice",
            "symptoms",
        ]


class AdviceWriteSerializer(StrictModelSerializer):
    """Lifestyle tips and treatments both link to conditions and causes by slug."""

    conditions = SlugRelatedField(many=True, queryset=Condition.objects.all(), allow_empty=False)
    causes = SlugRelatedField(many=True, queryset=Cause.objects.all(), required=False)


class LifestyleTipWriteSerializer(AdviceWriteSerializer):
    class Meta:
        model = LifestyleTip
        fields = ["slug", "title", "advice", "position", "conditions", "causes"]


class TreatmentWriteSerializer(AdviceWriteSerializer):
    class Meta:
        model = Treatment
        fields = ["slug", "name", "kind", "description", "position", "conditions", "causes"]
