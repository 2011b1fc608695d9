"""
The Infobutton endpoint, called as MedlinePlus Connect's clients call MedlinePlus
Connect: the same parameters, the same feed, only the base URL swapped.
"""

import re
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest

from causes.models import Condition

pytestmark = pytest.mark.django_db

# What a client of MedlinePlus Connect sends, but for the base URL.
BASE = "/api/v1/infobutton/"
ICD_10_CM = "2.16.840.1.113883.6.90"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def ask(client, **parameters):
    """An Infobutton request; the parameters' dots written as double underscores."""
    query = {name.replace("__", "."): value for name, value in parameters.items()}
    return client.get(f"{BASE}?{urlencode(query)}")


def feed(client, **parameters):
    response = ask(client, knowledgeResponseType="application/json", **parameters)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["feed"]


def by_code(client, code, **parameters):
    return feed(
        client, mainSearchCriteria__v__cs=ICD_10_CM, mainSearchCriteria__v__c=code, **parameters
    )


def test_a_code_answers_as_medlineplus_connect_answers_its_clients(api_client):
    entries = by_code(api_client, "R25.3")["entry"]

    assert isinstance(entries, list)
    assert len(entries) == 1  # a single entry is still a list
    entry = entries[0]
    assert entry["title"]["_value"] == "Muscle twitching"
    href = entry["link"][0]["href"]
    assert href == "http://testserver/api/v1/conditions/muscle-twitching/"
    assert api_client.get(href).json()["slug"] == "muscle-twitching"
    summary = entry["summary"]["_value"]
    assert entry["summary"]["type"] == "html"
    condition = Condition.objects.get(slug="muscle-twitching")
    assert condition.summary in summary
    assert "<strong>This information is for general education only" in summary
    assert "“What causes muscle twitching” by Jane Smith, Sabkuchh.com, 2023-06-04." in summary
    assert "(summary)</li>" in summary  # a quote and where it stands
    assert entry["category"] == [{"scheme": ICD_10_CM, "term": "R25.3", "label": "Fasciculation"}]
    assert entry["id"]["_value"] == href
    assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["updated"]["_value"])


def test_the_request_context_is_echoed_in_the_feed(api_client):
    answer = by_code(
        api_client,
        "R25.3",
        informationRecipient="PROV",
        informationRecipient__languageCode__c="en",
    )
    assert answer["category"] == [
        {"scheme": "mainSearchCriteria.v.c", "term": "R25.3"},
        {"scheme": "mainSearchCriteria.v.cs", "term": ICD_10_CM},
        {"scheme": "mainSearchCriteria.v.dn", "term": ""},
        {"scheme": "informationRecipient", "term": "PROV"},
        {"scheme": "informationRecipient.languageCode.c", "term": "en"},
    ]
    assert answer["lang"] == "en"
    assert [entry["title"]["_value"] for entry in answer["entry"]] == ["Muscle twitching"]
    assert {"title", "updated", "id", "author", "subtitle", "base"} <= set(answer)


def test_spanish_is_answered_in_english_and_says_so(api_client):
    answer = by_code(api_client, "E86.0", informationRecipient__languageCode__c="es")
    assert answer["lang"] == "en"
    assert [entry["lang"] for entry in answer["entry"]] == ["en"]
    assert {"scheme": "informationRecipient.languageCode.c", "term": "es"} in answer["category"]


def test_a_code_without_its_dot_or_in_small_letters_is_the_same_code(api_client):
    assert by_code(api_client, "e612")["entry"][0]["title"]["_value"] == "Magnesium deficiency"


def test_a_category_finds_the_records_of_its_codes(api_client):
    (entry,) = by_code(api_client, "E61")["entry"]
    assert entry["title"]["_value"] == "Magnesium deficiency"
    assert entry["category"][0]["term"] == "E61.2"


def test_a_code_with_no_content_falls_back_to_its_nearest_mapped_ancestor(api_client):
    (entry,) = by_code(api_client, "G47.33")["entry"]  # obstructive sleep apnea
    assert entry["title"]["_value"] == "Sleep disorders"
    assert entry["category"] == [{"scheme": ICD_10_CM, "term": "G47", "label": "Sleep disorders"}]


def test_a_code_of_a_newer_release_falls_back_to_its_category(api_client):
    (entry,) = by_code(api_client, "G47.3Z")["entry"]
    assert entry["title"]["_value"] == "Sleep disorders"


def test_a_code_both_a_symptom_and_a_cause_bear_gives_the_cause(api_client):
    # The symptom fatigue bears R53.83 too; entries are conditions and causes.
    entries = by_code(api_client, "R53.83")["entry"]
    assert [entry["link"][0]["href"].split("/api/v1/")[1] for entry in entries] == [
        "causes/fatigue/"
    ]


@pytest.mark.parametrize(
    "parameters",
    [
        {"mainSearchCriteria__v__cs": ICD_10_CM, "mainSearchCriteria__v__c": "Z99.89"},
        {"mainSearchCriteria__v__cs": "2.16.840.1.113883.6.96", "mainSearchCriteria__v__c": "1"},
        {"mainSearchCriteria__v__dn": "Broken arm"},
    ],
    ids=["code-that-names-nothing", "unknown-code-system", "display-name-that-names-nothing"],
)
def test_what_names_nothing_is_an_empty_feed(api_client, parameters):
    answer = feed(api_client, **parameters)
    assert answer["entry"] == []
    assert answer["subtitle"]["_value"].startswith("0 entries for")


