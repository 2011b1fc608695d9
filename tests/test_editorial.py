"""
Editorial governance through HTTP: drafts that the public never sees, publication
by a second person, all of a change set or nothing, optimistic concurrency with
If-Match, history and restore for every resource, and the public changes feed that
a mirror replays into a copy of the content.
"""

import shutil
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from causes.models import Cause, ChangeSet, Symptom
from tests.utils import (
    NEW_SYMPTOM,
    create_editor,
    drafted,
    errors_by_name,
    problem,
    publish,
    published,
    without_updated_at,
)

RESOURCES = ["conditions", "causes", "symptoms", "lifestyle-tips", "treatments"]


def client_of(username: str, role: str = "author") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor(username, role=role)}")
    return client


@pytest.fixture
def author(db) -> APIClient:
    return client_of("author")


@pytest.fixture
def reviewer(db) -> APIClient:
    return client_of("reviewer", role="reviewer")


def publish_url(change_set: int) -> str:
    return f"/api/v1/change-sets/{change_set}/publish/"


def first_slug(resource: str) -> str:
    return APIClient().get(f"/api/v1/{resource}/").json()["results"][0]["slug"]


# ---------------------------------------------------------------- drafts and publication


def test_a_draft_changes_nothing_that_anonymous_clients_read(author):
    url = "/api/v1/causes/anxiety/"
    before = APIClient().get(url)

    drafted(author.patch(url, {"position": 49}, format="json"))
    after = APIClient().get(url)

    assert (after.status_code, after["ETag"], after.json()) == (
        200,
        before["ETag"],
        before.json(),
    )
    assert APIClient().get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304


def test_an_author_cannot_publish(author):
    draft = drafted(author.patch("/api/v1/causes/anxiety/", {"position": 50}, format="json"))

    response = author.post(publish_url(draft["change_set"]), {}, format="json")

    assert response.status_code == 403
    assert problem(response)["detail"].startswith("Only reviewers publish change sets")
    assert Cause.objects.get(slug="anxiety").position == 4


def test_a_reviewer_cannot_publish_a_change_set_they_wrote(reviewer):
    draft = drafted(reviewer.patch("/api/v1/causes/anxiety/", {"position": 50}, format="json"))

    response = reviewer.post(publish_url(draft["change_set"]), {}, format="json")

    assert response.status_code == 403
    assert "another reviewer must publish it" in problem(response)["detail"]
    assert Cause.objects.get(slug="anxiety").position == 4
    assert (
        client_of("second", role="reviewer")
        .post(publish_url(draft["change_set"]), {}, format="json")
        .status_code
        == 200
    )
    assert Cause.objects.get(slug="anxiety").position == 50


def test_without_the_second_person_rule_a_reviewer_publishes_their_own_draft(reviewer, settings):
    settings.REVIEW_REQUIRES_SECOND_PERSON = False
    draft = drafted(reviewer.patch("/api/v1/causes/anxiety/", {"position": 50}, format="json"))

    assert reviewer.post(publish_url(draft["change_set"]), {}, format="json").status_code == 200


def test_a_conflict_is_a_409_naming_it_and_publishes_none_of_the_change_set(author):
    other = client_of("other")
    mine = drafted(author.post("/api/v1/symptoms/", NEW_SYMPTOM, format="json"))
    drafted(author.patch("/api/v1/causes/anxiety/", {"position": 50}, format="json"))
    theirs = drafted(other.patch("/api/v1/causes/anxiety/", {"position": 51}, format="json"))
    publish(theirs["change_set"])

    response = client_of("reviewer", role="reviewer").post(
        publish_url(mine["change_set"]), {}, format="json"
    )

    assert response.status_code == 409
    assert "causes/anxiety: changed at" in problem(response)["detail"]
    assert not Symptom.objects.filter(slug=NEW_SYMPTOM["slug"]).exists()
    assert Cause.objects.get(slug="anxiety").position == 51
    assert ChangeSet.objects.get(pk=mine["change_set"]).state == "open"


