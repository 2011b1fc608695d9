"""schema.org JSON-LD of a condition and of a cause (causes.jsonld), linked by URL."""

from urllib.parse import urlsplit

import pytest

from causes.models import Cause, Condition
from tests.utils import ALS_DECIDING_QUOTE, problem

CONDITION = "/api/v1/conditions/muscle-twitching/"
CAUSE = "/api/v1/causes/certain-medications/"
SOURCE = "/api/v1/sources/what-causes-muscle-twitching/"


def jsonld(api_client, url: str, **params) -> dict:
    response = api_client.get(url, params, HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return response.json()


def types(nodes: list[dict]) -> list:
    return [node["@type"] for node in nodes]


def test_a_condition_is_a_medical_condition_with_its_causes_signs_and_treatments(api_client):
    document = jsonld(api_client, CONDITION)

    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "MedicalCondition"
    assert document["@id"] == f"http://testserver{CONDITION}"
    assert document["name"] == "Muscle twitching"
    assert types(document["cause"]) == ["MedicalCause"] * Cause.objects.count()
    assert document["cause"][0]["name"] == "Anxiety"
    assert [sign["name"] for sign in document["signOrSymptom"]] == [
        "Difficulty speaking",
        "Difficulty swallowing",
        "Numbness",
        "Tingling",
        "Weakness",
    ]
    assert set(types(document["signOrSymptom"])) == {"MedicalSignOrSymptom"}
    treatments = document["possibleTreatment"]
    # Item 2's lifestyle changes and item 3's options; what the article advises for one
    # cause (a magnesium supplement, a sleep study) is in that cause's document only.
    assert types(treatments).count("LifestyleModification") == 4
    assert [node["name"] for node in treatments if node["@type"] == "MedicalTherapy"] == [
        "Physical therapy",
        "Surgery",
    ]
    assert [(drug["@type"], drug["name"]) for drug in document["drug"]] == [
        ("Drug", "Medications to help relax your muscles")
    ]
    assert "typicalTest" not in document


def test_a_condition_names_its_source_article_author_and_disclaimer(api_client):
    page = jsonld(api_client, CONDITION)["mainEntityOfPage"]

    assert page["@type"] == "MedicalWebPage"
    [article] = page["isBasedOn"]
    assert article["@id"] == f"http://testserver{SOURCE}"
    assert article["headline"] == "What causes muscle twitching"
    assert article["author"] == {"@type": "Person", "name": "Jane Smith"}
    assert article["datePublished"] == "2023-06-04"
    assert article["publisher"] == {"@type": "Organization", "name": "Sabkuchh.com"}
    assert page["hasPart"]["name"] == "Medical disclaimer"
    assert page["hasPart"]["text"] == Condition.objects.get().disclaimer
    # Nobody has reviewed this content yet, so there is no review date to state.
    assert "lastReviewed" not in page


def test_a_reviewed_condition_states_when(api_client):
    Condition.objects.update(last_reviewed="2026-11-01")

    page = jsonld(api_client, CONDITION)["mainEntityOfPage"]

    assert page["lastReviewed"] == "2026-11-01"


def test_a_cause_is_a_medical_cause_of_its_condition_with_its_drugs(api_client):
    document = jsonld(api_client, CAUSE)

    assert document["@type"] == "MedicalCause"
    assert document["@id"] == f"http://testserver{CAUSE}"
    condition = document["causeOf"]
    assert condition["@type"] == "MedicalCondition"
    assert condition["@id"] == f"http://testserver{CONDITION}"
    assert [(example["@type"], example["name"]) for example in condition["cause"]] == [
        (["Drug", "MedicalCause"], "Corticosteroids"),
        (["Drug", "MedicalCause"], "Diuretics"),
    ]
    assert {treatment["name"] for treatment in condition["possibleTreatment"]} == {
        "Adjusting your dosage",
        "Switching to a different medication",
    }
    assert document["mainEntityOfPage"]["isBasedOn"][0]["author"]["name"] == "Jane Smith"


def test_a_cause_lists_its_symptoms_and_lifestyle_tips(api_client):
    condition = jsonld(api_client, "/api/v1/causes/magnesium-deficiency/")["causeOf"]

    assert [sign["name"] for sign in condition["signOrSymptom"]] == ["Muscle cramps", "Weakness"]
    assert [(tip["@type"], tip["name"]) for tip in condition["possibleTreatment"]] == [
        ("MedicalTherapy", "Magnesium supplement"),
    ]
    tips = jsonld(api_client, "/api/v1/causes/dehydration/")["causeOf"]["possibleTreatment"]
    assert [(tip["@type"], tip["name"]) for tip in tips] == [
        ("LifestyleModification", "Increase your water intake"),
    ]


def test_a_test_the_article_offers_for_one_cause_is_that_causes_typical_test(api_client):
    condition = jsonld(api_client, "/api/v1/causes/sleep-disorders/")["causeOf"]

    assert [(test["@type"], test["name"]) for test in condition["typicalTest"]] == [
        ("MedicalTest", "Sleep study"),
    ]


def test_every_node_with_evidence_cites_its_source_and_quotes(api_client):
    document = jsonld(api_client, "/api/v1/causes/als/")
    source = f"http://testserver{SOURCE}"

    assert document["isBasedOn"] == [{"@id": source}]
    assert document["citation"] == [
        {
            "@type": "Quotation",
            "text": document["description"],
            "position": "item 9",
            "isPartOf": {"@id": source},
        },
        {
            "@type": "Quotation",
            "text": ALS_DECIDING_QUOTE,
            "position": "item 9",
            "isPartOf": {"@id": source},
        },
    ]
    for sign in document["causeOf"]["signOrSymptom"]:
        # The quote that names the symptom with ALS: the link's evidence.
        assert "to rule out ALS" in sign["citation"][0]["text"], sign["name"]
        assert sign["isBasedOn"] == [{"@id": source}]


def test_every_linked_node_is_an_api_url_that_answers(api_client):
    documents = [jsonld(api_client, CONDITION), jsonld(api_client, CAUSE)]
    ids = set()

    def collect(value):
        if isinstance(value, dict):
            if "@id" in value:
                ids.add(value["@id"])
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(documents)
    assert len(ids) > 30
    for url in ids:
        assert api_client.get(urlsplit(url).path).status_code == 200, url


def test_format_jsonld_asks_for_it_like_the_accept_header(api_client):
    response = api_client.get(CONDITION, {"format": "jsonld"})

    assert response["Content-Type"] == "application/ld+json"
    assert response.json() == jsonld(api_client, CONDITION)


def test_json_and_json_ld_are_cached_and_validated_apart(api_client):
    as_json = api_client.get(CAUSE)
    as_jsonld = api_client.get(CAUSE, HTTP_ACCEPT="application/ld+json")
    again = api_client.get(CAUSE, HTTP_ACCEPT="application/ld+json")

    assert as_json["ETag"] != as_jsonld["ETag"]
    assert again.json() == as_jsonld.json()
    assert again["Content-Type"] == "application/ld+json"


@pytest.mark.parametrize(
    "url", ["/api/v1/causes/", "/api/v1/symptoms/weakness/", "/api/v1/treatments/surgery/"]
)
def test_other_endpoints_refuse_json_ld_with_a_406(api_client, url):
    by_accept = api_client.get(url, HTTP_ACCEPT="application/ld+json")
    by_format = api_client.get(url, {"format": "jsonld"})

    assert by_accept.status_code == by_format.status_code == 406
    assert problem(by_format)["detail"] == "This endpoint serves these formats: json, api."


def test_fields_do_not_apply_to_json_ld(api_client):
    response = api_client.get(CAUSE, {"format": "jsonld", "fields": "name"})

    assert response.status_code == 400
    assert "not JSON-LD" in problem(response)["detail"]


def test_an_unknown_slug_is_a_404_problem_in_json_ld_too(api_client):
    response = api_client.get("/api/v1/causes/nope/", HTTP_ACCEPT="application/ld+json")

    assert response.status_code == 404
    assert problem(response)["status"] == 404


def test_the_schema_documents_json_ld_on_condition_and_cause_details(schema):
    for path in ("/api/v1/conditions/{slug}/", "/api/v1/causes/{slug}/"):
        operation = schema["paths"][path]["get"]
        content = operation["responses"]["200"]["content"]
        assert content["application/ld+json"]["schema"]["required"] == ["@context", "@type", "@id"]
        formats = next(p for p in operation["parameters"] if p["name"] == "format")
        assert formats["schema"]["enum"] == ["json", "jsonld"]
