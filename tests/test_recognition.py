"""
Free text, as a frontend sends it: GET /api/v1/recognize/ (symptoms present and
absent, causes, red flags), GET /api/v1/symptoms/suggest/ (typeahead), and the cause
list ranked by `?text=`. The test set of phrasings (tests/recognition/phrasings.yaml)
pins what recognition finds in the way people write.
"""

from urllib.parse import urlencode

import pytest

from bench.recognition import found_and_expected, load_phrasings, score
from causes.models import Symptom
from causes.recognition.index import current_vocabulary
from causes.recognition.spelling import max_edits
from tests.utils import create_editor, drafted, errors_by_name, published, slugs

ISSUE_TEXT = "my eyelid keeps twitching after coffee and my fingers feel numb, but no weakness"
PHRASINGS = load_phrasings()


def recognize(client, text: str):
    return client.get(f"/api/v1/recognize/?{urlencode({'text': text})}")


def suggest(client, typed: str):
    return client.get(f"/api/v1/symptoms/suggest/?{urlencode({'q': typed})}")


def test_the_issue_sentence_is_recognised_with_offsets_into_the_text(api_client):
    response = recognize(api_client, ISSUE_TEXT)

    assert response.status_code == 200
    body = response.json()
    assert body["symptoms"] == [
        {
            "slug": "numbness",
            "name": "Numbness",
            "start": 59,
            "end": 63,
            "matched": "numb",
            "match": "lay_term",
            "present": True,
            "red_flag": True,
        },
        {
            "slug": "weakness",
            "name": "Weakness",
            "start": 72,
            "end": 80,
            "matched": "weakness",
            "match": "name",
            "present": False,
            "red_flag": True,
        },
    ]
    assert body["causes"] == [
        {
            "slug": "caffeine-and-stimulants",
            "name": "Caffeine and other stimulants",
            "start": 32,
            "end": 38,
            "matched": "coffee",
            "match": "lay_term",
        }
    ]
    # Weakness is a warning sign too, but the text says it is absent.
    assert body["red_flags"] == ["numbness"]
    assert "not medical advice" in body["disclaimer"]
    for found in body["symptoms"] + body["causes"]:
        assert ISSUE_TEXT[found["start"] : found["end"]] == found["matched"]


@pytest.mark.parametrize(
    "phrasing",
    [
        pytest.param(
            phrasing,
            id=phrasing["text"][:60],
            marks=[pytest.mark.xfail(strict=True, reason=phrasing["known_miss"])]
            if "known_miss" in phrasing
            else [],
        )
        for phrasing in PHRASINGS
    ],
)
def test_recognises_what_people_write(api_client, phrasing):
    response = recognize(api_client, phrasing["text"])

    assert response.status_code == 200
    body = response.json()
    symptoms = {(found["slug"], found["present"]) for found in body["symptoms"]}
    causes = {found["slug"] for found in body["causes"]}
    recognition = current_vocabulary().recognize(phrasing["text"])
    found, expected_symptoms, found_causes, expected_causes = found_and_expected(
        recognition, phrasing
    )
    assert (symptoms, causes) == (found, found_causes)  # the API says what recognition says
    assert symptoms == expected_symptoms
    assert causes == expected_causes


def test_the_test_set_is_large_and_its_precision_and_recall_reach_0_9(db):
    assert len(PHRASINGS) >= 80
    symptoms, causes = score(current_vocabulary().recognize, PHRASINGS)

    assert min(symptoms.precision, symptoms.recall) >= 0.9, symptoms
    assert min(causes.precision, causes.recall) >= 0.9, causes


@pytest.mark.parametrize(
    ("text", "present", "match"),
    [
        ("twitches and swallowing is hard", [], None),
        ("my hands are weak", ["weakness"], "lay_term"),
        ("weaknesses", ["weakness"], "name"),
        ("a muscle cramp at night", ["muscle-cramps"], "name"),
        ("tingly toes", ["tingling"], "lay_term"),
        ("numbess", ["numbness"], "fuzzy"),
        ("tingeling", ["tingling"], "fuzzy"),
        ("pins and needles", ["tingling"], "lay_term"),
        ("I can't fall asleep", ["difficulty-falling-asleep"], "lay_term"),
    ],
)
def test_inflections_lay_terms_and_misspellings_name_symptoms(api_client, text, present, match):
    symptoms = recognize(api_client, text).json()["symptoms"]

    assert [found["slug"] for found in symptoms if found["present"]] == present
    assert [found["match"] for found in symptoms] == ([match] if match else [])


@pytest.mark.parametrize("word", ["week", "tinkling", "tickling"])
def test_a_common_english_word_is_never_taken_for_a_misspelt_term(api_client, word):
    # "week" is one letter from "weak", "tinkling" from "tingling", "tickling" two.
    assert recognize(api_client, f"all {word} long").json()["symptoms"] == []