def test_a_fixture_load_keeps_open_drafts_and_they_conflict_at_publication(author, tmp_path):
    slug = "weakness"
    draft = drafted(
        author.patch(f"/api/v1/symptoms/{slug}/", {"description": "Drafted."}, format="json")
    )
    fixture = tmp_path / "2-symptoms.yaml"
    shutil.copy(Path(settings.BASE_DIR, "fixtures", "2-symptoms.yaml"), fixture)
    records = yaml.safe_load(fixture.read_text())
    (record,) = [r for r in records if r["fields"]["slug"] == slug]
    record["fields"]["description"] = "Loaded."
    fixture.write_text(yaml.safe_dump(records, allow_unicode=True))

    call_command("load_content", fixture, verbosity=0)
    response = client_of("reviewer", role="reviewer").post(
        publish_url(draft["change_set"]), {}, format="json"
    )

    assert ChangeSet.objects.get(pk=draft["change_set"]).state == "open"
    assert response.status_code == 409
    assert f"symptoms/{slug}: changed at" in problem(response)["detail"]
    assert Symptom.objects.get(slug=slug).description == "Loaded."


def test_a_fixture_load_is_recorded_under_the_loader(author):
    history = author.get("/api/v1/symptoms/weakness/history/").json()

    assert history[-1]["published_by"] == "content-loader"
    assert history[-1]["comment"] == "Loaded from the fixtures."


@pytest.mark.parametrize(
    ("change_set", "status", "code"),
    [(None, 400, "invalid"), ("published", 409, "conflict"), ("discarded", 409, "conflict")],
)
def test_publishing_an_empty_published_or_discarded_change_set_is_refused(
    author, reviewer, change_set, status, code
):
    number = author.post("/api/v1/change-sets/", {"title": "Empty"}, format="json").json()["id"]
    if change_set == "published":
        number = drafted(author.patch("/api/v1/causes/anxiety/", {"position": 53}, format="json"))[
            "change_set"
        ]
        publish(number)
    if change_set == "discarded":
        assert author.delete(f"/api/v1/change-sets/{number}/").status_code == 204

    response = reviewer.post(publish_url(number), {}, format="json")

    assert response.status_code == status
    assert problem(response)["code"] == code


def test_publishing_an_unknown_change_set_is_a_404(reviewer):
    assert reviewer.post(publish_url(999999), {}, format="json").status_code == 404


def test_a_discarded_change_set_goes_nowhere_and_stays_readable(author):
    draft = drafted(author.patch("/api/v1/causes/anxiety/", {"position": 53}, format="json"))
    url = f"/api/v1/change-sets/{draft['change_set']}/"

    assert author.delete(url).status_code == 204
    assert author.get(url).json()["state"] == "discarded"
    assert author.delete(url).status_code == 409
    assert Cause.objects.get(slug="anxiety").position == 4


def test_drafting_into_a_change_set_that_is_not_open_is_a_400(author):
    draft = published(author.patch("/api/v1/causes/anxiety/", {"position": 53}, format="json"))

    response = author.patch(
        f"/api/v1/causes/anxiety/?change_set={draft['change_set']}", {"position": 54}, format="json"
    )

    assert "is published, not open" in errors_by_name(response)["change_set"][0]


# ---------------------------------------------------------------- preview


def test_an_editor_previews_exactly_what_publishing_would_show(author):
    draft = drafted(author.patch("/api/v1/causes/anxiety/", {"position": 50}, format="json"))

    preview = author.get("/api/v1/causes/anxiety/?preview=true").json()
    by_number = author.get(f"/api/v1/causes/?change_set={draft['change_set']}").json()
    publish(draft["change_set"])

    # The same, but for the moment of the change.
    assert without_updated_at(preview) == without_updated_at(
        APIClient().get("/api/v1/causes/anxiety/").json()
    )
    # Listed last of the condition's causes, as its new position puts it.
    assert by_number["results"][-1]["slug"] == "anxiety"


