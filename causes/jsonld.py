"""
schema.org JSON-LD of conditions and causes, for search engines and other linked-data
readers: `Accept: application/ld+json` or `?format=jsonld` on a condition's or a
cause's detail.

A condition is a MedicalCondition whose `cause`s are MedicalCauses (schema.org names
the property `cause`; there is no `possibleCause`), whose `signOrSymptom`s are its
warning signs, and whose treatments are split by what they are: lifestyle tips and
therapies are a `possibleTreatment` (LifestyleModification, MedicalTherapy),
medications a `drug` (Drug) and tests a `typicalTest` (MedicalTest). A cause is a
MedicalCause, the `causeOf` the condition, which then lists what the source says
about this cause: its symptoms, treatments, and the named examples, themselves
causes (a drug is typed Drug and MedicalCause). Each document's `mainEntityOfPage`
is this API's page, with the review date, the last change and the medical
disclaimer, `isBasedOn` the source article with its author and publisher.
"""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from rest_framework import renderers, serializers

from .choices import ExampleKind, TreatmentKind
from .models import Cause, Condition, Example, LifestyleTip, Symptom, Treatment

CONTEXT = "https://schema.org"
MEDIA_TYPE = "application/ld+json"
FORMAT = "jsonld"

EXAMPLE_TYPES = {
    ExampleKind.DRUG: "Drug",
    ExampleKind.DISEASE: "MedicalCondition",
    ExampleKind.MEDICAL_TREATMENT: "MedicalTherapy",
    ExampleKind.MINERAL: "Substance",
    ExampleKind.STIMULANT: "Substance",
}
#: The property of a MedicalCondition, and the type, for each kind of treatment.
TREATMENT_PLACES = {
    TreatmentKind.MEDICATION: ("drug", "Drug"),
    TreatmentKind.TEST: ("typicalTest", "MedicalTest"),
}
THERAPY = ("possibleTreatment", "MedicalTherapy")


class JSONLDRenderer(renderers.JSONRenderer):
    media_type = MEDIA_TYPE
    format = FORMAT


class JSONLDSerializer(serializers.BaseSerializer):
    """A read-only serializer whose representation is a JSON-LD document."""

    def node(self, schema_type: str, obj: Any, name: str, description: str, **more: Any) -> dict:
        """An object of this API as a node whose @id is its URL here."""
        # Django's reverse: DRF's would carry `?format=jsonld` over into every link.
        path = reverse(f"{obj._meta.model_name}-detail", args=[obj.slug])
        url = self.context["request"].build_absolute_uri(path)
        return {
            "@type": schema_type,
            "@id": url,
            "url": url,
            **_present({"name": name, "description": description, **more}),
        }

    def cause(self, cause: Cause) -> dict:
        return self.node(
            "MedicalCause", cause, cause.name, cause.summary, alternateName=cause.also_known_as
        )

    def symptoms(self, symptoms: Iterable[Symptom]) -> list[dict]:
        return [
            self.node("MedicalSignOrSymptom", symptom, symptom.name, symptom.description)
            for symptom in symptoms
        ]

    def treatments(
        self, tips: Iterable[LifestyleTip], treatments: Iterable[Treatment]
    ) -> dict[str, list[dict]]:
        """The properties of a MedicalCondition that hold these tips and treatments."""
        places: dict[str, list[dict]] = {}
        for tip in tips:
            node = self.node("LifestyleModification", tip, tip.title, tip.advice)
            places.setdefault(THERAPY[0], []).append(node)
        for treatment in treatments:
            place, schema_type = TREATMENT_PLACES.get(treatment.kind, THERAPY)
            node = self.node(schema_type, treatment, treatment.name, treatment.description)
            places.setdefault(place, []).append(node)
        return places

    def page(self, url: str, condition: Condition, updated_at: Any) -> dict:
        """This API's page about the object, and the source article it is based on."""
        article = {
            "@type": "Article",
            "headline": condition.source_title,
            "author": {"@type": "Person", "name": condition.source_author},
            "datePublished": condition.source_published_on.isoformat(),
            "publisher": {"@type": "Organization", "name": condition.source_publisher},
            "timeRequired": f"PT{condition.source_reading_minutes}M",
            "keywords": condition.source_tags,
            "copyrightNotice": condition.source_copyright,
        }
        return _present(
            {
                "@type": "MedicalWebPage",
                # No @id of its own: the URL identifies the object the page is about.
                "url": url,
                "lastReviewed": condition.last_reviewed and condition.last_reviewed.isoformat(),
                "dateModified": updated_at.isoformat(),
                "isBasedOn": _present(article),
                "hasPart": {
                    "@type": "WebPageElement",
                    "name": "Medical disclaimer",
                    "text": condition.disclaimer,
                },
            }
        )


class ConditionJSONLDSerializer(JSONLDSerializer):
    def to_representation(self, condition: Condition) -> dict[str, Any]:
        document = self.node("MedicalCondition", condition, condition.name, condition.summary)
        return _present(
            {
                "@context": CONTEXT,
                **document,
                "cause": [self.cause(cause) for cause in condition.causes_list],
                "signOrSymptom": self.symptoms(condition.warning_signs_list),
                **self.treatments(condition.lifestyle_tips_list, condition.treatments_list),
                "mainEntityOfPage": self.page(document["url"], condition, condition.updated_at),
            }
        )


class CauseJSONLDSerializer(JSONLDSerializer):
    def to_representation(self, cause: Cause) -> dict[str, Any]:
        condition = cause.condition
        document = self.cause(cause)
        caused = self.node("MedicalCondition", condition, condition.name, "")
        return {
            "@context": CONTEXT,
            **document,
            "causeOf": _present(
                {
                    **caused,
                    "cause": [_example(example, caused["@id"]) for example in cause.examples_list],
                    "signOrSymptom": self.symptoms(cause.symptoms_list),
                    **self.treatments(cause.lifestyle_tips_list, cause.treatments_list),
                }
            ),
            "mainEntityOfPage": self.page(document["url"], condition, cause.updated_at),
        }


def _example(example: Example, condition_id: str) -> dict[str, Any]:
    """A named example of a cause (a drug, a disease, ...), as a cause in its own right."""
    return {
        "@type": [EXAMPLE_TYPES[example.kind], "MedicalCause"],
        "name": example.name,
        "causeOf": {"@id": condition_id},
    }


def _present(properties: dict[str, Any]) -> dict[str, Any]:
    """The properties that have a value: JSON-LD leaves unknown ones out."""
    return {name: value for name, value in properties.items() if value not in (None, "", [])}


#: The OpenAPI description of a JSON-LD response.
SCHEMA = {
    "type": "object",
    "description": (
        "A schema.org JSON-LD document (`@context` https://schema.org): a MedicalCondition "
        "or a MedicalCause with the objects it links to; see the README."
    ),
    "properties": {
        "@context": {"type": "string", "enum": [CONTEXT]},
        "@type": {"type": "string"},
        "@id": {"type": "string", "format": "uri"},
    },
    "required": ["@context", "@type", "@id"],
}