def test_the_misspelling_allowed_grows_with_the_word():
    assert [max_edits(length) for length in (3, 4, 5, 7, 8, 12)] == [0, 0, 1, 1, 2, 2]


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("I started levodopa", "parkinsons-medications"),
        ("after chemo", "medical-treatments"),
        ("I take Ciprofloxacin", "certain-antibiotics"),
        ("a pinched nerve", "nerve-compression"),
    ],
)
def test_a_cause_is_named_by_its_examples_other_names_and_lay_terms(api_client, text, cause):
    assert [found["slug"] for found in recognize(api_client, text).json()["causes"]] == [cause]


def test_a_cause_that_the_text_says_is_absent_is_not_named(api_client):
    body = recognize(api_client, "I don't drink coffee but I take cipro").json()

    assert [found["slug"] for found in body["causes"]] == ["certain-antibiotics"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "This field is required."),
        ({"text": ""}, "This field may not be blank."),
        ({"text": "a" * 501}, "Ensure this field has no more than 500 characters."),
        ({"text": "numb\x00ness"}, "Null characters are not allowed."),
    ],
)
def test_bad_text_is_a_400_naming_it(api_client, query, message):
    response = api_client.get(f"/api/v1/recognize/?{urlencode(query)}")

    assert errors_by_name(response) == {"text": [message]}


@pytest.mark.parametrize(
    ("query_string", "present"),
    [
        ("text=%21%3F%2E%2C%3B", []),  # only punctuation
        ("text=%20%20%20", []),  # only spaces
        # Not UTF-8: Django decodes it with replacement characters, which end a word.
        ("text=numb%FF%FEness", ["numbness"]),
        ("text=" + "weak+" * 100, ["weakness"]),  # 500 characters, one word repeated
        ("text=" + "a" * 500, []),
    ],
)
def test_odd_text_is_a_correct_answer_never_a_500(api_client, query_string, present):
    response = api_client.get(f"/api/v1/recognize/?{query_string}")

    assert response.status_code == 200
    assert [found["slug"] for found in response.json()["symptoms"]] == present