@pytest.mark.parametrize("query", ["preview=true", "change_set=1"])
def test_a_preview_without_credentials_is_a_401(api_client, query):
    response = api_client.get(f"/api/v1/causes/?{query}")

    assert response.status_code == 401
    assert problem(response)["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("query", "status", "name"),
    [
        ("preview=maybe", 400, "preview"),
        ("preview=true", 400, "preview"),  # nothing drafted yet
        ("change_set=first", 400, "change_set"),
    ],
)
def test_a_bad_preview_is_a_400_naming_it(author, query, status, name):
    response = author.get(f"/api/v1/causes/?{query}")

    assert response.status_code == status
    assert name in errors_by_name(response)


def test_a_preview_of_an_unknown_change_set_is_a_404(author):
    assert author.get("/api/v1/causes/?change_set=999999").status_code == 404


# ---------------------------------------------------------------- If-Match


def test_a_write_with_a_current_etag_is_drafted_and_a_stale_one_is_a_412(author):
    url = "/api/v1/causes/anxiety/"
    etag = APIClient().get(url)["ETag"]

    first = author.patch(url, {"position": 50}, format="json", HTTP_IF_MATCH=etag)
    publish(drafted(first)["change_set"])
    second = client_of("other").patch(url, {"position": 51}, format="json", HTTP_IF_MATCH=etag)

    assert second.status_code == 412
    assert problem(second)["code"] == "precondition_failed"
    assert Cause.objects.get(slug="anxiety").position == 50


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_if_match_of_an_object_that_is_not_published_is_a_404(author, method):
    response = getattr(author, method)(
        "/api/v1/causes/no-such-cause/", {}, format="json", HTTP_IF_MATCH="*"
    )

    assert response.status_code == 404


def test_if_match_on_a_create_is_a_400(author):
    response = author.post("/api/v1/symptoms/", NEW_SYMPTOM, format="json", HTTP_IF_MATCH="*")

    assert "If-Match" in errors_by_name(response)


# ---------------------------------------------------------------- history and restore


def unlinked_copy(resource: str, slug: str) -> dict:
    """What anyone reads of an object and of everything linked to it, without dates."""
    client = APIClient()
    return without_updated_at(
        {
            "object": client.get(f"/api/v1/{resource}/{slug}/").json(),
            **{name: client.get(f"/api/v1/{name}/?page_size=100").json() for name in RESOURCES},
        }
    )


def fewer_warning_signs() -> dict:
    """Muscle twitching's warning signs without those that no cause makes one."""
    signs = APIClient().get("/api/v1/conditions/muscle-twitching/").json()["warning_signs"]
    kept = ("difficulty-speaking", "difficulty-swallowing", "weakness")
    return {
        "warning_signs": [
            {key: sign[key] for key in ("strength", "evidence")} | {"symptom": sign["slug"]}
            for sign in signs
            if sign["slug"] in kept
        ]
    }


