"""
What the API shows. Lists embed small summaries of related objects; details embed
everything a page about the object shows, with the quotes (`evidence`) that support
the object and each of its links. Lists leave quotes out unless `?expand=evidence`.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import CauseCategory, TreatmentKind, Urgency
from ..models import (
    Cause,
    CauseSymptom,
    Condition,
    Example,
    LifestyleTip,
    RelatedArticle,
    SharedCause,
    Source,
    Symptom,
    TipCause,
    Treatment,
    TreatmentCause,
    WarningSign,
)
from .base import ReadSerializer
from .fields import DisclaimerField, SlugRelatedField, code_list, evidence_field

# The fields that `?expand=evidence` adds to an object in a list.
EVIDENCE_EXPANSION: dict[str, serializers.Field] = {"evidence": evidence_field()}


class CauseSummarySerializer(ReadSerializer):
    class Meta:
        model = Cause
        fields = ["slug", "name", "category", "urgency", "summary"]


class ConditionSummarySerializer(ReadSerializer):
    class Meta:
        model = Condition
        fields = ["slug", "name", "disclaimer"]


class ExampleSerializer(ReadSerializer):
    class Meta:
        model = Example
        fields = ["name", "kind"]


class ExampleDetailSerializer(ReadSerializer):
    """A named example with the quotes that name it with its cause."""

    evidence = evidence_field()

    class Meta:
        model = Example
        fields = ["name", "kind", "evidence"]


class RelatedArticleSerializer(ReadSerializer):
    class Meta:
        model = RelatedArticle
        fields = ["title", "published_on", "reading_minutes"]


# ---------------------------------------------------------------- links, seen from one end

# A cause's choices, read through a link.
CATEGORY = serializers.ChoiceField(CauseCategory.choices, source="cause.category", allow_null=True)
URGENCY = serializers.ChoiceField(Urgency.choices, source="cause.urgency", allow_null=True)


class SymptomLinkSerializer(ReadSerializer):
    """A symptom named with a cause, and what the source says of the two (`kind`, `strength`)."""

    slug = serializers.SlugField(source="symptom.slug")
    name = serializers.CharField(source="symptom.name")
    red_flag = serializers.BooleanField(
        help_text="Whether the symptom is a warning sign of some condition (see `kind` for "
        "what the source says of it with this cause)."
    )

    class Meta:
        model = CauseSymptom
        fields = ["slug", "name", "red_flag", "kind", "strength"]


class SymptomLinkDetailSerializer(SymptomLinkSerializer):
    evidence = evidence_field()

    class Meta(SymptomLinkSerializer.Meta):
        fields = [*SymptomLinkSerializer.Meta.fields, "evidence"]


class EmbeddedSymptomLinkSerializer(SymptomLinkSerializer):
    """A symptom inside a cause, whole, with what the source says of the two."""

    description = serializers.CharField(source="symptom.description")
    updated_at = serializers.DateTimeField(source="symptom.updated_at")

    class Meta(SymptomLinkSerializer.Meta):
        fields = ["slug", "name", "description", "red_flag", "updated_at", "kind", "strength"]


class WarningSignSerializer(ReadSerializer):
    """A symptom that, with the condition, the source says calls for a doctor."""

    slug = serializers.SlugField(source="symptom.slug")
    name = serializers.CharField(source="symptom.name")
    red_flag = serializers.BooleanField(help_text="Always true: a warning sign is a red flag.")
    evidence = evidence_field()

    class Meta:
        model = WarningSign
        fields = ["slug", "name", "red_flag", "strength", "evidence"]


class LinkedCauseSerializer(ReadSerializer):
    """
    A cause as another object lists it, with the quotes that link the two: a tip's or
    treatment's cause, or a condition's cause (its own quotes, or the quotes with which
    the condition shares another condition's cause).
    """

    slug = serializers.SlugField(source="cause.slug")
    name = serializers.CharField(source="cause.name")
    category = CATEGORY
    urgency = URGENCY
    summary = serializers.CharField(source="cause.summary")
    evidence = evidence_field()

    class Meta:
        model = TipCause
        fields = ["slug", "name", "category", "urgency", "summary", "evidence"]


class SymptomCauseSerializer(LinkedCauseSerializer):
    """A cause that a symptom is named with, and what the source says of the two."""

    class Meta:
        model = CauseSymptom
        fields = ["slug", "name", "category", "urgency", "summary", "kind", "strength", "evidence"]


class TipLinkSerializer(ReadSerializer):
    """A lifestyle tip for a condition or a cause."""

    slug = serializers.SlugField(source="tip.slug")
    title = serializers.CharField(source="tip.title")
    advice = serializers.CharField(source="tip.advice")

    class Meta:
        model = TipCause
        fields = ["slug", "title", "advice"]


class TipLinkDetailSerializer(TipLinkSerializer):
    evidence = evidence_field(
        help_text="The quotes that give this tip for this condition or cause."
    )

    class Meta(TipLinkSerializer.Meta):
        fields = [*TipLinkSerializer.Meta.fields, "evidence"]


class TreatmentLinkSerializer(ReadSerializer):
    """A treatment for a condition or a cause."""

    slug = serializers.SlugField(source="treatment.slug")
    name = serializers.CharField(source="treatment.name")
    kind = serializers.ChoiceField(TreatmentKind.choices, source="treatment.kind", allow_null=True)
    description = serializers.CharField(source="treatment.description")

    class Meta:
        model = TreatmentCause
        fields = ["slug", "name", "kind", "description"]


class TreatmentLinkDetailSerializer(TreatmentLinkSerializer):
    evidence = evidence_field(
        help_text="The quotes that give this treatment for this condition or cause."
    )

    class Meta(TreatmentLinkSerializer.Meta):
        fields = [*TreatmentLinkSerializer.Meta.fields, "evidence"]


class SharingConditionSerializer(ReadSerializer):
    """Another condition whose source names this cause, with the quotes that do."""

    slug = serializers.SlugField(source="condition.slug")
    name = serializers.CharField(source="condition.name")
    evidence = evidence_field()

    class Meta:
        model = SharedCause
        fields = ["slug", "name", "evidence"]


# ---------------------------------------------------------------- sources


class SourceSummarySerializer(ReadSerializer):
    """The article that the condition's content comes from."""

    related_articles = RelatedArticleSerializer(many=True)

    class Meta:
        model = Source
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


class SourceSerializer(ReadSerializer):
    """A published article that content restates, with the checksum of its text."""

    related_articles = RelatedArticleSerializer(many=True)
    conditions = SlugRelatedField(many=True, read_only=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            *SourceSummarySerializer.Meta.fields,
            "conditions",
            "checksum",
            "updated_at",
        ]


class SourceDetailSerializer(SourceSerializer):
    text = serializers.CharField(
        help_text="The article's full text, word for word: every quote of evidence is in it."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


# ---------------------------------------------------------------- resources

REVIEW_FIELDS = ["last_reviewed", "next_review_due", "updated_at"]
RED_FLAG_HELP = "A warning sign: some condition's source says to see a doctor about it."


class SymptomSerializer(ReadSerializer):
    red_flag = serializers.BooleanField(help_text=RED_FLAG_HELP)
    disclaimer = DisclaimerField(source="conditions")
    codes = code_list()

    expandable_fields = EVIDENCE_EXPANSION

    class Meta:
        model = Symptom
        fields = [
            "slug",
            "name",
            "alternative_names",
            "lay_terms",
            "description",
            "red_flag",
            "codes",
            "disclaimer",
            "updated_at",
        ]


class SymptomDetailSerializer(ReadSerializer):
    red_flag = serializers.BooleanField(help_text=RED_FLAG_HELP)
    causes = SymptomCauseSerializer(many=True, source="cause_links_list")
    disclaimer = DisclaimerField(source="conditions")
    evidence = evidence_field()
    codes = code_list()

    class Meta:
        model = Symptom
        fields = [
            "slug",
            "name",
            "alternative_names",
            "lay_terms",
            "description",
            "red_flag",
            "codes",
            "causes",
            "evidence",
            "disclaimer",
            "updated_at",
        ]


class ConditionSerializer(ReadSerializer):
    codes = code_list()

    expandable_fields = EVIDENCE_EXPANSION

    class Meta:
        model = Condition
        fields = [
            "slug",
            "name",
            "alternative_names",
            "summary",
            "codes",
            "disclaimer",
            *REVIEW_FIELDS,
        ]


class ConditionDetailSerializer(ReadSerializer):
    warning_signs = WarningSignSerializer(many=True, source="warning_sign_links_list")
    causes = LinkedCauseSerializer(many=True, source="cause_entries")
    lifestyle_tips = TipLinkDetailSerializer(many=True, source="tip_links_list")
    treatments = TreatmentLinkDetailSerializer(many=True, source="treatment_links_list")
    source = SourceSummarySerializer(  # type: ignore[assignment]  # a field (the metaclass moves it), not Field.source
        source="primary_source",
        allow_null=True,
        help_text="The article the content comes from (the first of `sources`).",
    )
    sources = SlugRelatedField(many=True, read_only=True, source="sources_list")
    codes = code_list()
    evidence = evidence_field()

    class Meta:
        model = Condition
        fields = [
            "slug",
            "name",
            "alternative_names",
            "summary",
            "codes",
            "overview",
            "outlook",
            "when_to_see_doctor",
            "warning_signs",
            "causes",
            "lifestyle_tips",
            "treatments",
            "source",
            "sources",
            "evidence",
            "disclaimer",
            *REVIEW_FIELDS,
        ]


CAUSE_DISCLAIMER = serializers.CharField(
    source="condition.disclaimer", help_text="The medical disclaimer of the cause's condition."
)
ALSO_KNOWN_AS = serializers.CharField(
    help_text="The cause's alternative names, comma-separated (see `alternative_names`)."
)


class TextMatchSerializer(serializers.Serializer):
    named = serializers.BooleanField(help_text="The text names this cause itself.")
    symptoms = serializers.ListField(
        child=serializers.SlugField(),
        help_text="The symptoms that the text names as present and this cause comes with.",
    )


@extend_schema_field(TextMatchSerializer(allow_null=True))
class TextMatchField(serializers.Field):
    """Why a cause is in a list asked for with `text`: null without `text`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, cause: Cause) -> dict | None:
        # Annotated by CauseQuerySet.with_text_match() when the list has a `text`.
        named = getattr(cause, "named_in_text", None)
        if named is None:
            return None
        present = set(cause.symptoms_in_text)
        return {
            "named": named,
            "symptoms": [
                link.symptom.slug for link in cause.symptom_links_list if link.symptom_id in present
            ],
        }


class CauseSerializer(ReadSerializer):
    also_known_as = ALSO_KNOWN_AS
    condition = SlugRelatedField(read_only=True)
    symptoms = SymptomLinkSerializer(many=True, source="symptom_links_list")
    matched_symptoms = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text=(
            "How many of the asked symptoms (`symptom`, and those `text` names as present) "
            "this cause has; null without them."
        ),
    )
    text_match = TextMatchField(
        help_text="With `text`: whether it names this cause, and which of its symptoms."
    )
    codes = code_list()
    disclaimer = CAUSE_DISCLAIMER

    expandable_fields = {
        "condition": ConditionSerializer(),
        "symptoms": EmbeddedSymptomLinkSerializer(many=True, source="symptom_links_list"),
        "examples": ExampleSerializer(many=True, source="examples_list"),
        "lifestyle_tips": TipLinkSerializer(many=True, source="tip_links_list"),
        "treatments": TreatmentLinkSerializer(many=True, source="treatment_links_list"),
        **EVIDENCE_EXPANSION,
    }

    class Meta:
        model = Cause
        fields = [
            "slug",
            "name",
            "also_known_as",
            "alternative_names",
            "condition",
            "category",
            "urgency",
            "codes",
            "summary",
            "symptoms",
            "matched_symptoms",
            "text_match",
            "disclaimer",
            "updated_at",
        ]


class CauseDetailSerializer(ReadSerializer):
    also_known_as = ALSO_KNOWN_AS
    condition = ConditionSummarySerializer()
    symptoms = SymptomLinkDetailSerializer(many=True, source="symptom_links_list")
    examples = ExampleDetailSerializer(many=True, source="examples_list")
    lifestyle_tips = TipLinkDetailSerializer(many=True, source="tip_links_list")
    treatments = TreatmentLinkDetailSerializer(many=True, source="treatment_links_list")
    shared_with = SharingConditionSerializer(
        many=True,
        source="shared_condition_links_list",
        help_text="Other conditions whose sources name this cause too.",
    )
    codes = code_list()
    evidence = evidence_field()
    disclaimer = CAUSE_DISCLAIMER

    class Meta:
        model = Cause
        fields = [
            "slug",
            "name",
            "also_known_as",
            "alternative_names",
            "lay_terms",
            "condition",
            "category",
            "urgency",
            "codes",
            "summary",
            "explanation",
            "advice",
            "examples",
            "symptoms",
            "lifestyle_tips",
            "treatments",
            "shared_with",
            "evidence",
            "disclaimer",
            "updated_at",
        ]


class AdviceSerializer(ReadSerializer):
    """Lifestyle tips and treatments both show their conditions (slugs) and causes."""

    conditions = SlugRelatedField(many=True, read_only=True, source="conditions_list")
    # Any field: the detail's shows links instead.
    causes: serializers.Field = CauseSummarySerializer(many=True, source="causes_list")
    disclaimer = DisclaimerField(source="disclaimed_conditions")

    expandable_fields = {
        "conditions": ConditionSerializer(many=True, source="conditions_list"),
        "causes": CauseSerializer(many=True, source="causes_list"),
        **EVIDENCE_EXPANSION,
    }


class AdviceDetailSerializer(AdviceSerializer):
    """A tip or treatment, with the quotes for it and for each cause it addresses."""

    causes = LinkedCauseSerializer(many=True, source="cause_links_list")
    evidence = evidence_field()

    # The evidence is always there; `expand=causes` embeds whole causes, without it.
    expandable_fields = {
        name: field
        for name, field in AdviceSerializer.expandable_fields.items()
        if name != "evidence"
    }


TIP_FIELDS = ["slug", "title", "alternative_names", "advice", "conditions", "causes"]
TREATMENT_FIELDS = [
    "slug",
    "name",
    "alternative_names",
    "kind",
    "description",
    "conditions",
    "causes",
]


class LifestyleTipSerializer(AdviceSerializer):
    class Meta:
        model = LifestyleTip
        fields = [*TIP_FIELDS, "disclaimer", "updated_at"]


class LifestyleTipDetailSerializer(AdviceDetailSerializer):
    class Meta:
        model = LifestyleTip
        fields = [*TIP_FIELDS, "evidence", "disclaimer", "updated_at"]


class TreatmentSerializer(AdviceSerializer):
    class Meta:
        model = Treatment
        fields = [*TREATMENT_FIELDS, "disclaimer", "updated_at"]


class TreatmentDetailSerializer(AdviceDetailSerializer):
    class Meta:
        model = Treatment
        fields = [*TREATMENT_FIELDS, "evidence", "disclaimer", "updated_at"]
