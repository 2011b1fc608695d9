"""The OpenAPI schema documents every operation, parameter and error; the docs work offline."""

import inspect
import json
import re

import pytest
from django.core.management import call_command

from causes import serializers
from causes.caching import ConditionalReadMixin
from causes.views import ContentViewSet
from tests.utils import problem

EXTERNAL_URL = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


def operations(schema: dict):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_schema_validates_with_no_warnings(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )


def test_every_endpoint_is_documented(schema):
    content = ["causes", "conditions", "lifestyle-tips", "symptoms", "treatments"]
    assert sorted(schema["paths"]) == sorted(
        [
            *(
                f"/api/v1/{resource}/{path}"
                for resource in content
                for path in ("", "{slug}/", "{slug}/history/", "{slug}/restore/")
            ),
            "/api/v1/sources/",
            "/api/v1/sources/{slug}/",
            "/api/v1/change-sets/",
            "/api/v1/change-sets/{id}/",
            "/api/v1/change-sets/{id}/publish/",
            "/api/v1/changes/",
            "/api/v1/recognize/",
            "/api/v1/infobutton/",
            "/api/v1/symptoms/suggest/",
            "/api/v1/auth/tokens/",
            "/api/v1/auth/tokens/{prefix}/",
            "/api/v1/auth/tokens/revoke-all/",
            "/healthz",
            "/healthz/ready",
        ]
    )


def test_every_operation_has_a_summary_description_and_resource_tag(schema):
    for path, _, operation in operations(schema):
        assert operation.get("summary"), path
        assert operation.get("description"), path
        resource = path.split("/")[3] if path.startswith("/api/v1/") else "health"
        assert operation["tags"] == [resource], path


def test_every_parameter_has_a_description(schema):
    for path, _, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])


SERVER = {"500", "503"}
# 429 wherever a token is taken: too many failed tokens from the client's address.
EXPECTED_STATUSES = {
    # Reads: 400 a bad parameter, 401 a bad token, 403 a preview by a non-editor.
    ("list", "get"): {"200", "304", "400", "401", "403", "404", "406", "429", *SERVER},
    ("detail", "get"): {"200", "304", "400", "401", "403", "404", "406", "429", *SERVER},
    # Drafts: 202; 404 a change set or object that does not exist, 412 a stale If-Match.
    ("list", "post"): {"202", "400", "401", "403", "404", "406", "415", "429", *SERVER},
    ("detail", "put"): {"202", "400", "401", "403", "404", "406", "412", "415", "429", *SERVER},
    ("detail", "patch"): {"202", "400", "401", "403", "404", "406", "412", "415", "429", *SERVER},
    ("detail", "delete"): {"202", "400", "401", "403", "404", "406", "409", "412", "429", *SERVER},
    ("history", "get"): {"200", "401", "403", "404", "406", "429", *SERVER},
    ("restore", "post"): {"202", "400", "401", "403", "404", "406", "409", "415", "429", *SERVER},
    ("change-sets", "get"): {"200", "400", "401", "403", "404", "406", "429", *SERVER},
    ("change-sets", "post"): {"201", "400", "401", "403", "406", "415", "429", *SERVER},
    ("change-set", "get"): {"200", "401", "403", "404", "406", "429", *SERVER},
    ("change-set", "delete"): {"204", "401", "403", "404", "406", "409", "429", *SERVER},
    ("publish", "post"): {"200", "400", "401", "403", "404", "406", "409", "415", "429", *SERVER},
    ("changes", "get"): {"200", "304", "400", "406", "429", *SERVER},
    # Free text: 400 a missing, empty or too long `text` or `q`.
    ("recognize", "get"): {"200", "304", "400", "401", "406", "429", *SERVER},
    ("suggest", "get"): {"200", "304", "400", "401", "406", "429", *SERVER},
    # The form of the answer is a parameter's, never a 406: a bad one is a 400.
    ("infobutton", "get"): {"200", "304", "400", "401", "429", *SERVER},
    # An editor's tokens.
    ("tokens", "get"): {"200", "400", "401", "403", "404", "406", "429", *SERVER},
    ("tokens", "post"): {"201", "400", "401", "403", "406", "415", "429", *SERVER},
    ("token", "delete"): {"204", "401", "403", "404", "406", "429", *SERVER},
    ("revoke-all", "post"): {"204", "401", "403", "406", "429", *SERVER},
}


def kind_of(path: str) -> str:
    for ending in (
        "history",
        "restore",
        "publish",
        "revoke-all",
        "suggest",
        "recognize",
        "infobutton",
    ):
        if path.endswith(f"/{ending}/"):
            return ending
    if path.startswith("/api/v1/change-sets/"):
        return "change-set" if "{id}" in path else "change-sets"
    if path == "/api/v1/changes/":
        return "changes"
    if path.startswith("/api/v1/auth/tokens/"):
        return "token" if "{prefix}" in path else "tokens"
    return "detail" if "{slug}" in path else "list"


def test_every_operation_documents_each_status_it_can_answer(schema):
    for path, method, operation in operations(schema):
        if not path.startswith("/api/v1/"):
            continue
        expected = EXPECTED_STATUSES[kind_of(path), method]
        assert set(operation["responses"]) == expected, (path, method)


def test_every_error_response_is_documented_as_problem_details(schema):
    for path, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                assert response["description"], (path, method, status)
                assert response["content"] == {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                }, (path, method, status)
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "code",
        "request_id",
    }
    assert "errors" in problem["properties"]


def test_reads_of_content_need_no_credentials_and_the_rest_does(schema):
    for path, method, operation in operations(schema):
        anonymous = {} in operation["security"]
        editorial = kind_of(path) in (
            "history",
            "change-sets",
            "change-set",
            "tokens",
            "token",
            "revoke-all",
        )
        assert anonymous == (method == "get" and not editorial), (path, method)


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
        "seek_treatment",
        "self_care",
    ]
    assert parameters["symptom_match"]["schema"]["enum"] == ["all", "any"]
    assert "-matched_symptoms" in parameters["ordering"]["schema"]["items"]["enum"]
    assert components["UrgencyEnum"]["enum"] == [
        "self_care",
        "seek_treatment",
        "see_doctor",
        "see_doctor_promptly",
    ]
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
    assert problem(response) == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found.",
        "instance": "/no/such/page/",
        "code": "not_found",
        "request_id": response["X-Request-ID"],
    }


@pytest.mark.parametrize(
    "base",
    [
        serializers.PlannedRepresentationMixin,
        serializers.ReadSerializer,
        serializers.StrictModelSerializer,
        serializers.AdviceSerializer,
        serializers.AdviceWriteSerializer,
        ConditionalReadMixin,
        ContentViewSet,
    ],
)
def test_the_schema_shows_no_base_class_docstring(api_client, base):
    """They explain the implementation; the schema is for the API's readers."""
    schema = api_client.get("/api/schema/", {"format": "json"}).content.decode()
    first_line = inspect.cleandoc(base.__doc__).splitlines()[0] if base.__doc__ else None

    assert first_line is None or json.dumps(first_line)[1:-1] not in schema