# Objects that have links to cut.
LINKED = {"lifestyle-tips": "cut-back-on-caffeine", "treatments": "anxiety-treatment"}
# A change of each resource's links (or, for a symptom, of its text).
CHANGES = {
    "causes": {"symptoms": []},
    "symptoms": {"description": "From item 4."},
    "lifestyle-tips": {"causes": []},
    "treatments": {"causes": []},
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_changed_object_is_restored_to_a_version_with_its_links(author, resource):
    slug = LINKED.get(resource) or first_slug(resource)
    url = f"/api/v1/{resource}/{slug}/"
    before = unlinked_copy(resource, slug)
    change = fewer_warning_signs() if resource == "conditions" else CHANGES[resource]
    published(author.patch(url, change, format="json"))
    changed = unlinked_copy(resource, slug)
    history = author.get(f"{url}history/").json()

    draft = published(
        author.post(f"{url}restore/", {"version": history[-1]["version"]}, format="json")
    )
    after = author.get(f"{url}history/").json()

    assert changed != before
    assert history[0]["authors"] == ["author"]
    assert history[0]["changes"]["fields"] or history[0]["changes"]["links"]
    assert draft["action"] == "restore"
    assert unlinked_copy(resource, slug) == before
    assert len(after) == len(history) + 1


@pytest.mark.parametrize("resource", [r for r in RESOURCES if r != "conditions"])
def test_a_deleted_object_is_restored_with_its_links_and_examples(author, resource):
    slug = {"causes": "certain-medications"}.get(resource) or first_slug(resource)
    url = f"/api/v1/{resource}/{slug}/"
    before = unlinked_copy(resource, slug)
    published(author.delete(url))
    assert APIClient().get(url).status_code == 404
    history = author.get(f"{url}history/").json()

    published(author.post(f"{url}restore/", {"version": history[0]["version"]}, format="json"))

    assert unlinked_copy(resource, slug) == before
    assert "deleted it" in history[0]["comment"]


def test_history_is_for_editors_only(api_client):
    assert api_client.get("/api/v1/causes/anxiety/history/").status_code == 401


def test_the_history_of_a_slug_that_never_existed_is_a_404(author):
    assert author.get("/api/v1/causes/no-such-cause/history/").status_code == 404


@pytest.mark.parametrize("version", ["two", None, True, 1.5])
def test_a_restore_without_a_version_number_is_a_400(author, version):
    response = author.post("/api/v1/causes/anxiety/restore/", {"version": version}, format="json")

    assert "version" in errors_by_name(response)


def test_restoring_another_objects_version_or_an_unknown_one_is_a_400(author):
    foreign = author.get("/api/v1/causes/als/history/").json()[0]["version"]

    for version in (foreign, 999999):
        response = author.post(
            "/api/v1/causes/anxiety/restore/", {"version": version}, format="json"
        )
        assert "has no version" in errors_by_name(response)["version"][0]


def test_the_history_says_who_drafted_who_published_and_why(author, reviewer):
    draft = drafted(author.patch("/api/v1/causes/anxiety/", {"position": 50}, format="json"))
    reviewer.post(
        publish_url(draft["change_set"]), {"review_note": "Item 4 checked."}, format="json"
    )

    (newest, *_) = author.get("/api/v1/causes/anxiety/history/").json()

    assert newest["published_by"] == "reviewer"
    assert newest["authors"] == ["author"]
    assert newest["comment"] == "Item 4 checked."
    assert newest["changes"]["fields"] == {"position": {"before": 4, "after": 50}}


# ---------------------------------------------------------------- the changes feed


def read_feed(client: APIClient, since: str | None = None, limit: int = 7) -> list[dict]:
    """Every change after `since`, page by page, as a mirror reads them."""
    url = f"/api/v1/changes/?limit={limit}" + (f"&since={since}" if since else "")
    changes = []
    while url:
        page = client.get(url).json()
        changes += page["results"]
        url = page["next"]
    return changes


def mirror(changes: list[dict], copy: dict | None = None) -> dict[tuple[str, str], dict]:
    """A copy of the content, made or brought up to date by applying the feed's changes."""
    client, copy = APIClient(), dict(copy or {})
    for change in changes:
        key = (change["resource"], change["slug"])
        response = client.get(f"/api/v1/{key[0]}/{key[1]}/")
        # Created, then deleted since: a later change in the feed says so.
        if change["action"] == "deleted" or response.status_code == 404:
            copy.pop(key, None)
        else:
            copy[key] = response.json()
    return copy


def public_content() -> dict[tuple[str, str], dict]:
    client = APIClient()
    return {
        (resource, item["slug"]): client.get(f"/api/v1/{resource}/{item['slug']}/").json()
        for resource in RESOURCES
        for item in client.get(f"/api/v1/{resource}/?page_size=100").json()["results"]
    }


def test_a_mirror_that_replays_the_feed_holds_exactly_the_public_content(author):
    copy = mirror(read_feed(APIClient()))
    assert copy == public_content()
    last = read_feed(APIClient())[-1]["cursor"]

    published(author.post("/api/v1/symptoms/", NEW_SYMPTOM, format="json"))
    published(author.patch("/api/v1/causes/anxiety/", {"position": 50}, format="json"))
    published(author.delete("/api/v1/lifestyle-tips/" + first_slug("lifestyle-tips") + "/"))
    published(author.delete("/api/v1/causes/certain-medications/"))
    version = author.get("/api/v1/causes/certain-medications/history/").json()[0]["version"]
    published(
        author.post(
            "/api/v1/causes/certain-medications/restore/", {"version": version}, format="json"
        )
    )
    published(author.delete(f"/api/v1/symptoms/{NEW_SYMPTOM['slug']}/"))
    new = read_feed(APIClient(), since=last)

    assert mirror(new, copy) == public_content()
    assert {(c["resource"], c["action"]) for c in new} >= {
        ("symptoms", "created"),
        ("symptoms", "deleted"),
        ("lifestyle-tips", "deleted"),
        ("causes", "deleted"),
        ("causes", "updated"),
    }


def test_the_feed_lists_each_change_once_in_order_across_pages(author):
    for position in (50, 51, 52):
        published(author.patch("/api/v1/causes/anxiety/", {"position": position}, format="json"))

    paged = read_feed(APIClient(), limit=3)
    whole = APIClient().get("/api/v1/changes/?limit=1000").json()["results"]

    # A cursor is signed when it is read, with the second it was signed in (for its
    # expiry): two reads a second apart give the same change different cursors.
    def without_cursor(changes: list[dict]) -> list[dict]:
        return [{k: v for k, v in change.items() if k != "cursor"} for change in changes]

    assert without_cursor(paged) == without_cursor(whole)
    assert len({change["cursor"] for change in paged}) == len(paged)
    moments = [change["changed_at"] for change in paged]
    assert moments == sorted(moments)
    anxiety = [c for c in paged if (c["resource"], c["slug"]) == ("causes", "anxiety")]
    assert [c["action"] for c in anxiety[-3:]] == ["updated"] * 3


def test_the_feed_is_cached_and_revalidated(api_client):
    first = api_client.get("/api/v1/changes/")

    again = api_client.get("/api/v1/changes/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


@pytest.mark.parametrize(
    "since", ["not-a-cursor", "1", "MQ:1tXyz:abc", "\u00e9t\u00e9", "%00", "a" * 2000]
)
def test_a_cursor_that_is_not_one_is_a_400_naming_since(api_client, since):
    response = api_client.get("/api/v1/changes/", {"since": since})

    assert errors_by_name(response)["since"] == ["Not a cursor of this feed."]


def test_an_expired_cursor_is_a_400_saying_so(api_client, settings, monkeypatch):
    cursor = api_client.get("/api/v1/changes/?limit=1").json()["results"][0]["cursor"]
    settings.CHANGES_CURSOR_MAX_AGE_DAYS = 1
    later = time.time() + 2 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = api_client.get("/api/v1/changes/", {"since": cursor})

    assert "expired" in errors_by_name(response)["since"][0]


@pytest.mark.parametrize("limit", ["0", "1001", "ten", "-1", "1e3"])
def test_a_limit_out_of_range_is_a_400(api_client, limit):
    assert "limit" in errors_by_name(api_client.get("/api/v1/changes/", {"limit": limit}))


# ---------------------------------------------------------------- the public reads


PUBLIC_READS = [
    "/api/v1/causes/",
    "/api/v1/causes/?symptom=weakness",
    "/api/v1/causes/anxiety/",
    "/api/v1/symptoms/",
    "/api/v1/conditions/muscle-twitching/",
    "/api/v1/changes/",
]


def queries_of(url: str) -> int:
    # A new cache each time: the count of a read that reaches the database.
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert APIClient().get(url).status_code == 200
    return len(queries)


def test_drafts_add_no_query_to_the_public_reads(author):
    before = {url: queries_of(url) for url in PUBLIC_READS}
    for n in range(5):
        drafted(author.patch("/api/v1/causes/anxiety/", {"position": 60 + n}, format="json"))
    drafted(author.post("/api/v1/symptoms/", NEW_SYMPTOM, format="json"))

    assert {url: queries_of(url) for url in PUBLIC_READS} == before
