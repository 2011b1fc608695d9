"""`?fields=` picks top-level fields and `?expand=` embeds related objects (causes.shaping)."""

import pytest

from causes.models import Cause
from causes.serializers import CauseSerializer
from causes.shaping import Shape, shaped_serializer
from tests.utils import ALS_DECIDING_QUOTE, errors_by_name

CAUSES = "/api/v1/causes/"


def test_fields_keeps_only_the_named_fields_in_the_serializers_order(api_client):
    response = api_client.get(CAUSES, {"fields": "urgency,slug", "page_size": 100})

    assert response.status_code == 200
    assert all(list(item) == ["slug", "urgency"] for item in response.json()["results"])


def test_fields_may_repeat_and_applies_to_details_too(api_client):
    response = api_client.get("/api/v1/conditions/muscle-twitching/?fields=name&fields=disclaimer")

    assert response.json() == {
        "name": "Muscle twitching",
        "disclaimer": response.json()["disclaimer"],
    }


def test_expand_embeds_the_condition_instead_of_its_slug(api_client):
    item = api_client.get(CAUSES, {"search": "ALS", "expand": "condition"}).json()["results"][0]

    assert item["condition"]["slug"] == "muscle-twitching"
    assert item["condition"]["summary"].startswith("Muscle twitching is a common condition")
    assert "not medical advice" in item["condition"]["disclaimer"]


def cause_item(api_client, slug: str, **params) -> dict:
    results = api_client.get(CAUSES, {"page_size": 100, **params}).json()["results"]
    return next(item for item in results if item["slug"] == slug)


def test_expand_adds_tips_treatments_and_examples_that_the_list_leaves_out(api_client):
    plain = cause_item(api_client, "magnesium-deficiency")
    item = cause_item(
        api_client, "magnesium-deficiency", expand="lifestyle_tips,treatments,examples"
    )

    assert {"lifestyle_tips", "treatments", "examples"}.isdisjoint(plain)
    assert item["lifestyle_tips"] == []
    assert [treatment["slug"] for treatment in item["treatments"]] == ["magnesium-supplement"]
    assert item["examples"] == []
    medications = cause_item(api_client, "certain-medications", expand="examples")
    assert medications["examples"] == [
        {"name": "Corticosteroids", "kind": "drug"},
        {"name": "Diuretics", "kind": "drug"},
    ]


def test_expanded_symptoms_carry_their_descriptions(api_client):
    item = api_client.get(CAUSES, {"search": "ALS", "expand": "symptoms"}).json()["results"][0]

    assert list(item["symptoms"][0]) == [
        "slug",
        "name",
        "description",
        "red_flag",
        "updated_at",
        "kind",
        "strength",
    ]


def test_expand_evidence_adds_the_quotes_that_lists_leave_out(api_client):
    plain = api_client.get(CAUSES, {"search": "ALS"}).json()["results"][0]
    item = api_client.get(CAUSES, {"search": "ALS", "expand": "evidence"}).json()["results"][0]

    assert "evidence" not in plain
    assert item["evidence"] == [
        {"source": "what-causes-muscle-twitching", "quote": item["summary"], "locator": "item 9"},
        {
            "source": "what-causes-muscle-twitching",
            "quote": ALS_DECIDING_QUOTE,
            "locator": "item 9",
        },
    ]


def test_expand_on_advice_embeds_conditions_and_whole_causes(api_client):
    for_condition = api_client.get(
        "/api/v1/treatments/", {"condition": "muscle-twitching", "expand": "conditions,causes"}
    ).json()["results"][0]
    item = api_client.get(
        "/api/v1/treatments/", {"cause": "magnesium-deficiency", "expand": "conditions,causes"}
    ).json()["results"][0]

    assert for_condition["conditions"][0]["slug"] == "muscle-twitching"
    assert "disclaimer" in for_condition["conditions"][0]
    [cause] = item["causes"]
    assert cause["condition"] == "muscle-twitching"
    assert [symptom["slug"] for symptom in cause["symptoms"]] == ["muscle-cramps", "weakness"]


def test_fields_and_expand_together(api_client):
    item = api_client.get(
        CAUSES, {"search": "ALS", "fields": "slug,treatments", "expand": "treatments"}
    ).json()["results"][0]

    assert list(item) == ["slug", "treatments"]


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"fields": "slug,nope"}, "fields", "Unknown: nope. Choose from: slug, name"),
        ({"expand": "urgency"}, "expand", "Unknown: urgency"),
        ({"fields": "slug,treatments"}, "fields", "treatments: shown only with `expand`"),
        ({"fields": "slug", "expand": "condition"}, "expand", "condition: left out by `fields`"),
    ],
)
def test_unknown_or_inconsistent_names_are_a_400_naming_the_parameter(
    api_client, params, parameter, message
):
    errors = errors_by_name(api_client.get(CAUSES, params))

    assert message in errors[parameter][0]


def test_expand_where_there_is_nothing_to_expand_is_a_400(api_client):
    errors = errors_by_name(api_client.get("/api/v1/symptoms/weakness/", {"expand": "evidence"}))

    assert errors["expand"] == ["This endpoint has nothing to expand."]


def test_empty_values_mean_the_default_shape(api_client):
    default = api_client.get(CAUSES).json()

    assert api_client.get(CAUSES, {"fields": "", "expand": ["", ""]}).json() == default


@pytest.mark.parametrize("value", [",", "slug,,name", "slug,", " slug"])
def test_an_empty_or_spaced_name_is_a_400(api_client, value):
    errors = errors_by_name(api_client.get(CAUSES, {"fields": value}))

    assert errors["fields"]


def test_each_shape_is_built_once(db):
    shape = Shape(fields=("slug", "condition"), expand=("condition",))

    assert shaped_serializer(CauseSerializer, shape) is shaped_serializer(CauseSerializer, shape)
    assert shaped_serializer(CauseSerializer, Shape()) is CauseSerializer
    data = shaped_serializer(CauseSerializer, shape)(Cause.objects.for_list().get(slug="als")).data
    assert data["condition"]["name"] == "Muscle twitching"


def test_the_schema_documents_fields_and_expand_with_their_names(schema):
    parameters = {
        parameter["name"]: parameter for parameter in schema["paths"][CAUSES]["get"]["parameters"]
    }

    assert parameters["expand"]["schema"]["items"]["enum"] == [
        "condition",
        "symptoms",
        "examples",
        "lifestyle_tips",
        "treatments",
        "evidence",
    ]
    assert "treatments" in parameters["fields"]["schema"]["items"]["enum"]
    cause = schema["components"]["schemas"]["Cause"]
    assert "required" not in cause  # `fields` may leave any property out
    assert cause["properties"]["condition"]["anyOf"][1] == {
        "$ref": "#/components/schemas/Condition"
    }
    assert cause["properties"]["treatments"]["description"] == "Only with `expand=treatments`."