def test_recognition_is_cached_and_revalidated(api_client):
    first = recognize(api_client, ISSUE_TEXT)
    again = api_client.get(
        f"/api/v1/recognize/?{urlencode({'text': ISSUE_TEXT})}", HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert first["Cache-Control"] == "public, no-cache"
    assert again.status_code == 304


def test_recognition_asks_the_database_nothing_once_the_vocabulary_is_built(
    api_client, django_assert_num_queries
):
    recognize(api_client, "weakness")

    with django_assert_num_queries(0):
        assert recognize(api_client, ISSUE_TEXT).status_code == 200
        assert suggest(api_client, "tingl").status_code == 200


# ---------------------------------------------------------------- lay terms are content


def edit_symptom(token: str, slug: str, **fields) -> dict:
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.patch(f"/api/v1/symptoms/{slug}/", fields, format="json")


def test_a_lay_term_is_recognised_once_published_and_not_before(api_client):
    author = create_editor("author")
    lay_terms = [*Symptom.objects.get(slug="snoring").lay_terms, "sawing logs"]

    draft = drafted(edit_symptom(author, "snoring", lay_terms=lay_terms))
    assert recognize(api_client, "my wife says I am sawing logs").json()["symptoms"] == []

    published(edit_symptom(author, "snoring", lay_terms=lay_terms, change_set=draft["change_set"]))
    symptoms = recognize(api_client, "my wife says I am sawing logs").json()["symptoms"]

    assert [(found["slug"], found["match"]) for found in symptoms] == [("snoring", "lay_term")]
    assert Symptom.objects.get(slug="snoring").lay_terms == lay_terms


@pytest.mark.parametrize(
    ("slug", "lay_terms", "message"),
    [
        ("weakness", ["numb"], "“numb” already names the symptom 'numbness'"),
        ("weakness", ["coffee"], "“coffee” already names the cause 'caffeine-and-stimulants'"),
        ("weakness", ["levodopa"], "“levodopa” already names an example of the cause"),
        ("weakness", ["feeble", "Feeble"], "“Feeble” is here twice"),
        ("weakness", ["the"], "“the” has no word that tells one term from another."),
        ("weakness", ["the strength"], "“the strength” is one word ('strength') with small"),
    ],
)
def test_a_lay_term_names_exactly_one_record(db, slug, lay_terms, message):
    response = edit_symptom(create_editor("author"), slug, lay_terms=lay_terms)

    assert any(message in error for error in errors_by_name(response)["lay_terms"])


def test_two_symptoms_cannot_share_a_name_even_one_the_quotes_hold(db):
    # Weakness's quote of item 1 names numbness too: the evidence holds, the name is taken.
    response = edit_symptom(create_editor("author"), "weakness", alternative_names=["Numbness"])

    assert response.status_code == 400
    assert errors_by_name(response)["alternative_names"] == [
        "“Numbness” already names the symptom 'numbness': records of one kind cannot share a name."
    ]


def test_a_symptom_and_a_cause_may_share_a_name_as_the_article_does(api_client):
    """The article names fatigue as a symptom (of autoimmune disorders) and as a cause."""
    found = recognize(api_client, "fatigue").json()

    assert [symptom["slug"] for symptom in found["symptoms"]] == ["fatigue"]
    assert [cause["slug"] for cause in found["causes"]] == ["fatigue"]


def test_a_lay_term_is_shown_with_its_symptom(api_client):
    body = api_client.get("/api/v1/symptoms/tingling/").json()

    assert "pins and needles" in body["lay_terms"]


# ---------------------------------------------------------------- typeahead


@pytest.mark.parametrize(
    ("typed", "first", "term", "match"),
    [
        ("we", "weakness", "Weakness", "name"),
        ("Numb", "numbness", "Numbness", "name"),
        ("swal", "difficulty-swallowing", "Difficulty swallowing", "name"),
        ("pins", "tingling", "pins and needles", "lay_term"),
        ("cramping", "muscle-cramps", "Cramping", "alternative_name"),
        ("tingel", "tingling", "Tingling", "fuzzy"),
        ("charl", "muscle-cramps", "charley horse", "lay_term"),
    ],
)
def test_suggestions_complete_what_is_typed_best_first(api_client, typed, first, term, match):
    response = suggest(api_client, typed)

    assert response.status_code == 200
    best = response.json()[0]
    assert (best["slug"], best["term"], best["match"]) == (first, term, match)


def test_suggestions_are_at_most_ten_one_per_symptom(api_client):
    suggestions = suggest(api_client, "d").json()

    assert 0 < len(suggestions) <= 10
    assert len({s["slug"] for s in suggestions}) == len(suggestions)
    # Terms that start with it come before those with a later word that does.
    assert suggestions[0]["slug"] in {"difficulty-falling-asleep", "difficulty-speaking"}


@pytest.mark.parametrize("typed", ["xq", "!!!", "   "])
def test_nothing_to_suggest_is_an_empty_list(api_client, typed):
    response = suggest(api_client, typed)

    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "This field is required."),
        ({"q": ""}, "This field may not be blank."),
        ({"q": "w" * 51}, "Ensure this field has no more than 50 characters."),
    ],
)
def test_bad_typing_is_a_400_naming_q(api_client, query, message):
    response = api_client.get(f"/api/v1/symptoms/suggest/?{urlencode(query)}")

    assert errors_by_name(response) == {"q": [message]}


# ---------------------------------------------------------------- causes ranked by text


def causes_for(client, **query):
    return client.get(f"/api/v1/causes/?{urlencode(query, doseq=True)}")


def test_the_cause_list_puts_named_causes_first_then_ranks_by_present_symptoms(api_client):
    results = causes_for(api_client, text=ISSUE_TEXT, page_size=100).json()["results"]

    # Coffee names caffeine; numbness is present; weakness is absent, so it does not count.
    with_numbness = slugs(causes_for(api_client, symptom="numbness", page_size=100))
    assert [item["slug"] for item in results] == ["caffeine-and-stimulants", *with_numbness]
    assert results[0]["text_match"] == {"named": True, "symptoms": []}
    for item in results[1:]:
        assert item["text_match"] == {"named": False, "symptoms": ["numbness"]}
        assert item["matched_symptoms"] == 1


def test_a_text_that_names_nothing_gives_an_empty_cause_list(api_client):
    response = causes_for(api_client, text="hello, how are you?")

    assert (response.status_code, response.json()["results"]) == (200, [])


def test_text_combines_with_the_other_filters(api_client):
    text = "weakness and numbness"
    every = slugs(causes_for(api_client, text=text, page_size=100))
    both = slugs(causes_for(api_client, text=text, symptom_match="all", page_size=100))
    neurological = slugs(causes_for(api_client, text=text, category="neurological", page_size=100))

    assert set(both) < set(every)
    assert both == slugs(
        causes_for(api_client, symptom=["weakness", "numbness"], symptom_match="all")
    )
    assert neurological
    assert set(neurological) < set(every)


def test_text_on_the_cause_list_is_checked_like_recognitions(api_client):
    assert errors_by_name(causes_for(api_client, text="a" * 501)) == {
        "text": ["Ensure this value has at most 500 characters (it has 501)."]
    }
