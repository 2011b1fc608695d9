"""
Freshness for clients that cache content: `updated_at` on every object, the
condition's review dates, `updated_since=` and ordering by `updated_at`.
"""

import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from causes.models import Cause, Symptom
from tests.utils import (
    DETAIL_URLS,
    LIST_URLS,
    create_editor,
    drafted,
    errors_by_name,
    publish,
    published,
    slugs,
)


@pytest.fixture
def editor(api_client) -> APIClient:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor('editor')}")
    return api_client


def parse(moment: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(moment)


@pytest.mark.parametrize("url", LIST_URLS)
def test_every_listed_object_has_updated_at(api_client, url):
    for item in api_client.get(url, {"page_size": 100}).json()["results"]:
        assert parse(item["updated_at"]) <= timezone.now()


@pytest.mark.parametrize("url", DETAIL_URLS)
def test_every_object_detail_has_updated_at(api_client, url):
    assert parse(api_client.get(url).json()["updated_at"]) <= timezone.now()


def test_updated_since_returns_only_what_changed_after_it(editor):
    since = timezone.now()
    published(editor.patch("/api/v1/causes/stress/", {"position": 21}, format="json"))

    changed = editor.get("/api/v1/causes/", {"updated_since": since.isoformat()})

    assert slugs(changed) == ["stress"]
    assert parse(changed.json()["results"][0]["updated_at"]) >= since
    assert editor.get("/api/v1/symptoms/", {"updated_since": since.isoformat()}).json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_a_change_of_links_counts_as_a_change_of_both_ends(editor):
    since = {"updated_since": timezone.now().isoformat()}
    published(
        editor.patch("/api/v1/lifestyle-tips/increase-water-intake/", {"causes": []}, format="json")
    )

    assert slugs(editor.get("/api/v1/lifestyle-tips/", since)) == ["increase-water-intake"]
    assert slugs(editor.get("/api/v1/causes/", since)) == ["dehydration"]


def test_ordering_by_updated_at_puts_the_latest_change_first(editor):
    published(editor.patch("/api/v1/symptoms/numbness/", {"description": "Edited."}, format="json"))

    response = editor.get("/api/v1/symptoms/", {"ordering": "-updated_at"})

    assert slugs(response)[0] == "numbness"


@pytest.mark.parametrize(
    ("value", "matches_all"),
    [
        ("2000-01-01", True),
        ("2000-01-01T00:00:00Z", True),
        ("2000-01-01T02:00:00+02:00", True),
        ("2000-01-01T00:00:00", True),  # no offset: UTC
        ("9000-01-01", False),
    ],
)
def test_updated_since_takes_dates_and_times_with_or_without_an_offset(
    api_client, value, matches_all
):
    response = api_client.get("/api/v1/causes/", {"updated_since": value})

    assert response.status_code == 200
    assert (response.json()["count"] == Cause.objects.count()) is matches_all


@pytest.mark.parametrize(
    "value",
    ["yesterday", "2024-02-30", "2024-13-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "1"],
)
def test_an_updated_since_that_is_not_a_moment_is_a_400(api_client, value):
    errors = errors_by_name(api_client.get("/api/v1/treatments/", {"updated_since": value}))

    assert errors["updated_since"] == [
        "Must be an ISO 8601 date and time (2024-06-04T12:00:00Z) or date (2024-06-04)."
    ]


def test_a_condition_shows_its_review_dates(api_client):
    body = api_client.get("/api/v1/conditions/muscle-twitching/").json()

    # The article has no review; nobody has reviewed this content yet.
    assert body["last_reviewed"] is None
    assert body["next_review_due"] is None


def test_publishing_a_review_dates_it_and_the_next_one(editor, settings):
    settings.REVIEW_PERIOD_DAYS = 1095
    change_set = editor.post("/api/v1/change-sets/", {"title": "Review"}, format="json").json()

    publish(change_set["id"], reviewed_conditions=["muscle-twitching"], review_note="Checked.")

    body = editor.get("/api/v1/conditions/", {"fields": "last_reviewed,next_review_due"}).json()
    today = timezone.localdate()
    assert body["results"] == [
        {
            "last_reviewed": today.isoformat(),
            "next_review_due": (today + datetime.timedelta(days=1095)).isoformat(),
        }
    ]


def test_editors_do_not_write_review_dates(editor):
    draft = drafted(
        editor.patch(
            "/api/v1/conditions/muscle-twitching/",
            {"last_reviewed": "2026-11-01", "next_review_due": "2029-11-01"},
            format="json",
        )
    )

    assert draft["result"]["last_reviewed"] is None


def test_editors_list_what_is_due_for_review(editor):
    due = editor.get("/api/v1/conditions/", {"review_due_before": "2030-01-01"})
    anonymous = APIClient().get("/api/v1/conditions/", {"review_due_before": "2030-01-01"})

    assert slugs(due) == ["muscle-twitching"]  # never reviewed: due
    assert anonymous.status_code == 401


@pytest.mark.django_db
def test_loading_the_same_fixtures_again_keeps_every_updated_at():
    before = dict(Symptom.objects.values_list("slug", "updated_at"))

    call_command("load_content", verbosity=0)

    assert dict(Symptom.objects.values_list("slug", "updated_at")) == before


@pytest.mark.django_db
def test_loading_an_edited_fixture_stamps_only_the_edited_record(tmp_path):
    fixture = tmp_path / "2-symptoms.yaml"
    shutil.copy(Path(settings.BASE_DIR, "fixtures", "2-symptoms.yaml"), fixture)
    records = yaml.safe_load(fixture.read_text())
    records[0]["fields"]["description"] += " Edited."
    fixture.write_text(yaml.safe_dump(records, allow_unicode=True))
    edited = records[0]["fields"]["slug"]
    before = dict(Symptom.objects.values_list("slug", "updated_at"))
    started = timezone.now()

    call_command("load_content", fixture, verbosity=0)

    after = dict(Symptom.objects.values_list("slug", "updated_at"))
    assert after[edited] >= started
    assert {slug: moment for slug, moment in after.items() if slug != edited} == {
        slug: moment for slug, moment in before.items() if slug != edited
    }


@pytest.mark.django_db
def test_exported_fixtures_leave_updated_at_out(tmp_path):
    call_command("export_content", output=str(tmp_path / "content.yaml"))

    exported = (tmp_path / "content.yaml").read_text()
    assert "updated_at" not in exported
    assert "last_reviewed: null" in exported