def test_a_display_name_alone_is_searched(api_client):
    titles = [
        e["title"]["_value"] for e in feed(api_client, mainSearchCriteria__v__dn="ALS")["entry"]
    ]
    assert titles == ["ALS"]
    # By the table's title of a code on the record, too.
    answer = feed(api_client, mainSearchCriteria__v__dn="Fasciculation")
    assert [entry["title"]["_value"] for entry in answer["entry"]] == ["Muscle twitching"]
    assert "category" not in answer["entry"][0]


def test_numbered_criteria_each_add_their_entries(api_client):
    answer = by_code(
        api_client,
        "R25.3",
        mainSearchCriteria__v__cs1=ICD_10_CM,
        mainSearchCriteria__v__c1="E86.0",
        mainSearchCriteria__v__dn2="Stress",
    )
    assert [entry["title"]["_value"] for entry in answer["entry"]] == [
        "Muscle twitching",
        "Dehydration",
        "Stress",
    ]


def test_the_default_is_an_atom_feed_that_xml_tools_read(api_client):
    response = ask(
        api_client, mainSearchCriteria__v__cs=ICD_10_CM, mainSearchCriteria__v__c="R25.3"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    (entry,) = root.findall("atom:entry", ATOM)
    assert entry.findtext("atom:title", namespaces=ATOM) == "Muscle twitching"
    link = entry.find("atom:link", ATOM)
    assert link is not None
    assert link.get("href") == "http://testserver/api/v1/conditions/muscle-twitching/"
    summary = entry.find("atom:summary", ATOM)
    assert summary is not None
    assert summary.get("type") == "html"
    assert "<strong>This information is for general education only" in (summary.text or "")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    categories = [(c.get("scheme"), c.get("term")) for c in root.findall("atom:category", ATOM)]
    assert ("mainSearchCriteria.v.c", "R25.3") in categories


def test_the_xml_and_the_json_are_the_same_feed(api_client):
    parameters = {"mainSearchCriteria__v__cs": ICD_10_CM, "mainSearchCriteria__v__c": "E61"}
    answer = feed(api_client, **parameters)
    root = ElementTree.fromstring(
        ask(api_client, knowledgeResponseType="text/xml", **parameters).content
    )
    entries = root.findall("atom:entry", ATOM)
    assert [e.findtext("atom:title", namespaces=ATOM) for e in entries] == [
        entry["title"]["_value"] for entry in answer["entry"]
    ]
    assert [e.findtext("atom:summary", namespaces=ATOM) for e in entries] == [
        entry["summary"]["_value"] for entry in answer["entry"]
    ]


def test_entries_link_to_a_publishers_pages_through_the_template(api_client, settings):
    settings.INFOBUTTON_LINK_TEMPLATE = "https://health.example.org/{kind}/{slug}/"
    (entry,) = by_code(api_client, "G12.21")["entry"]
    assert entry["link"][0] == {
        "href": "https://health.example.org/causes/als/",
        "rel": "alternate",
        "type": "text/html",
        "title": "ALS",
    }


@pytest.mark.parametrize(
    ("parameters", "name"),
    [
        ({}, "mainSearchCriteria.v.c"),
        ({"mainSearchCriteria__v__c": "R25.3"}, "mainSearchCriteria.v.cs"),
        (
            {"mainSearchCriteria__v__cs": ICD_10_CM, "mainSearchCriteria__v__c": "R25.3<b>"},
            "mainSearchCriteria.v.c",
        ),
        (
            {"mainSearchCriteria__v__cs1": ICD_10_CM, "mainSearchCriteria__v__c1": "twitch"},
            "mainSearchCriteria.v.c1",
        ),
        ({"mainSearchCriteria__v__dn": "x" * 201}, "mainSearchCriteria.v.dn"),
        (
            {"mainSearchCriteria__v__dn": "ALS", "informationRecipient": "PAYOR"},
            "informationRecipient",
        ),
        (
            {"mainSearchCriteria__v__dn": "ALS", "informationRecipient__languageCode__c": "e s"},
            "informationRecipient.languageCode.c",
        ),
        (
            {"mainSearchCriteria__v__dn": "ALS", "knowledgeResponseType": "application/javascript"},
            "knowledgeResponseType",
        ),
    ],
    ids=[
        "nothing-asked",
        "code-without-system",
        "malformed-code",
        "malformed-numbered-code",
        "overlong-display-name",
        "unknown-recipient",
        "malformed-language",
        "jsonp",
    ],
)
def test_a_malformed_request_is_a_400_problem_naming_the_parameter(api_client, parameters, name):
    response = ask(api_client, **parameters)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert name in {error["name"] for error in response.json()["errors"]}


def test_jsonp_is_refused_saying_why(api_client):
    response = ask(
        api_client,
        mainSearchCriteria__v__dn="ALS",
        knowledgeResponseType="application/javascript",
        callback="alert",
    )
    assert "JSONP" in response.json()["detail"]
    assert b"alert" not in response.content


def test_the_feed_is_cached_and_revalidated_like_every_read(api_client):
    query = {"mainSearchCriteria.v.cs": ICD_10_CM, "mainSearchCriteria.v.c": "R25.3"}
    url = f"{BASE}?{urlencode(query)}"
    first = api_client.get(url)
    assert first.status_code == 200
    assert first["ETag"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    json_url = f"{url}&knowledgeResponseType=application/json"
    assert api_client.get(json_url)["ETag"] != first["ETag"]


def test_a_fallback_costs_a_fixed_number_of_queries(api_client, django_assert_num_queries):
    # The codes of the coded conditions and causes, read once however many steps up the
    # hierarchy (G47.33, G47.3, G47); then the causes found, and their sources.
    with django_assert_num_queries(4):
        entries = by_code(api_client, "G47.33")["entry"]
    assert len(entries) == 1
