"""The OpenAPI schema documents every operation, parameter and error; the docs work offline."""

import re

import pytest
from django.core.management import call_command

EXTERNAL_URL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_schema_validates_with_no_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_every_endpoint_is_documented(schema):
    assert sorted(schema["paths"]) == [
        "/api/v1/causes/",
        "/api/v1/causes/{slug}/",
        "/api/v1/conditions/",
        "/api/v1/conditions/{slug}/",
        "/api/v1/lifestyle-tips/",
        "/api/v1/lifestyle-tips/{slug}/",
        "/api/v1/symptoms/",
        "/api/v1/symptoms/{slug}/",
        "/api/v1/treatments/",
        "/api/v1/treatments/{slug}/",
    ]


def test_every_operation_has_a_summary_description_and_resource_tag(schema):
    for path, _, operation in operations(schema):
        assert operation.get("summary"), path
        assert operation.get("description"), path
        assert operation["tags"] == [path.split("/")[3]], path


def test_every_parameter_has_a_description(schema):
    for path, _, operation in operations(schema):
        for parameter in operation["parameters"]:
            assert parameter.get("description"), (path, parameter["name"])


def test_lists_document_400_and_404_and_details_404(schema):
    for path, _, operation in operations(schema):
        expected = {"200", "404"} if "{slug}" in path else {"200", "400", "404"}
        assert set(operation["responses"]) == expected, path


def test_choices_are_enums(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/causes/"]["get"]["parameters"]}
    components = schema["components"]["schemas"]

    assert parameters["category"]["schema"]["items"]["enum"] == sorted(
        [
            "lifestyle",
            "psychological",
            "nutritional",
            "side_effect",
            "neurological",
            "sleep",
            "autoimmune",
            "injury",
        ]
    )
    assert parameters["urgency"]["schema"]["items"]["enum"] == [
        "see_doctor",
        "see_doctor_promptly",
        "self_care",
    ]
    assert parameters["symptom_match"]["schema"]["enum"] == ["all", "any"]
    assert "-matched_symptoms" in parameters["ordering"]["schema"]["items"]["enum"]
    assert components["UrgencyEnum"]["enum"] == ["self_care", "see_doctor", "see_doctor_promptly"]
    assert set(components) >= {"CauseCategoryEnum", "TreatmentKindEnum", "ExampleKindEnum"}


def test_repeatable_filters_are_documented_as_arrays(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/causes/"]["get"]["parameters"]}

    assert parameters["symptom"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert parameters["symptom"]["explode"] is True
    assert parameters["page_size"]["schema"]["maximum"] == 100


def test_the_disclaimer_is_part_of_the_api_description(schema):
    assert "not medical advice" in schema["info"]["description"]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_nothing_from_other_origins(client, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert not EXTERNAL_URL.search(html), EXTERNAL_URL.search(html)
    assert "fonts.googleapis.com" not in html


def test_redoc_page_forbids_images_from_other_origins(client):
    policy = client.get("/api/redoc/")["Content-Security-Policy"]

    assert "img-src 'self' data:" in policy


def test_an_unknown_url_is_a_json_404(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
