"""
Editors write content through the API with a token; anonymous clients and users
without the model permission cannot, and an invalid write changes nothing.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts import tokens
from causes.models import Cause, Condition, LifestyleTip, Symptom, Treatment
from tests.utils import (
    ARTICLE,
    NEW_SYMPTOM,
    create_editor,
    drafted,
    errors_by_name,
    problem,
    publish,
    published,
    quote,
)

SUMMARY = (
    "Muscle twitching can be caused by stress, fatigue, dehydration, certain medical "
    "conditions, and a variety of other factors."
)
ITEM_1 = (
    "However, if your muscle twitching is accompanied by other symptoms such as weakness, "
    "numbness, or tingling, you should see a doctor to rule out any underlying medical "
    "conditions."
)
ITEM_4 = NEW_SYMPTOM["evidence"][0]["quote"]
# A cause that the article's summary names and the fixtures leave out.
NEW_CAUSE = {
    "slug": "medical-conditions",
    "name": "Certain medical conditions",
    "alternative_names": [],
    "lay_terms": [],
    "condition": "muscle-twitching",
    "position": 99,
    "category": None,
    "urgency": None,
    "codes": [],
    "summary": SUMMARY,
    "explanation": "",
    "advice": "",
    "symptoms": [
        {
            "symptom": slug,
            "kind": "see_doctor_with",
            "strength": "should",
            "evidence": quote(ITEM_1, "item 1"),
        }
        for slug in ("numbness", "weakness")
    ],
    "evidence": quote(SUMMARY, "summary"),
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
    _, secret = tokens.issue(user, "script")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
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


def test_editor_creates_a_cause_that_readers_see_once_a_reviewer_publishes_it(editor):
    draft = drafted(editor.post("/api/v1/causes/", NEW_CAUSE, format="json"))

    assert (draft["action"], draft["resource"], draft["slug"]) == (
        "create",
        "causes",
        "medical-conditions",
    )
    assert draft["result"] == NEW_CAUSE
    assert APIClient().get("/api/v1/causes/medical-conditions/").status_code == 404
    publish(draft["change_set"])
    detail = APIClient().get("/api/v1/causes/medical-conditions/").json()
    assert detail["condition"]["slug"] == "muscle-twitching"
    assert [symptom["slug"] for symptom in detail["symptoms"]] == ["numbness", "weakness"]
    assert detail["symptoms"][0]["evidence"] == quote(ITEM_1, "item 1")
    assert detail["evidence"] == quote(SUMMARY, "summary")


def test_editor_replaces_changes_and_deletes_a_symptom(editor):
    published(editor.post("/api/v1/symptoms/", NEW_SYMPTOM, format="json"))
    url = "/api/v1/symptoms/involuntary-contraction/"

    name = "Muscles contract involuntarily"
    replaced = editor.put(url, {**NEW_SYMPTOM, "name": name}, format="json")
    changed = editor.patch(url, {"description": "From item 4."}, format="json")

    assert drafted(replaced)["action"] == "replace"
    assert drafted(changed)["result"] == {
        **NEW_SYMPTOM,
        "name": name,
        "description": "From item 4.",
    }
    publish(drafted(changed)["change_set"])
    assert Symptom.objects.get(slug="involuntary-contraction").description == "From item 4."
    published(editor.delete(url))
    assert not Symptom.objects.filter(slug="involuntary-contraction").exists()


def test_drafts_of_one_change_set_build_on_each_other(editor):
    """A new symptom, and a cause that names it, go live together."""
    symptom = drafted(editor.post("/api/v1/symptoms/", NEW_SYMPTOM, format="json"))
    link = {
        "symptom": "involuntary-contraction",
        "kind": "produces",
        "evidence": quote(
            "Anxiety can cause a variety of physical symptoms, including muscle twitching. "
            "When you are anxious, your body releases stress hormones that can cause your "
            "muscles to contract involuntarily.",
            "item 4",
        ),
    }
    anxiety = editor.patch("/api/v1/causes/anxiety/", {"symptoms": [link]}, format="json")

    assert drafted(anxiety)["change_set"] == symptom["change_set"]
    assert not Symptom.objects.filter(slug="involuntary-contraction").exists()
    publish(symptom["change_set"])
    assert [s.slug for s in Cause.objects.get(slug="anxiety").symptoms.all()] == [
        "involuntary-contraction"
    ]


def test_a_red_flag_is_not_written_but_follows_the_warning_signs(editor):
    signs = APIClient().get("/api/v1/conditions/muscle-twitching/").json()["warning_signs"]
    kept = [
        {key: sign[key] for key in ("strength", "evidence")} | {"symptom": sign["slug"]}
        for sign in signs
        if sign["slug"] != "tingling"
    ]

    response = editor.patch(
        "/api/v1/conditions/muscle-twitching/", {"warning_signs": kept}, format="json"
    )

    assert {sign["symptom"] for sign in published(response)["result"]["warning_signs"]} == {
        sign["symptom"] for sign in kept
    }
    assert APIClient().get("/api/v1/symptoms/tingling/").json()["red_flag"] is False
    assert APIClient().get("/api/v1/symptoms/numbness/").json()["red_flag"] is True


def test_a_symptom_that_a_cause_calls_important_stays_a_warning_sign(editor):
    response = editor.patch(
        "/api/v1/conditions/muscle-twitching/", {"warning_signs": []}, format="json"
    )

    assert "Difficulty speaking, Difficulty swallowing, Weakness" in " ".join(
        errors_by_name(response)["warning_signs"]
    )
    assert Condition.objects.get(slug="muscle-twitching").warning_signs.count() == 5


def test_editor_changes_a_condition_and_its_sources(editor):
    response = editor.patch(
        "/api/v1/conditions/muscle-twitching/",
        {"sources": [ARTICLE], "alternative_names": []},
        format="json",
    )

    assert drafted(response)["result"]["sources"] == [ARTICLE]


def test_editor_links_tips_and_treatments_with_quotes(editor):
    tip = editor.patch(
        "/api/v1/lifestyle-tips/increase-water-intake/", {"causes": []}, format="json"
    )
    item_17 = (
        "If you are taking antibiotics and experiencing muscle twitching, it may be worth "
        "talking to your doctor about switching to a different medication."
    )
    treatment = editor.patch(
        "/api/v1/treatments/switch-medication/",
        {"causes": [{"cause": "certain-antibiotics", "evidence": quote(item_17, "item 17")}]},
        format="json",
    )

    assert drafted(tip)["change_set"] == drafted(treatment)["change_set"]
    publish(drafted(tip)["change_set"])
    assert not LifestyleTip.objects.get(slug="increase-water-intake").causes.exists()
    switch = Treatment.objects.get(slug="switch-medication")
    assert switch.causes.get().slug == "certain-antibiotics"


def test_a_link_whose_quote_does_not_name_both_ends_is_a_400(editor):
    item_17 = (
        "If you are taking antibiotics and experiencing muscle twitching, it may be worth "
        "talking to your doctor about switching to a different medication."
    )

    response = editor.patch(
        "/api/v1/treatments/adjust-medication-dosage/",
        {"causes": [{"cause": "certain-antibiotics", "evidence": quote(item_17, "item 17")}]},
        format="json",
    )

    [message] = errors_by_name(response)["causes.0.evidence"]
    assert "does not mention 'Adjusting your dosage'" in message
    assert (
        not Treatment.objects.get(slug="adjust-medication-dosage")
        .causes.filter(slug="certain-antibiotics")
        .exists()
    )


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({**NEW_CAUSE, "evidence": []}, "evidence", "This list may not be empty"),
        (
            {**NEW_CAUSE, "evidence": quote("Twitching is caused by moonlight.", "item 4")},
            "evidence.0.quote",
            "Not found in the source 'what-causes-muscle-twitching': “Twitching is caused by",
        ),
        (
            {**NEW_CAUSE, "evidence": [{**quote(SUMMARY, "summary")[0], "source": "a-blog"}]},
            "evidence.0.source",
            "No source has the slug 'a-blog'",
        ),
        (
            {**NEW_CAUSE, "evidence": quote(ITEM_4, "item 4")},
            "evidence",
            "does not mention 'Certain medical conditions'",
        ),
        (
            {**NEW_CAUSE, "summary": "Medical conditions are the main cause."},
            "summary",
            "is in none of the quotes",
        ),
        ({**NEW_CAUSE, "urgency": "see_doctor"}, "urgency", "do not mention a doctor"),
        (
            {**NEW_CAUSE, "category": "psychological"},
            "category",
            "'psychological' is not decided by the quotes: none says “psychological” or",
        ),
        (
            {**NEW_CAUSE, "symptoms": [{**NEW_CAUSE["symptoms"][0], "kind": "produces"}]},
            "symptoms.0.kind",
            "'produces' is not decided by the quotes: none says “can cause”",
        ),
        ({**NEW_CAUSE, "alternative_names": ["Illness"]}, "alternative_names", "in none of"),
        (
            {**NEW_CAUSE, "symptoms": [{**NEW_CAUSE["symptoms"][0], "strength": "may_be_worth"}]},
            "symptoms.0.strength",
            "None of the quotes says “it may be worth”",
        ),
        (
            {**NEW_CAUSE, "symptoms": [{**NEW_CAUSE["symptoms"][0], "symptom": "tingling"}] * 2},
            "symptoms.1.symptom",
            "'tingling' is given more than once",
        ),
    ],
)
def test_a_claim_without_support_in_its_source_is_a_400_naming_the_field(
    editor, body, field, message
):
    response = editor.post("/api/v1/causes/", body, format="json")

    errors = errors_by_name(response)
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Cause.objects.filter(slug="medical-conditions").exists()


def test_a_treatment_kind_that_no_quote_decides_is_a_400_naming_the_kind(editor):
    # Item 10 offers a sleep study "to rule out a sleep disorder": it checks, it does not treat.
    response = editor.patch(
        "/api/v1/treatments/sleep-study/", {"kind": "medication"}, format="json"
    )

    [message] = errors_by_name(response)["kind"]
    assert "'medication' is not decided by the quotes: none says “medication”" in message
    assert Treatment.objects.get(slug="sleep-study").kind == "test"


def test_renaming_an_object_checks_the_quotes_of_its_links(editor):
    response = editor.patch(
        "/api/v1/symptoms/numbness/", {"name": "Pins and needles"}, format="json"
    )

    errors = errors_by_name(response)
    assert "name" in errors or "evidence" in errors
    assert Symptom.objects.get(slug="numbness").name == "Numbness"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({**NEW_CAUSE, "slug": "anxiety"}, "slug", "already exists"),
        ({**NEW_CAUSE, "slug": "not a slug"}, "slug", 'Enter a valid "slug"'),
        ({**NEW_CAUSE, "category": "cosmic"}, "category", "not a valid choice"),
        ({**NEW_CAUSE, "urgency": ""}, "urgency", "not a valid choice"),
        ({**NEW_CAUSE, "condition": "gout"}, "condition", "does not exist"),
        (
            {**NEW_CAUSE, "symptoms": [{**NEW_CAUSE["symptoms"][0], "symptom": "gremlins"}]},
            "symptoms.0.symptom",
            "No symptom has the slug 'gremlins'",
        ),
        ({**NEW_CAUSE, "name": "x" * 201}, "name", "no more than 200 characters"),
        ({**NEW_CAUSE, "position": -1}, "position", "greater than or equal to 0"),
        ({**NEW_CAUSE, "position": 4}, "non_field_errors", "must make a unique set"),
        ({**NEW_CAUSE, "symptoms": "fatigue"}, "symptoms", "Expected a list"),
        ({key: NEW_CAUSE[key] for key in ("slug", "name")}, "summary", "This field is required"),
        ({key: NEW_CAUSE[key] for key in ("slug", "name")}, "evidence", "This field is required"),
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
        "/api/v1/conditions/muscle-twitching/",
        {"evidence": [{"source": ARTICLE, "quote": 5, "locator": "item 1"}]},
        format="json",
    )

    assert "evidence.0.quote" in errors_by_name(response)


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
    published(editor.delete("/api/v1/causes/certain-medications/"))

    assert not Cause.objects.filter(slug="certain-medications").exists()
    assert "Corticosteroids" not in json.dumps(APIClient().get("/api/v1/causes/").json())


def test_create_editor_finds_an_existing_editor_and_adds_a_token(db):
    assert create_editor("alice") != create_editor("alice")
    alice = get_user_model().objects.get(username="alice")
    assert alice.auth_token_set.count() == 2
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
        ("/api/v1/symptoms/", {**NEW_SYMPTOM, "alternative_names": "Cramps"}, "alternative_names"),
        ("/api/v1/symptoms/", {**NEW_SYMPTOM, "name": 5}, "name"),
        ("/api/v1/symptoms/", {**NEW_SYMPTOM, "slug": 7}, "slug"),
        ("/api/v1/symptoms/", {**NEW_SYMPTOM, "evidence": {"quote": "x"}}, "evidence"),
        ("/api/v1/causes/", {**NEW_CAUSE, "position": "5"}, "position"),
        ("/api/v1/causes/", {**NEW_CAUSE, "position": 5.0}, "position"),
        ("/api/v1/causes/", {**NEW_CAUSE, "symptoms": {"weakness": 1}}, "symptoms"),
        ("/api/v1/causes/", {**NEW_CAUSE, "symptoms": [5]}, "symptoms.0"),
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
        (
            {**NEW_CAUSE, "symptoms": [{**NEW_CAUSE["symptoms"][0], "symptom": "weak\x00ness"}]},
            "symptoms.0.symptom",
        ),
        ({**NEW_CAUSE, "condition": "muscle-\x00twitching"}, "condition"),
        ({**NEW_CAUSE, "name": "A\x00B"}, "name"),
    ],
)
def test_a_nul_character_in_a_body_is_a_400(editor, body, field):
    """Found by schemathesis on PostgreSQL, which refuses NUL in text: it was a 500."""
    response = editor.post("/api/v1/causes/", body, format="json")

    assert field in errors_by_name(response)


def test_writing_many_links_costs_no_more_queries_than_writing_one(
    editor, django_assert_max_num_queries
):
    """Each link of item 1 (three symptoms and a cause named in one quote) in one write."""
    item_1 = quote(ITEM_1, "item 1")
    links = [
        {"symptom": slug, "kind": "see_doctor_with", "strength": "should", "evidence": item_1}
        for slug in ("numbness", "tingling", "weakness")
    ]
    # Each in a change set of its own: drafting replays the change set's earlier drafts.
    first, second = (
        editor.post("/api/v1/change-sets/", {"title": title}, format="json").json()["id"]
        for title in ("one", "three")
    )
    with CaptureQueriesContext(connection) as one:
        body = {**NEW_CAUSE, "symptoms": links[:1]}
        drafted(editor.post(f"/api/v1/causes/?change_set={first}", body, format="json"))

    with django_assert_max_num_queries(len(one)):
        body = {**NEW_CAUSE, "symptoms": links}
        response = editor.post(f"/api/v1/causes/?change_set={second}", body, format="json")

    assert len(drafted(response)["result"]["symptoms"]) == 3


def test_more_than_a_thousand_links_is_a_400(editor):
    link = NEW_CAUSE["symptoms"][0]

    response = editor.patch("/api/v1/causes/anxiety/", {"symptoms": [link] * 1001}, format="json")

    assert errors_by_name(response) == {
        "symptoms": ["Ensure this field has no more than 1000 elements."]
    }


def test_a_symptom_cannot_take_the_slug_of_the_symptom_lists_own_page(editor):
    # /api/v1/symptoms/suggest/ is the typeahead: a symptom there could not be reached.
    response = editor.post("/api/v1/symptoms/", {**NEW_SYMPTOM, "slug": "suggest"}, format="json")
    assert any("is reserved" in detail for detail in errors_by_name(response)["slug"])
