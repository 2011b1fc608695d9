"""The causes endpoints, as a frontend uses them."""

import pytest

from tests.utils import ALS_DECIDING_QUOTE, errors_by_name, problem, slugs

URL = "/api/v1/causes/"

ARTICLE_ORDER = [
    "anxiety",
    "certain-medications",
    "nerve-damage",
    "magnesium-deficiency",
    "caffeine-and-stimulants",
    "als",
    "sleep-disorders",
    "dehydration",
    "medical-treatments",
    "autoimmune-disorders",
    "parkinsons-medications",
    "nerve-compression",
    "electrolyte-imbalances",
    "certain-antibiotics",
    "spinal-cord-injuries",
    "stress",
    "fatigue",
]


def test_causes_are_listed_in_the_article_order(api_client):
    response = api_client.get(URL, {"page_size": 100})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(ARTICLE_ORDER)
    assert slugs(response) == ARTICLE_ORDER


IMPORTANT_TO_SEE_A_DOCTOR = {"kind": "see_doctor_with", "strength": "important"}


def test_list_item_shows_summary_fields_and_embedded_symptoms(api_client):
    item = api_client.get(URL, {"search": "ALS"}).json()["results"][0]

    assert item == {
        "slug": "als",
        "name": "ALS",
        "also_known_as": "Amyotrophic lateral sclerosis",
        "alternative_names": ["Amyotrophic lateral sclerosis"],
        "condition": "muscle-twitching",
        "category": "neurological",
        "urgency": "see_doctor_promptly",
        "codes": [
            {
                "system": "ICD-10-CM",
                "code": "G12.21",
                "display": "Amyotrophic lateral sclerosis",
                "billable": True,
                "basis_term": "Amyotrophic lateral sclerosis",
                "basis_note": None,
            }
        ],
        "summary": item["summary"],
        "symptoms": [
            {"slug": slug, "name": name, "red_flag": True, **IMPORTANT_TO_SEE_A_DOCTOR}
            for slug, name in [
                ("difficulty-speaking", "Difficulty speaking"),
                ("difficulty-swallowing", "Difficulty swallowing"),
                ("weakness", "Weakness"),
            ]
        ],
        "matched_symptoms": None,
        "text_match": None,
        "disclaimer": item["disclaimer"],
        "updated_at": item["updated_at"],
    }
    assert "not medical advice" in item["disclaimer"]
    assert "evidence" not in item


def test_a_listed_symptom_says_what_the_source_says_of_it_with_this_cause(api_client):
    """Weakness is a red flag, but magnesium deficiency only produces it (item 7)."""
    magnesium = api_client.get(URL, {"search": "magnesium"}).json()["results"][0]
    nerve_damage = api_client.get(URL, {"search": "nerve damage"}).json()["results"][0]

    weakness = {s["slug"]: s for s in magnesium["symptoms"]}["weakness"]
    assert weakness == {
        "slug": "weakness",
        "name": "Weakness",
        "red_flag": True,
        "kind": "produces",
        "strength": None,
    }
    assert {s["slug"]: s for s in nerve_damage["symptoms"]}["weakness"]["kind"] == "see_doctor_with"
    assert {s["slug"]: s for s in nerve_damage["symptoms"]}["weakness"][
        "strength"
    ] == "may_be_worth"


def test_symptom_filter_returns_the_causes_the_article_lists_with_weakness(api_client):
    response = api_client.get(URL, {"symptom": "weakness"})

    assert response.status_code == 200
    assert slugs(response) == [
        "nerve-damage",
        "magnesium-deficiency",
        "als",
        "electrolyte-imbalances",
    ]
    assert {item["matched_symptoms"] for item in response.json()["results"]} == {1}


def test_several_symptoms_match_any_and_rank_by_how_many_match(api_client):
    response = api_client.get(URL, {"symptom": ["weakness", "numbness"]})

    results = response.json()["results"]
    assert [(item["slug"], item["matched_symptoms"]) for item in results] == [
        ("nerve-damage", 2),
        ("magnesium-deficiency", 1),
        ("als", 1),
        ("nerve-compression", 1),
        ("electrolyte-imbalances", 1),
    ]


def test_symptom_match_all_requires_every_symptom(api_client):
    response = api_client.get(URL, {"symptom": ["weakness", "numbness"], "symptom_match": "all"})

    assert [(item["slug"], item["matched_symptoms"]) for item in response.json()["results"]] == [
        ("nerve-damage", 2)
    ]


