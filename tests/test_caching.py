"""
Reads of content carry an ETag and Last-Modified from the content version, answer
a matching conditional request with a 304, and are served to anonymous clients
from the shared cache until content changes, however it changes.
"""

import hashlib
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from causes.caching import VERSION_KEY, current_version
from causes.models import Cause, Symptom
from tests.utils import NEW_SYMPTOM, create_editor, drafted, publish

CONTENT_URLS = [
    "/api/v1/conditions/",
    "/api/v1/conditions/muscle-twitching/",
    "/api/v1/causes/?symptom=weakness&symptom=numbness",
    "/api/v1/causes/als/",
    "/api/v1/symptoms/",
    "/api/v1/lifestyle-tips/",
    "/api/v1/treatments/switch-medication/",
    "/api/schema/",
]


@pytest.fixture
def editor_client(api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor('editor')}")
    return api_client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block registers for after its commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.parametrize("url", CONTENT_URLS)
def test_content_reads_carry_validators_and_cache_headers(api_client, url):
    response = api_client.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, no-cache"
    assert {"Accept", "Authorization", "Cookie"} <= {
        header.strip() for header in response["Vary"].split(",")
    }


@pytest.mark.parametrize("url", CONTENT_URLS)
def test_a_matching_if_none_match_is_a_304_without_a_body(api_client, url):
    etag = api_client.get(url)["ETag"]

    response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, no-cache"


def test_an_unchanged_if_modified_since_is_a_304(api_client):
    last_modified = api_client.get("/api/v1/causes/")["Last-Modified"]

    response = api_client.get("/api/v1/causes/", HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304


def test_each_url_and_format_has_its_own_etag(api_client):
    etags = {
        api_client.get("/api/v1/causes/?symptom=weakness")["ETag"],
        api_client.get("/api/v1/causes/?symptom=numbness")["ETag"],
        api_client.get("/api/v1/causes/")["ETag"],
        api_client.get("/api/v1/causes/", HTTP_ACCEPT="application/json; indent=4")["ETag"],
    }

    assert len(etags) == 4


def test_a_cached_read_makes_no_sql_query_and_returns_the_same_bytes(
    api_client, django_assert_num_queries
):
    first = api_client.get("/api/v1/causes/?symptom=weakness")

    with django_assert_num_queries(0):
        second = api_client.get("/api/v1/causes/?symptom=weakness")

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]


def test_with_the_response_cache_off_every_read_runs_the_view(
    api_client, settings, django_assert_max_num_queries
):
    settings.API_RESPONSE_CACHE = False
    first = api_client.get("/api/v1/causes/")

    with django_assert_max_num_queries(3) as captured:
        second = api_client.get("/api/v1/causes/")

    assert len(captured) > 0
    assert second.content == first.content
    assert api_client.get("/api/v1/causes/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_errors_are_neither_cached_nor_given_validators(api_client, editor_client, committed):
    url = f"/api/v1/symptoms/{NEW_SYMPTOM['slug']}/"
    missing = api_client.get(url)
    draft = drafted(editor_client.post("/api/v1/symptoms/", NEW_SYMPTOM, format="json"))
    with committed():
        publish(draft["change_set"])
    api_client.credentials()

    assert missing.status_code == 404
    assert "ETag" not in missing
    assert api_client.get(url).status_code == 200


def test_an_api_write_is_seen_by_the_very_next_read(api_client, editor_client, committed):
    url = "/api/v1/causes/als/"
    anonymous = type(api_client)()
    before = anonymous.get(url)

    draft = drafted(editor_client.patch(url, {"position": 30}, format="json"))
    unchanged = anonymous.get(url)
    with committed():
        publish(draft["change_set"])
    after = anonymous.get(url)
    revalidated = anonymous.get(url, HTTP_IF_NONE_MATCH=before["ETag"])

    assert unchanged["ETag"] == before["ETag"]  # a draft changes nothing that readers see
    assert after.json()["updated_at"] != before.json()["updated_at"]
    assert after["ETag"] != before["ETag"]
    assert revalidated.status_code == 200


def test_a_change_to_a_relation_alone_invalidates(api_client, committed):
    url = "/api/v1/causes/?symptom=snoring"
    before = api_client.get(url).json()["count"]

    with committed():
        Cause.objects.get(slug="als").symptoms.add(Symptom.objects.get(slug="snoring"))

    assert api_client.get(url).json()["count"] == before + 1


def test_a_fixture_load_invalidates(api_client, committed, tmp_path):
    url = "/api/v1/symptoms/weakness/"
    api_client.get(url)
    fixture = tmp_path / "change.yaml"
    fixture.write_text(
        "- model: causes.symptom\n"
        "  fields:\n"
        "    slug: weakness\n"
        "    name: Weakness\n"
        "    description: Edited.\n"
        f"    evidence: {json.dumps(Symptom.objects.get(slug='weakness').evidence)}\n"
    )

    with committed():
        call_command("load_content", str(fixture), verbosity=0, stderr=io.StringIO())

    assert api_client.get(url).json()["description"] == "Edited."


def test_publishing_invalidates_and_a_draft_does_not(api_client, editor_client, committed):
    url = "/api/v1/symptoms/weakness/"
    before = api_client.get(url)
    draft = drafted(editor_client.patch(url, {"description": "Edited."}, format="json"))

    assert api_client.get(url)["ETag"] == before["ETag"]
    with committed():
        publish(draft["change_set"])

    assert api_client.get(url).json()["description"] == "Edited."


def test_a_rolled_back_change_keeps_the_version(db, committed):
    version = current_version()

    with committed(), transaction.atomic():
        Symptom.objects.filter(slug="weakness").get().save()
        transaction.set_rollback(True)

    assert current_version() == version


def test_a_lost_version_makes_cached_responses_unreachable(api_client, committed):
    url = "/api/v1/symptoms/weakness/"
    api_client.get(url)
    # A flushed cache loses the version; the entry left behind must not be served.
    cache.delete(VERSION_KEY)
    with committed():
        Symptom.objects.filter(slug="weakness").update(name="Changed without a signal")

    assert api_client.get(url).json()["name"] == "Changed without a signal"


def test_editors_get_fresh_reads_with_validators(editor_client):
    response = editor_client.get("/api/v1/causes/als/")
    revalidated = editor_client.get("/api/v1/causes/als/", HTTP_IF_NONE_MATCH=response["ETag"])

    assert response.status_code == 200
    assert revalidated.status_code == 304


def test_an_invalid_token_is_a_401_even_when_revalidating(api_client):
    etag = api_client.get("/api/v1/causes/als/")["ETag"]
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    assert api_client.get("/api/v1/causes/als/", HTTP_IF_NONE_MATCH=etag).status_code == 401


def test_the_browsable_api_is_not_cached(api_client, django_assert_max_num_queries):
    api_client.get("/api/v1/causes/", HTTP_ACCEPT="text/html")

    with django_assert_max_num_queries(10) as captured:
        response = api_client.get("/api/v1/causes/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert len(captured) > 0
    assert "ETag" not in response


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "application/vnd.oai.openapi; charset=utf-8"),
        ("*/*", "application/vnd.oai.openapi; charset=utf-8"),
        ("application/json", "application/json"),
    ],
)
def test_cached_reads_keep_the_negotiated_format(api_client, accept, content_type):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    first = api_client.get("/api/schema/", **headers)
    second = api_client.get("/api/schema/", **headers)

    assert first["Content-Type"] == second["Content-Type"] == content_type
    assert first.content == second.content


