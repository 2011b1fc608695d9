"""
List endpoints embed small summaries of related objects; detail endpoints embed
everything a page about the object shows. Writes (the *WriteSerializer classes)
take related objects as slugs and answer with the same shape.
"""

from rest_framework import serializers

from .models import Cause, Condition, Example, LifestyleTip, RelatedArticle, Symptom, Treatment


class SymptomSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Symptom
        fields = ["slug", "name", "red_flag"]


class CauseSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Cause
        fields = ["slug", "name", "category", "urgency", "summary"]


class ConditionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Condition
        fields = ["slug", "name", "disclaimer"]


class LifestyleTipSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = LifestyleTip
        fields = ["slug", "title", "advice"]


class TreatmentSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Treatment
        fields = ["slug", "name", "kind", "description"]


class ExampleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Example
        fields = ["name", "kind"]


class RelatedArticleSerializer(serializers.ModelSerializer):
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


class SourceSerializer(serializers.ModelSerializer):
    """The article a condition's content comes from, read off the condition's source_* fields."""

    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), source="source_tags", required=False
    )
    related_articles = RelatedArticleSerializer(many=True, read_only=True)

    class Meta:
        model = Condition
        fields = [*SOURCE_FIELDS, "related_articles"]
        # Built from the model's source_* fields, so that writes get their limits.
        extra_kwargs = {name: {"source": f"source_{name}"} for name in SOURCE_FIELDS}


class ConditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Condition
        fields = ["slug", "name", "summary", "disclaimer"]


class ConditionDetailSerializer(serializers.ModelSerializer):
    warning_signs = SymptomSummarySerializer(many=True)
    causes = CauseSummarySerializer(many=True)
    lifestyle_tips = LifestyleTipSummarySerializer(many=True)
    treatments = TreatmentSummarySerializer(many=True)
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
        ]


class CauseSerializer(serializers.ModelSerializer):
    condition = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    symptoms = SymptomSummarySerializer(many=True)
    matched_symptoms = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="How many of the `symptom` values asked for this cause has; null without them.",
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
            "symptoms",
            "matched_symptoms",
        ]


class CauseDetailSerializer(serializers.ModelSerializer):
    condition = ConditionSummarySerializer()
    symptoms = SymptomSummarySerializer(many=True)
    examples = ExampleSerializer(many=True)
    lifestyle_tips = LifestyleTipSummarySerializer(many=True)
    treatments = TreatmentSummarySerializer(many=True)

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
        ]


class SymptomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Symptom
        fields = ["slug", "name", "description", "red_flag"]


class SymptomDetailSerializer(serializers.ModelSerializer):
    causes = CauseSummarySerializer(many=True)

    class Meta:
        model = Symptom
        fields = ["slug", "name", "description", "red_flag", "causes"]


class LifestyleTipSerializer(serializers.ModelSerializer):
    conditions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    causes = CauseSummarySerializer(many=True)

    class Meta:
        model = LifestyleTip
        fields = ["slug", "title", "advice", "conditions", "causes"]


class TreatmentSerializer(serializers.ModelSerializer):
    conditions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    causes = CauseSummarySerializer(many=True)

    class Meta:
        model = Treatment
        fields = ["slug", "name", "kind", "description", "conditions", "causes"]


class ConditionWriteSerializer(serializers.ModelSerializer):
    warning_signs = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Symptom.objects.all(), required=False
    )
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
        ]


class CauseWriteSerializer(serializers.ModelSerializer):
    condition = serializers.SlugRelatedField(slug_field="slug", queryset=Condition.objects.all())
    symptoms = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Symptom.objects.all(), required=False
    )

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


class AdviceWriteSerializer(serializers.ModelSerializer):
    """Lifestyle tips and treatments both link to conditions and causes by slug."""

    conditions = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Condition.objects.all(), allow_empty=False
    )
    causes = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Cause.objects.all(), required=False
    )


class LifestyleTipWriteSerializer(AdviceWriteSerializer):
    class Meta:
        model = LifestyleTip
        fields = ["slug", "title", "advice", "position", "conditions", "causes"]


class TreatmentWriteSerializer(AdviceWriteSerializer):
    class Meta:
        model = Treatment
        fields = ["slug", "name", "kind", "description", "position", "conditions", "causes"]
