"""The symptoms endpoints: what a symptom picker is built from."""

import pytest

from tests.utils import errors_by_name, slugs

URL = "/api/v1/symptoms/"


def test_symptoms_are_listed_by_name(api_client):
    response = api_client.get(URL, {"page_size": 100})

    assert response.status_code == 200
    assert response.json()["count"] == 13
    assert slugs(response)[:3] == [
        "difficulty-falling-asleep",
        "difficulty-speaking",
        "difficulty-swallowing",
    ]
    assert set(response.json()["results"][0]) == {
        "slug",
        "name",
        "alternative_names",
        "lay_terms",
        "description",
        "red_flag",
        "codes",
        "disclaimer",
        "updated_at",
    }


@pytest.mark.parametrize("value", ["true", "True", "1"])
def test_red_flag_true_lists_the_warning_signs(api_client, value):
    response = api_client.get(URL, {"red_flag": value})

    assert slugs(response) == [
        "difficulty-speaking",
        "difficulty-swallowing",
        "numbness",
        "tingling",
        "weakness",
    ]


def test_red_flag_false_lists_the_others(api_client):
    response = api_client.get(URL, {"red_flag": "false", "page_size": 100})

    assert len(slugs(response)) == 8
    assert "weakness" not in slugs(response)


def test_red_flag_that_is_not_a_boolean_is_a_400(api_client):
    response = api_client.get(URL, {"red_flag": "maybe"})

    assert errors_by_name(response) == {"red_flag": ["Must be true or false."]}


def test_cause_filter_lists_the_symptoms_of_a_cause(api_client):
    assert slugs(api_client.get(URL, {"cause": "als"})) == [
        "difficulty-speaking",
        "difficulty-swallowing",
        "weakness",
    ]


def test_repeated_cause_values_are_ored_without_duplicates(api_client):
    response = api_client.get(URL, {"cause": ["nerve-damage", "nerve-compression"]})

    assert slugs(response) == ["numbness", "pain", "weakness"]


def test_unknown_cause_is_a_400(api_client):
    response = api_client.get(URL, {"cause": "gremlins"})

    assert "gremlins" in errors_by_name(response)["cause"][0]


def test_symptom_search(api_client):
    assert slugs(api_client.get(URL, {"search": "heart"})) == ["rapid-heartbeat"]


def test_symptom_detail_lists_the_causes_it_comes_with(api_client):
    body = api_client.get(f"{URL}numbness/").json()

    assert body["red_flag"] is True
    assert [c["slug"] for c in body["causes"]] == ["nerve-damage", "nerve-compression"]


def test_tingling_comes_with_no_cause_but_is_a_warning_sign(api_client):
    body = api_client.get(f"{URL}tingling/").json()

    assert body["causes"] == []
    assert body["red_flag"] is True


def test_search_finds_a_symptom_by_the_other_words_its_source_uses(api_client):
    assert slugs(api_client.get(URL, {"search": "cramping"})) == ["muscle-cramps"]