def test_the_schema_documents_conditional_reads(api_client):
    paths = api_client.get("/api/schema/", {"format": "json"}).json()["paths"]

    for path in ("/api/v1/causes/", "/api/v1/causes/{slug}/"):
        get = paths[path]["get"]
        assert "304" in get["responses"]
        assert "If-None-Match" in {parameter["name"] for parameter in get["parameters"]}
    assert "304" not in paths["/api/v1/causes/"]["post"]["responses"]


def test_entries_of_an_earlier_layout_are_never_read(api_client):
    # Stored by the release before CachedResponse kept headers, under the same version.
    url = "http://testserver/api/v1/conditions/"
    old_key = "content-response:" + hashlib.sha256(f"application/json\n{url}".encode()).hexdigest()
    cache.set(old_key, object())

    response = api_client.get("/api/v1/conditions/")

    assert response.status_code == 200


@pytest.mark.parametrize("origin", [None, "https://app.example", "https://other.example"])
def test_a_cache_hit_has_every_header_of_the_first_answer(api_client, settings, origin):
    """
    Answered before the other middleware, it still carries what they added; only the
    request id is its own.
    """
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    first = api_client.get("/api/v1/causes/als/", **headers)

    hit = api_client.get("/api/v1/causes/als/", **headers)

    first_headers, hit_headers = dict(first.items()), dict(hit.items())
    assert hit_headers.pop("X-Request-ID") != first_headers.pop("X-Request-ID")
    assert hit_headers == first_headers
    assert hit.content == first.content
    assert {"Content-Security-Policy", "X-Content-Type-Options", "ETag"} <= set(dict(hit.items()))
    allowed = hit.get("Access-Control-Allow-Origin")
    assert allowed == ("https://app.example" if origin == "https://app.example" else None)


def test_answers_to_two_origins_are_kept_apart(api_client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    api_client.get("/api/v1/causes/als/", HTTP_ORIGIN="https://app.example")

    other = api_client.get("/api/v1/causes/als/", HTTP_ORIGIN="https://other.example")

    assert "Access-Control-Allow-Origin" not in other


def test_a_cache_hit_revalidated_is_a_304_with_the_same_headers(api_client):
    first = api_client.get("/api/v1/causes/als/")

    response = api_client.get("/api/v1/causes/als/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 304
    assert {
        name: value
        for name, value in first.items()
        if name not in ("Content-Type", "Content-Length", "X-Request-ID")
    }.items() <= dict(response.items()).items()