def test_repeating_a_symptom_counts_it_once(api_client):
    response = api_client.get(URL, {"symptom": ["weakness", "weakness"], "symptom_match": "all"})

    assert len(slugs(response)) == 4
    assert {item["matched_symptoms"] for item in response.json()["results"]} == {1}


def test_ordering_overrides_the_ranking(api_client):
    response = api_client.get(URL, {"symptom": ["weakness", "numbness"], "ordering": "name"})

    assert slugs(response) == [
        "als",
        "electrolyte-imbalances",
        "magnesium-deficiency",
        "nerve-compression",
        "nerve-damage",
    ]


def test_ordering_by_matched_symptoms_ascending(api_client):
    response = api_client.get(
        URL, {"symptom": ["weakness", "numbness"], "ordering": "matched_symptoms,position"}
    )

    assert slugs(response)[-1] == "nerve-damage"


def test_ordering_by_matched_symptoms_without_symptoms_keeps_all_causes(api_client):
    response = api_client.get(URL, {"ordering": "-matched_symptoms", "page_size": 100})

    assert response.status_code == 200
    assert slugs(response) == ARTICLE_ORDER


def test_ordering_descending_by_name(api_client):
    response = api_client.get(URL, {"ordering": "-name", "page_size": 100})

    assert slugs(response)[:4] == [
        "stress",
        "spinal-cord-injuries",
        "sleep-disorders",
        "nerve-damage",
    ]
    assert slugs(response)[-1] == "als"


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("neurological", ["nerve-damage", "als", "nerve-compression"]),
        ("nutritional", ["magnesium-deficiency"]),
        (
            "side_effect",
            [
                "certain-medications",
                "caffeine-and-stimulants",
                "medical-treatments",
                "parkinsons-medications",
                "certain-antibiotics",
            ],
        ),
        ("injury", ["spinal-cord-injuries"]),
    ],
)
def test_category_filter(api_client, category, expected):
    assert slugs(api_client.get(URL, {"category": category})) == expected


def test_repeated_category_values_are_ored(api_client):
    response = api_client.get(URL, {"category": ["sleep", "autoimmune"]})

    assert slugs(response) == ["sleep-disorders", "autoimmune-disorders"]


def test_urgency_filter(api_client):
    assert slugs(api_client.get(URL, {"urgency": "see_doctor_promptly"})) == ["als"]
    assert slugs(api_client.get(URL, {"urgency": "self_care"})) == [
        "caffeine-and-stimulants",
        "dehydration",
    ]


def test_what_the_source_does_not_state_is_null(api_client):
    causes = {c["slug"]: c for c in api_client.get(URL, {"page_size": 100}).json()["results"]}

    assert causes["anxiety"]["category"] is None  # no words of item 4 say what kind
    assert causes["anxiety"]["urgency"] == "seek_treatment"  # "seek treatment", no doctor
    assert (causes["stress"]["category"], causes["stress"]["urgency"]) == (None, None)
    assert (causes["fatigue"]["category"], causes["fatigue"]["urgency"]) == (None, None)


def test_condition_filter(api_client):
    response = api_client.get(URL, {"condition": "muscle-twitching", "page_size": 100})

    assert slugs(response) == ARTICLE_ORDER


def test_search_looks_in_name_other_name_and_text(api_client):
    assert slugs(api_client.get(URL, {"search": "pinched"})) == ["nerve-compression"]
    assert slugs(api_client.get(URL, {"search": "amyotrophic"})) == ["als"]
    assert slugs(api_client.get(URL, {"search": "LEVODOPA"})) == ["parkinsons-medications"]


def test_filters_combine(api_client):
    response = api_client.get(URL, {"symptom": "weakness", "category": "nutritional"})

    assert slugs(response) == ["magnesium-deficiency"]


@pytest.mark.parametrize("ordering", ["name,,", ",", ",name", ""])
def test_empty_items_in_ordering_are_ignored(api_client, ordering):
    response = api_client.get(URL, {"ordering": ordering, "page_size": 100})

    assert response.status_code == 200
    expected = ARTICLE_ORDER if ordering.strip(",") == "" else sorted(ARTICLE_ORDER)
    assert slugs(response)[0] == expected[0]


