"""The questions and answers of free-text recognition and typeahead (causes.recognition)."""

from django.conf import settings
from rest_framework import serializers

from ..choices import SUGGESTION_MATCH_CHOICES, TermMatch
from ..recognition.vocabulary import Recognition
from .read import RED_FLAG_HELP

TEXT_MAX_LENGTH = 500
TYPED_MAX_LENGTH = 50


class RecognitionQuerySerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
        # Offsets in the answer count from the text exactly as sent.
        trim_whitespace=False,
        help_text=(
            "What the person typed, in English, up to 500 characters: “my fingers feel numb "
            "but no weakness”."
        ),
    )


class SuggestionQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=TYPED_MAX_LENGTH,
        trim_whitespace=False,
        help_text="What is typed so far in a symptom box, 1 to 50 characters: “tingl”, “pins”.",
    )


class FoundSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="entry.slug")
    name = serializers.CharField(source="entry.name")
    start = serializers.IntegerField(
        help_text="Where the words begin in `text`: an offset in Unicode code points."
    )
    end = serializers.IntegerField(help_text="Where they end (exclusive), in code points.")
    matched = serializers.CharField(help_text="The words of `text` that name it.")
    match = serializers.ChoiceField(
        choices=TermMatch.choices,
        help_text=(
            "How: by its `name` (any inflection), an `alternative_name` of the source's, a "
            "`lay_term`, a named `example` (causes), or `fuzzy`, a misspelling of one of them."
        ),
    )


class FoundSymptomSerializer(FoundSerializer):
    present = serializers.BooleanField(
        help_text="False where the text says it is absent (“no weakness”, “without numbness”)."
    )
    red_flag = serializers.BooleanField(
        source="entry.red_flag",
        help_text=RED_FLAG_HELP,
    )


class RecognitionSerializer(serializers.Serializer):
    symptoms = FoundSymptomSerializer(
        many=True,
        help_text="Each symptom the text names, once, in the order of the text.",
    )
    causes = FoundSerializer(
        many=True,
        help_text="Each cause the text names (not those it says are absent), in order.",
    )
    red_flags = serializers.ListField(
        child=serializers.SlugField(),
        help_text=(
            "The slugs of the present symptoms that are warning signs: show the source's "
            "advice to see a doctor first."
        ),
    )
    disclaimer = serializers.SerializerMethodField()

    def get_disclaimer(self, recognition: Recognition) -> str:
        """The disclaimers of the conditions of what was recognised, or the API's own."""
        return "\n\n".join(recognition.disclaimers) or settings.MEDICAL_DISCLAIMER


class SuggestionSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="entry.slug")
    name = serializers.CharField(source="entry.name")
    term = serializers.CharField(
        help_text="The symptom's name, other name or lay term that matched what is typed."
    )
    match = serializers.ChoiceField(
        choices=SUGGESTION_MATCH_CHOICES,
        help_text="How `term` names the symptom, or `fuzzy`: it is close to what is typed.",
    )
    red_flag = serializers.BooleanField(source="entry.red_flag", help_text=RED_FLAG_HELP)
