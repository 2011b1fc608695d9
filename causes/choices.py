"""
Every fixed vocabulary of the content model. The admin, the filters and the
OpenAPI enums all read their choices from here.
"""

from django.db import models


class CauseCategory(models.TextChoices):
    LIFESTYLE = "lifestyle", "Lifestyle"
    PSYCHOLOGICAL = "psychological", "Psychological"
    NUTRITIONAL = "nutritional", "Nutritional: the source ties it to diet"
    SIDE_EFFECT = "side_effect", "Medication or treatment side effect"
    NEUROLOGICAL = "neurological", "Neurological"
    SLEEP = "sleep", "Sleep"
    AUTOIMMUNE = "autoimmune", "Autoimmune"
    INJURY = "injury", "Injury"


class Urgency(models.TextChoices):
    """
    How strongly the source tells the reader to involve a doctor, in its own words; null
    where it advises nothing for the cause. `see_doctor_promptly` claims no timing: the
    source says it is important to (or you should) see a doctor (README, "Evidence").
    """

    SELF_CARE = "self_care", "Self-care: changes you can make yourself"
    SEEK_TREATMENT = (
        "seek_treatment",
        "Seek treatment: the source advises treatment and names no doctor",
    )
    SEE_DOCTOR = "see_doctor", "Talk to a doctor: the source says it may be worth it"
    SEE_DOCTOR_PROMPTLY = (
        "see_doctor_promptly",
        "See a doctor: the source says it is important to, or you should",
    )


class TreatmentKind(models.TextChoices):
    MEDICATION = "medication", "Medication"
    SUPPLEMENT = "supplement", "Supplement"
    THERAPY = "therapy", "Therapy"
    PROCEDURE = "procedure", "Procedure"
    TEST = "test", "Test or assessment: it checks for a cause, it does not treat"
    MEDICATION_CHANGE = "medication_change", "Change to a medication or treatment plan"


class ExampleKind(models.TextChoices):
    """What a named example of a cause is (a drug, a disease, ...)."""

    DRUG = "drug", "Drug"
    DISEASE = "disease", "Disease or disorder"
    MEDICAL_TREATMENT = "medical_treatment", "Medical treatment"
    MINERAL = "mineral", "Mineral or electrolyte"
    STIMULANT = "stimulant", "Stimulant"


class SymptomMatch(models.TextChoices):
    ANY = "any", "Causes with any of the given symptoms"
    ALL = "all", "Causes with all of the given symptoms"


class LinkStrength(models.TextChoices):
    """How strongly the source advises acting (seeing a doctor, seeking treatment), in its words."""

    SHOULD = "should", "You should"
    IMPORTANT = "important", "It is important"
    MAY_BE_WORTH = "may_be_worth", "It may be worth"
    MAY_BE_HELPFUL = "may_be_helpful", "It may be helpful"

    @property
    def phrase(self) -> str:
        """The words that a quote must contain to support this strength."""
        return self.label.lower()


#: The strengths of a warning sign: the source says you should see a doctor, or that it is
#: important to.
WARNING_STRENGTHS = (LinkStrength.SHOULD, LinkStrength.IMPORTANT)
WARNING_STRENGTH_CHOICES = [(strength.value, strength.label) for strength in WARNING_STRENGTHS]
# The words that decide a value: a record's value stands only where one of its quotes
# says one of them (any case, any spacing). Each is the source's own word for the value,
# or the value's own name ("nerve" is what "neurological" means); never a word for what
# the thing seems to be.

#: Words of advice that involve a doctor, and that make it `see_doctor_promptly`.
DOCTOR_WORDS = ("doctor",)
PROMPT_PHRASES = ("it is important", "you should")
#: Advice that names no doctor but treatment ("it may be helpful to seek treatment").
TREATMENT_PHRASES = ("seek treatment",)

CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    CauseCategory.LIFESTYLE: ("lifestyle",),
    CauseCategory.PSYCHOLOGICAL: ("psychological", "mental health"),
    CauseCategory.NUTRITIONAL: ("diet", "nutrition"),
    CauseCategory.SIDE_EFFECT: ("side effect",),
    CauseCategory.NEUROLOGICAL: ("neurological", "nerve"),
    CauseCategory.SLEEP: ("sleep",),
    CauseCategory.AUTOIMMUNE: ("autoimmune",),
    CauseCategory.INJURY: ("injury", "injuries"),
}
TREATMENT_KIND_WORDS: dict[str, tuple[str, ...]] = {
    TreatmentKind.MEDICATION: ("medication",),
    TreatmentKind.SUPPLEMENT: ("supplement",),
    TreatmentKind.THERAPY: ("therapy",),
    TreatmentKind.PROCEDURE: ("surgery", "procedure"),
    TreatmentKind.TEST: ("study", "test", "checked"),
    TreatmentKind.MEDICATION_CHANGE: ("adjusting", "switching"),
}


class SymptomLinkKind(models.TextChoices):
    """What the source says of a cause and a symptom named together."""

    PRODUCES = "produces", "The cause can produce the symptom"
    SEE_DOCTOR_WITH = (
        "see_doctor_with",
        "With the condition, the symptom is a reason to see a doctor about the cause",
    )


LINK_KIND_WORDS: dict[str, tuple[str, ...]] = {
    SymptomLinkKind.PRODUCES: ("can cause", "can lead to", "symptoms of"),
    SymptomLinkKind.SEE_DOCTOR_WITH: DOCTOR_WORDS,
}


class TermMatch(models.TextChoices):
    """How a piece of typed text named a symptom or cause (causes.recognition)."""

    NAME = "name", "By its name, in any inflection"
    ALTERNATIVE_NAME = "alternative_name", "By another name that the source uses"
    LAY_TERM = "lay_term", "By a lay term that editors keep for it"
    EXAMPLE = "example", "By one of its named examples (a drug, a treatment, ...)"
    FUZZY = "fuzzy", "By a misspelling of one of its terms"


# Typeahead suggests symptoms, and symptoms have no named examples.
SUGGESTION_MATCH_CHOICES = [
    (value, label) for value, label in TermMatch.choices if value != TermMatch.EXAMPLE
]
