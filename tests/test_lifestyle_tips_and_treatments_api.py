"""The lifestyle tips and treatments endpoints."""

import pytest

from tests.utils import errors_by_name, slugs

TIPS = "/api/v1/lifestyle-tips/"
TREATMENTS = "/api/v1/treatments/"


def test_tips_are_listed_in_the_article_order_with_their_causes(api_client):
    response = api_client.get(TIPS)

    assert slugs(response) == [
        "get-enough-sleep",
        "reduce-stress",
        "stay-hydrated",
        "avoid-caffeine-and-alcohol",
        "cut-back-on-caffeine",
        "increase-water-intake",
    ]
    water = response.json()["results"][5]
    # Item 11 gives it for dehydration, not for muscle twitching as a whole.
    assert water["conditions"] == []
    assert [c["slug"] for c in water["causes"]] == ["dehydration"]


def test_the_general_lifestyle_changes_address_no_cause_in_particular(api_client):
    """Item 2 gives them for muscle twitching; it never ties one to a cause."""
    tips = {tip["slug"]: tip for tip in api_client.get(TIPS).json()["results"]}

    for slug in [
        "get-enough-sleep",
        "reduce-stress",
        "stay-hydrated",
        "avoid-caffeine-and-alcohol",
    ]:
        assert tips[slug]["causes"] == [], slug


def test_tips_filtered_by_cause_and_condition(api_client):
    assert slugs(api_client.get(TIPS, {"cause": "caffeine-and-stimulants"})) == [
        "cut-back-on-caffeine"
    ]
    assert slugs(api_client.get(TIPS, {"cause": "stress"})) == []
    assert slugs(api_client.get(TIPS, {"condition": "muscle-twitching"})) == [
        "get-enough-sleep",
        "reduce-stress",
        "stay-hydrated",
        "avoid-caffeine-and-alcohol",
    ]


def test_tip_search_and_detail(api_client):
    assert slugs(api_client.get(TIPS, {"search": "water"})) == ["increase-water-intake"]
    body = api_client.get(f"{TIPS}increase-water-intake/").json()
    assert body["title"] == "Increase your water intake"
    assert [c["slug"] for c in body["causes"]] == ["dehydration"]
    assert body["causes"][0]["evidence"][0]["locator"] == "item 11"
    assert body["evidence"][0]["quote"].startswith("Dehydration can cause muscle twitching")


def test_treatments_filtered_by_cause(api_client):
    assert slugs(api_client.get(TREATMENTS, {"cause": "certain-antibiotics"})) == [
        "switch-medication"
    ]
    assert slugs(api_client.get(TREATMENTS, {"cause": "parkinsons-medications"})) == [
        "adjust-medication-dosage",
        "switch-medication",
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("test", ["sleep-study", "electrolyte-test"]),
        ("procedure", ["surgery"]),
        ("supplement", ["magnesium-supplement"]),
    ],
)
def test_treatments_filtered_by_kind(api_client, kind, expected):
    assert slugs(api_client.get(TREATMENTS, {"kind": kind})) == expected


def test_treatments_for_the_condition_are_item_3s_for_no_single_cause(api_client):
    response = api_client.get(TREATMENTS, {"condition": "muscle-twitching", "page_size": 100})

    assert slugs(response) == ["muscle-relaxants", "physical-therapy", "surgery"]
    surgery = next(t for t in response.json()["results"] if t["slug"] == "surgery")
    assert surgery["causes"] == []
    assert "rare cases" in surgery["description"]


def test_treatment_search_and_detail(api_client):
    assert slugs(api_client.get(TREATMENTS, {"search": "sleep study"})) == ["sleep-study"]
    body = api_client.get(f"{TREATMENTS}sleep-study/").json()
    assert body["kind"] == "test"
    assert [c["slug"] for c in body["causes"]] == ["sleep-disorders"]


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        (TREATMENTS, {"kind": "magic"}, "kind"),
        (TREATMENTS, {"cause": "gremlins"}, "cause"),
        (TIPS, {"condition": "gremlins"}, "condition"),
    ],
)
def test_bad_filters_are_a_400(api_client, url, params, parameter):
    response = api_client.get(url, params)

    assert list(errors_by_name(response)) == [parameter]


@pytest.mark.parametrize("url", [TIPS, TREATMENTS])
def test_unknown_slug_is_a_404(api_client, url):
    assert api_client.get(f"{url}nothing-here/").status_code == 404
