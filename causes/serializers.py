"""
Read-only serializers. List endpoints embed small summaries of related
objects; detail endpoints embed everything a page about the object shows.
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


class SourceSerializer(serializers.ModelSerializer):
    """The article a condition's content comes from, read off the condition's source_* fields."""

    title = serializers.CharField(source="source_title")
    author = serializers.CharField(source="source_author")
    published_on = serializers.DateField(source="source_published_on")
    reading_minutes = serializers.IntegerField(source="source_reading_minutes")
    publisher = serializers.CharField(source="source_publisher")
    section = serializers.CharField(source="source_section")
    tags = serializers.ListField(child=serializers.CharField(), source="source_tags")
    copyright = serializers.CharField(source="source_copyright")
    related_articles = RelatedArticleSerializer(many=True)

    class Meta:
        model = Condition
        fields = [
            "title",
            "author",
            "published_on",
            "reading_minutes",
            "publisher",
            "section",
            "tags",
            "copyright",
            "related_articles",
        ]


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