def test_empty_filter_values_are_ignored(api_client):
    response = api_client.get(URL, {"symptom": "", "category": "", "search": " ", "page_size": 100})

    assert response.status_code == 200
    assert slugs(response) == ARTICLE_ORDER


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"symptom": "nonexistent"}, "symptom", "nonexistent is not one of the available choices"),
        ({"symptom": ["weakness", "nope"]}, "symptom", "nope is not one of the available"),
        ({"condition": "nonexistent"}, "condition", "not one of the available choices"),
        ({"category": "cosmic"}, "category", "cosmic is not one of the available choices"),
        ({"urgency": "soon"}, "urgency", "soon is not one of the available choices"),
        ({"symptom_match": "most"}, "symptom_match", "most is not one of the available"),
        ({"ordering": "slug"}, "ordering", "slug is not one of the available choices"),
        ({"search": "x" * 101}, "search", "at most 100 characters"),
        ({"symptom": "weak\x00ness"}, "symptom", "Null characters are not allowed"),
    ],
)
def test_bad_query_parameters_are_a_400_naming_the_parameter(
    api_client, params, parameter, message
):
    response = api_client.get(URL, params)

    errors = errors_by_name(response)
    assert list(errors) == [parameter]
    assert message in " ".join(errors[parameter])


def test_detail_embeds_condition_examples_symptoms_tips_and_treatments(api_client):
    response = api_client.get(f"{URL}certain-medications/")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "certain-medications"
    assert body["condition"]["slug"] == "muscle-twitching"
    assert "not medical advice" in body["condition"]["disclaimer"]
    assert [(e["name"], e["kind"]) for e in body["examples"]] == [
        ("Corticosteroids", "drug"),
        ("Diuretics", "drug"),
    ]
    assert body["examples"][0]["evidence"] == [
        {
            "source": "what-causes-muscle-twitching",
            "quote": "Some medications, such as corticosteroids and diuretics, can cause muscle "
            "twitching as a side effect.",
            "locator": "item 5",
        }
    ]
    assert body["explanation"].startswith("Some medications, such as corticosteroids")
    assert "adjusting your dosage" in body["advice"]
    assert [t["slug"] for t in body["treatments"]] == [
        "adjust-medication-dosage",
        "switch-medication",
    ]
    assert body["lifestyle_tips"] == []
    assert body["symptoms"] == []


def test_detail_of_a_cause_with_tips(api_client):
    body = api_client.get(f"{URL}dehydration/").json()

    assert [tip["slug"] for tip in body["lifestyle_tips"]] == ["increase-water-intake"]
    assert "increasing your water intake" in body["lifestyle_tips"][0]["evidence"][0]["quote"]
    assert body["urgency"] == "self_care"


def test_detail_shows_the_quotes_of_the_cause_and_of_each_link(api_client):
    body = api_client.get(f"{URL}als/").json()

    assert body["evidence"] == [
        {
            "source": "what-causes-muscle-twitching",
            "quote": body["summary"],
            "locator": "item 9",
        },
        {
            "source": "what-causes-muscle-twitching",
            "quote": ALS_DECIDING_QUOTE,
            "locator": "item 9",
        },
    ]
    for symptom in body["symptoms"]:
        assert symptom["kind"] == "see_doctor_with"
        assert symptom["strength"] == "important"
        [quote] = symptom["evidence"]
        assert "it is important to see a doctor to rule out ALS" in quote["quote"]


@pytest.mark.parametrize("slug", ["nonexistent", "als.json", "odd%20slug", "%E2%9C%93", "a" * 300])
def test_unknown_slug_is_a_json_404(api_client, slug):
    response = api_client.get(f"{URL}{slug}/")

    assert response.status_code == 404
    assert problem(response)["detail"] == "No Cause matches the given query."


def test_browsable_api_renders_html_with_filters(api_client):
    response = api_client.get(URL, {"symptom": "weakness"}, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Nerve damage" in response.content


def test_browsable_api_answers_bad_input_with_problem_details_not_html(api_client):
    response = api_client.get(URL, {"symptom": "nonexistent"}, HTTP_ACCEPT="text/html")

    assert list(errors_by_name(response)) == ["symptom"]


def test_search_ranks_name_matches_before_text_matches(api_client):
    found = slugs(api_client.get(URL, {"search": "nerve", "page_size": 100}))

    assert set(found[:2]) == {"nerve-damage", "nerve-compression"}
    assert len(found) > 2


def test_search_matches_the_start_of_a_word(api_client):
    assert slugs(api_client.get(URL, {"search": "caff"})) == ["caffeine-and-stimulants"]
    assert slugs(api_client.get(URL, {"search": "magnes defic"})) == ["magnesium-deficiency"]


def test_an_explicit_ordering_overrides_the_search_rank(api_client):
    found = slugs(api_client.get(URL, {"search": "nerve", "ordering": "-name"}))

    assert found == sorted(found, reverse=True)
