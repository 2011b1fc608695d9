"""The conditions endpoints: the topic page a frontend builds from one request."""

from tests.utils import problem, slugs

URL = "/api/v1/conditions/"


def test_conditions_list_shows_summary_and_disclaimer(api_client):
    response = api_client.get(URL)

    assert response.status_code == 200
    assert slugs(response) == ["muscle-twitching"]
    item = response.json()["results"][0]
    assert set(item) == {
        "slug",
        "name",
        "alternative_names",
        "summary",
        "codes",
        "disclaimer",
        "last_reviewed",
        "next_review_due",
        "updated_at",
    }
    assert "not medical advice" in item["disclaimer"]


def test_condition_search(api_client):
    assert slugs(api_client.get(URL, {"search": "twitch"})) == ["muscle-twitching"]
    assert slugs(api_client.get(URL, {"search": "migraine"})) == []


def test_condition_detail_embeds_everything_the_article_says(api_client):
    response = api_client.get(f"{URL}muscle-twitching/")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Muscle twitching"
    assert "usually harmless" in body["outlook"]
    assert "weakness, numbness, or tingling" in body["when_to_see_doctor"]
    # Item 9, the article's only "it is important to see a doctor":
    assert "difficulty speaking or swallowing" in body["when_to_see_doctor"]
    assert [(s["slug"], s["strength"]) for s in body["warning_signs"]] == [
        ("difficulty-speaking", "important"),
        ("difficulty-swallowing", "important"),
        ("numbness", "should"),
        ("tingling", "should"),
        ("weakness", "important"),
    ]
    assert all(s["red_flag"] for s in body["warning_signs"])
    assert len(body["causes"]) == 17
    assert body["causes"][0]["slug"] == "anxiety"
    assert [t["slug"] for t in body["lifestyle_tips"]] == [
        "get-enough-sleep",
        "reduce-stress",
        "stay-hydrated",
        "avoid-caffeine-and-alcohol",
    ]
    # Only the advice that the article gives for muscle twitching as a whole (items 2
    # and 3); what it advises for one cause is on that cause.
    assert [t["slug"] for t in body["treatments"]] == [
        "muscle-relaxants",
        "physical-therapy",
        "surgery",
    ]
    assert "not medical advice" in body["disclaimer"]
    assert body["sources"] == ["what-causes-muscle-twitching"]


def test_the_warning_signs_are_exactly_the_red_flag_symptoms(api_client):
    """red_flag is derived from the warning signs, so the two cannot disagree."""
    condition = api_client.get(f"{URL}muscle-twitching/").json()
    red_flags = api_client.get("/api/v1/symptoms/", {"red_flag": "true"})

    assert {s["slug"] for s in condition["warning_signs"]} == set(slugs(red_flags))


def test_each_warning_sign_quotes_the_source_saying_to_see_a_doctor(api_client):
    signs = api_client.get(f"{URL}muscle-twitching/").json()["warning_signs"]
    phrase = {"should": "you should see a doctor", "important": "it is important to see a doctor"}

    for sign in signs:
        quotes = [quote["quote"] for quote in sign["evidence"]]
        assert any(phrase[sign["strength"]] in quote for quote in quotes), sign["slug"]
        assert all("see a doctor" in quote for quote in quotes), sign["slug"]


def test_condition_detail_carries_the_source_article_metadata(api_client):
    source = api_client.get(f"{URL}muscle-twitching/").json()["source"]

    assert source == {
        "title": "What causes muscle twitching",
        "author": "Jane Smith",
        "published_on": "2023-06-04",
        "reading_minutes": 5,
        "publisher": "Sabkuchh.com",
        "section": "Education / lifestyle",
        "tags": ["MuscleTwitchingCauses", "TwitchingMuscles", "MuscleSpasmsExplained"],
        "copyright": "© 2023, All Rights Reserved.",
        "related_articles": [
            {
                "title": "What causes muscle cramps",
                "published_on": "2023-06-04",
                "reading_minutes": 5,
            }
        ],
    }


def test_unknown_condition_is_a_json_404(api_client):
    response = api_client.get(f"{URL}muscle-cramps/")

    assert response.status_code == 404
    assert problem(response)["detail"] == "No Condition matches the given query."
