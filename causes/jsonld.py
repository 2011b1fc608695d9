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

Every node that the source supports cites it: `isBasedOn` the source article (by its
@id, its URL in this API) and a `citation` Quotation for each quote of its evidence,
or of the link's evidence where the node is listed through a link.
"""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from rest_framework import renderers, serializers

from .choices import ExampleKind, TreatmentKind
from .models import Cause, Condition, Example, Source

CONTEXT = "https://schema.org"
MEDIA_TYPE = "application/ld+json"
FORMAT = "jsonld"

EXAMPLE_TYPES: dict[str, str] = {
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

    def url(self, obj: Any) -> str:
        # Django's reverse: DRF's would carry `?format=jsonld` over into every link.
        path = reverse(f"{obj._meta.model_name}-detail", args=[obj.slug])
        return self.context["request"].build_absolute_uri(path)

    def node(
        self,
        schema_type: str,
        obj: Any,
        name: str,
        description: str,
        evidence: Iterable[dict] = (),
        **more: Any,
    ) -> dict:
        """An object of this API as a node whose @id is its URL here, citing `evidence`."""
        url = self.url(obj)
        return {
            "@type": schema_type,
            "@id": url,
            "url": url,
            **_present({"name": name, "description": description, **more}),
            **self.cited(evidence),
        }

    def cited(self, evidence: Iterable[dict]) -> dict:
        """`isBasedOn` the sources of `evidence` and a `citation` of each of its quotes."""
        evidence = list(evidence)
        sources = list(dict.fromkeys(self.source_url(item["source"]) for item in evidence))
        return _present(
            {
                "isBasedOn": [{"@id": url} for url in sources],
                "citation": [
                    {
                        "@type": "Quotation",
                        "text": item["quote"],
                        "position": item["locator"],
                        "isPartOf": {"@id": self.source_url(item["source"])},
                    }
                    for item in evidence
                ],
            }
        )

    @staticmethod
    def codes(entries: Iterable[dict]) -> list[dict]:
        """The clinical codes that name a record, as schema.org's `code`."""
        return [
            {
                "@type": "MedicalCode",
                "codeValue": entry["code"],
                "codingSystem": entry["system"],
                "name": entry["display"],
            }
            for entry in entries
        ]

    def source_url(self, slug: str) -> str:
        path = reverse("source-detail", args=[slug])
        return self.context["request"].build_absolute_uri(path)

    def cause(self, cause: Cause, evidence: list[dict] | None = None) -> dict:
        return self.node(
            "MedicalCause",
            cause,
            cause.name,
            cause.summary,
            cause.evidence if evidence is None else evidence,
            alternateName=cause.alternative_names,
        )

    def symptoms(self, links: Iterable[Any]) -> list[dict]:
        """The symptoms at the end of these links, each citing the link's quotes."""
        return [
            self.node(
                "MedicalSignOrSymptom",
                link.symptom,
                link.symptom.name,
                link.symptom.description,
                link.evidence,
                alternateName=link.symptom.alternative_names,
            )
            for link in links
        ]

    def treatments(self, tip_links: Iterable[Any], treatment_links: Iterable[Any]) -> dict:
        """The properties of a MedicalCondition that hold these tips and treatments."""
        places: dict[str, list[dict]] = {}
        for link in tip_links:
            tip = link.tip
            node = self.node("LifestyleModification", tip, tip.title, tip.advice, link.evidence)
            places.setdefault(THERAPY[0], []).append(node)
        for link in treatment_links:
            treatment = link.treatment
            place, schema_type = TREATMENT_PLACES.get(treatment.kind, THERAPY)
            node = self.node(
                schema_type, treatment, treatment.name, treatment.description, link.evidence
            )
            places.setdefault(place, []).append(node)
        return places

    def page(
        self, url: str, condition: Condition, sources: Iterable[Source], updated_at: Any
    ) -> dict:
        """This API's page about the object, and the source articles it is based on."""
        articles = [
            _present(
                {
                    "@type": "Article",
                    "@id": self.url(source),
                    "headline": source.title,
                    "author": {"@type": "Person", "name": source.author},
                    "datePublished": source.published_on.isoformat(),
                    "publisher": {"@type": "Organization", "name": source.publisher},
                    "timeRequired": f"PT{source.reading_minutes}M",
                    "keywords": source.tags,
                    "copyrightNotice": source.copyright,
                }
            )
            for source in sources
        ]
        return _present(
            {
                "@type": "MedicalWebPage",
                # No @id of its own: the URL identifies the object the page is about.
                "url": url,
                "lastReviewed": condition.last_reviewed and condition.last_reviewed.isoformat(),
                "dateModified": updated_at.isoformat(),
                "isBasedOn": articles,
                "hasPart": {
                    "@type": "WebPageElement",
                    "name": "Medical disclaimer",
                    "text": condition.disclaimer,
                },
            }
        )


class ConditionJSONLDSerializer(JSONLDSerializer):
    def to_representation(self, condition: Condition) -> dict[str, Any]:
        document = self.node(
            "MedicalCondition",
            condition,
            condition.name,
            condition.summary,
            condition.evidence,
            alternateName=condition.alternative_names,
            code=self.codes(condition.codes),
        )
        return _present(
            {
                "@context": CONTEXT,
                **document,
                "cause": [
                    self.cause(entry.cause, entry.evidence) for entry in condition.cause_entries
                ],
                "signOrSymptom": self.symptoms(condition.warning_sign_links_list),
                **self.treatments(condition.tip_links_list, condition.treatment_links_list),
                "mainEntityOfPage": self.page(
                    document["url"], condition, condition.sources_list, condition.updated_at
                ),
            }
        )


class CauseJSONLDSerializer(JSONLDSerializer):
    def to_representation(self, cause: Cause) -> dict[str, Any]:
        condition = cause.condition
        document = {**self.cause(cause), **_present({"code": self.codes(cause.codes)})}
        caused = self.node("MedicalCondition", condition, condition.name, "")
        sources = Source.objects.filter(slug__in={item["source"] for item in cause.evidence})
        return {
            "@context": CONTEXT,
            **document,
            "causeOf": _present(
                {
                    **caused,
                    "cause": [
                        self.example(example, caused["@id"]) for example in cause.examples_list
                    ],
                    "signOrSymptom": self.symptoms(cause.symptom_links_list),
                    **self.treatments(cause.tip_links_list, cause.treatment_links_list),
                }
            ),
            "mainEntityOfPage": self.page(document["url"], condition, sources, cause.updated_at),
        }

    def example(self, example: Example, condition_id: str) -> dict[str, Any]:
        """A named example of a cause (a drug, a disease, ...), as a cause in its own right."""
        return {
            "@type": [EXAMPLE_TYPES[example.kind], "MedicalCause"],
            "name": example.name,
            "causeOf": {"@id": condition_id},
            **self.cited(example.evidence),
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
