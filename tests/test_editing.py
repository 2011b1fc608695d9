"""
Editors write content through the API with a token; anonymous clients and users
without the model permission cannot, and an invalid write changes nothing.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from causes.models import Cause, Condition, LifestyleTip, Symptom, Treatment
from tests.utils import create_editor, errors_by_name, problem

NEW_SYMPTOM = {"slug": "tremor", "name": "Tremor", "description": "", "red_flag": False}
NEW_CAUSE = {
    "slug": "new-cause",
    "name": "New cause",
    "condition": "muscle-twitching",
    "position": 99,
    "category": "lifestyle",
    "urgency": "self_care",
    "summary": "A summary.",
    "symptoms": ["fatigue", "weakness"],
}
WRITES = [
    ("post", "/api/v1/causes/"),
    ("put", "/api/v1/causes/anxiety/"),
    ("patch", "/api/v1/causes/anxiety/"),
    ("delete", "/api/v1/causes/anxiety/"),
]


@pytest.fixture
def editor(api_client) -> APIClient:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor('editor')}")
    return api_client


@pytest.fixture
def user_without_permissions(api_client) -> APIClient:
    user = get_user_model().objects.create_user("reader")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_anonymous_writes_are_a_401_naming_the_token_scheme(api_client, method, url):
    response = getattr(api_client, method)(url, {"name": "Changed"}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert problem(response)["code"] == "not_authenticated"
    assert Cause.objects.get(slug="anxiety").name == "Anxiety"


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_writes_without_the_model_permission_are_a_403(user_without_permissions, method, url):
    response = getattr(user_without_permissions, method)(url, {"name": "Changed"}, format="json")

    assert response.status_code == 403
    assert problem(response)["code"] == "permission_denied"
    assert Cause.objects.get(slug="anxiety").name == "Anxiety"


def test_a_user_without_permissions_still_reads(user_without_permissions):
    assert user_without_permissions.get("/api/v1/causes/").status_code == 200


def test_an_invalid_token_is_a_401_even_on_reads(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    response = api_client.get("/api/v1/causes/")

    assert response.status_code == 401
    assert problem(response)["code"] == "authentication_failed"


def test_editor_creates_a_cause_that_readers_then_see(editor):
    response = editor.post("/api/v1/causes/", NEW_CAUSE, format="json")

    assert response.status_code == 201
    assert response.json() == {**NEW_CAUSE, "also_known_as": "", "explanation": "", "advice": ""}
    detail = APIClient().get("/api/v1/causes/new-cause/").json()
    assert detail["condition"]["slug"] == "muscle-twitching"
    assert [symptom["slug"] for symptom in detail["symptoms"]] == ["fatigue", "weakness"]


def test_editor_replaces_changes_and_deletes_a_symptom(editor):
    assert editor.post("/api/v1/symptoms/", NEW_SYMPTOM, format="json").status_code == 201

    replaced = editor.put(
        "/api/v1/symptoms/tremor/", {**NEW_SYMPTOM, "name": "Shaking"}, format="json"
    )
    changed = editor.patch("/api/v1/symptoms/tremor/", {"red_flag": True}, format="json")
    deleted = editor.delete("/api/v1/symptoms/tremor/")

    assert replaced.status_code == 200
    assert changed.json() == {**NEW_SYMPTOM, "name": "Shaking", "red_flag": True}
    assert deleted.status_code == 204
    assert not Symptom.objects.filter(slug="tremor").exists()


def test_editor_changes_a_condition_and_its_source_metadata(editor):
    response = editor.patch(
        "/api/v1/conditions/muscle-twitching/",
        {"source": {"reading_minutes": 6}, "warning_signs": ["weakness"]},
        format="json",
    )

    assert response.status_code == 200
    condition = Condition.objects.get(slug="muscle-twitching")
    assert condition.source_reading_minutes == 6
    assert condition.source_author == "Jane Smith"
    assert [symptom.slug for symptom in condition.warning_signs.all()] == ["weakness"]


def test_editor_links_tips_and_treatments_by_slug(editor):
    tip = editor.patch("/api/v1/lifestyle-tips/stay-hydrated/", {"causes": []}, format="json")
    treatment = editor.post(
        "/api/v1/treatments/",
        {
            "slug": "rest",
            "name": "Rest",
            "kind": "therapy",
            "description": "Rest.",
            "position": 50,
            "causes": ["fatigue"],
            "conditions": ["muscle-twitching"],
        },
        format="json",
    )

    assert tip.status_code == 200
    assert not LifestyleTip.objects.get(slug="stay-hydrated").causes.exists()
    assert treatment.status_code == 201
    assert Treatment.objects.get(slug="rest").causes.get().slug == "fatigue"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({**NEW_CAUSE, "slug": "anxiety"}, "slug", "already exists"),
        ({**NEW_CAUSE, "slug": "not a slug"}, "slug", 'Enter a valid "slug"'),
        ({**NEW_CAUSE, "category": "cosmic"}, "category", "not a valid choice"),
        ({**NEW_CAUSE, "urgency": None}, "urgency", "may not be null"),
        ({**NEW_CAUSE, "condition": "gout"}, "condition", "does not exist"),
        ({**NEW_CAUSE, "symptoms": ["fatigue", "gremlins"]}, "symptoms", "does not exist"),
        ({**NEW_CAUSE, "name": "x" * 201}, "name", "no more than 200 characters"),
        ({**NEW_CAUSE, "position": -1}, "position", "greater than or equal to 0"),
        ({**NEW_CAUSE, "position": 4}, "non_field_errors", "must make a unique set"),
        ({**NEW_CAUSE, "symptoms": "fatigue"}, "symptoms", "Expected a list"),
        ({key: NEW_CAUSE[key] for key in ("slug", "name")}, "summary", "This field is required"),
    ],
)
def test_an_invalid_write_is_a_400_naming_the_field_and_changes_nothing(
    editor, body, field, message
):
    causes_before = Cause.objects.count()

    response = editor.post("/api/v1/causes/", body, format="json")

    errors = errors_by_name(response)
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Cause.objects.count() == causes_before


def test_every_bad_field_is_named_at_once(editor):
    response = editor.post("/api/v1/causes/", {"slug": "anxiety", "category": "x"}, format="json")

    assert {"slug", "category", "name", "condition", "summary"} <= set(errors_by_name(response))


def test_a_bad_nested_field_is_named_by_its_path(editor):
    response = editor.patch(
        "/api/v1/conditions/muscle-twitching/", {"source": {"tags": ["ok", 5 * [1]]}}, format="json"
    )

    assert "source.tags.1" in errors_by_name(response)


def test_malformed_json_is_a_400_parse_error(editor):
    response = editor.generic(
        "POST", "/api/v1/causes/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert problem(response)["code"] == "parse_error"


def test_a_body_that_is_not_json_is_a_415(editor):
    response = editor.post("/api/v1/causes/", {"name": "x"})  # multipart form data

    assert response.status_code == 415
    assert problem(response)["code"] == "unsupported_media_type"


def test_deleting_a_condition_that_has_causes_is_a_409_and_deletes_nothing(editor):
    response = editor.delete("/api/v1/conditions/muscle-twitching/")

    assert response.status_code == 409
    assert problem(response)["code"] == "conflict"
    assert Condition.objects.filter(slug="muscle-twitching").exists()
    assert Cause.objects.count() == 17


def test_deleting_a_cause_deletes_its_examples(editor):
    assert editor.delete("/api/v1/causes/certain-medications/").status_code == 204

    assert not Cause.objects.filter(slug="certain-medications").exists()
    assert "Corticosteroids" not in json.dumps(APIClient().get("/api/v1/causes/").json())


def test_create_editor_finds_an_existing_editor_and_keeps_its_token(db):
    assert create_editor("alice") == create_editor("alice")
    alice = get_user_model().objects.get(username="alice")
    assert alice.is_staff
    assert not alice.has_usable_password()
    assert alice.has_perms(["causes.add_cause", "causes.change_symptom", "causes.delete_example"])


def test_a_tip_must_apply_to_a_condition(editor):
    response = editor.patch(
        "/api/v1/lifestyle-tips/stay-hydrated/", {"conditions": []}, format="json"
    )

    assert "conditions" in errors_by_name(response)


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/symptoms/", {**NEW_SYMPTOM, "red_flag": "true"}, "red_flag"),
        ("/api/v1/symptoms/", {**NEW_SYMPTOM, "name": 5}, "name"),
        ("/api/v1/symptoms/", {**NEW_SYMPTOM, "slug": 7}, "slug"),
        ("/api/v1/causes/", {**NEW_CAUSE, "position": "5"}, "position"),
        ("/api/v1/causes/", {**NEW_CAUSE, "position": 5.0}, "position"),
        ("/api/v1/causes/", {**NEW_CAUSE, "symptoms": {"weakness": 1}}, "symptoms"),
        ("/api/v1/causes/", {**NEW_CAUSE, "symptoms": [5]}, "symptoms"),
        ("/api/v1/causes/", {**NEW_CAUSE, "condition": ["muscle-twitching"]}, "condition"),
    ],
)
def test_a_value_of_the_wrong_json_type_is_a_400_not_coerced(editor, url, body, field):
    """Found by schemathesis: DRF would turn 5 into "5" and take {} as an empty list."""
    response = editor.post(url, body, format="json")

    assert field in errors_by_name(response)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_CAUSE, "symptoms": ["weak\x00ness"]}, "symptoms"),
        ({**NEW_CAUSE, "condition": "muscle-\x00twitching"}, "condition"),
        ({**NEW_CAUSE, "name": "A\x00B"}, "name"),
    ],
)
def test_a_nul_character_in_a_body_is_a_400(editor, body, field):
    """Found by schemathesis on PostgreSQL, which refuses NUL in text: it was a 500."""
    response = editor.post("/api/v1/causes/", body, format="json")

    assert field in errors_by_name(response)


def test_linking_many_slugs_costs_no_more_queries_than_linking_one(
    editor, django_assert_max_num_queries
):
    all_symptoms = list(Symptom.objects.values_list("slug", flat=True))
    url = "/api/v1/causes/anxiety/"
    with CaptureQueriesContext(connection) as one:
        assert editor.patch(url, {"symptoms": all_symptoms[:1]}, format="json").status_code == 200

    with django_assert_max_num_queries(len(one)):
        response = editor.patch(url, {"symptoms": all_symptoms}, format="json")

    assert len(response.json()["symptoms"]) == 13


def test_more_than_a_thousand_slugs_is_a_400(editor):
    response = editor.patch(
        "/api/v1/causes/anxiety/", {"symptoms": ["fatigue"] * 1001}, format="json"
    )

    assert errors_by_name(response) == {"symptoms": ["Give at most 1000 slugs."]}
