"""`manage.py load_content`: every fixture, in one transaction, idempotent."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from causes.content import CONTENT_MODELS
from causes.models import (
    Cause,
    Condition,
    Example,
    LifestyleTip,
    RelatedArticle,
    Symptom,
    Treatment,
)

MODELS = [Condition, RelatedArticle, Cause, Example, Symptom, LifestyleTip, Treatment]
FIXTURES = Path(settings.BASE_DIR, "fixtures")

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def fixture_dir(tmp_path, settings):
    """A copy of the real fixtures that a test may break."""
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, tmp_path)
    settings.FIXTURE_DIRS = [tmp_path]
    return tmp_path


def test_the_real_content_loads_with_these_counts():
    assert counts() == {
        "Condition": 1,
        "RelatedArticle": 1,
        "Cause": 17,
        "Example": 14,
        "Symptom": 13,
        "LifestyleTip": 5,
        "Treatment": 10,
    }


def test_loading_again_changes_nothing():
    before = counts()
    links = sorted(Cause.symptoms.through.objects.values_list("cause__slug", "symptom__slug"))

    call_command("load_content", verbosity=0)

    assert counts() == before
    assert (
        sorted(Cause.symptoms.through.objects.values_list("cause__slug", "symptom__slug")) == links
    )


def test_loading_into_an_empty_database_resolves_slugs_across_files():
    for model in [Example, RelatedArticle, LifestyleTip, Treatment, Cause, Condition, Symptom]:
        model.objects.all().delete()

    call_command("load_content", verbosity=0)

    assert counts()["Cause"] == 17
    assert Cause.objects.get(slug="als").symptoms.count() == 3


def test_loading_updates_edited_records_in_place(fixture_dir):
    path = fixture_dir / "symptoms.yaml"
    path.write_text(path.read_text().replace("name: Snoring", "name: Loud snoring"))

    call_command("load_content", verbosity=0)

    assert Symptom.objects.get(slug="snoring").name == "Loud snoring"
    assert counts()["Symptom"] == 13


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


FAULTS = [
    # (file, text to replace, replacement, what the error must say)
    (
        "symptoms.yaml",
        "- model: causes.symptom\n  fields:\n    slug: weakness",
        "- model: causes.symptom\n  fields: [unclosed\n    slug: weakness",
        r"symptoms\.yaml: is not valid YAML",
    ),
    (
        "symptoms.yaml",
        "model: causes.symptom",
        "model: causes.sympton",
        r"symptoms\.yaml, record 1 \(causes\.sympton 'weakness'\): unknown model",
    ),
    (
        "symptoms.yaml",
        "name: Weakness",
        "nmae: Weakness",
        r"symptoms\.yaml, record 1 \(causes\.symptom 'weakness'\): Symptom has no field 'nmae'",
    ),
    (
        "muscle_twitching.yaml",
        "- [snoring]",
        "- [snorring]",
        r"muscle_twitching\.yaml, record \d+ \(causes\.cause 'sleep-disorders'\): symptoms: no "
        r"symptom has the key 'snorring'",
    ),
    (
        "muscle_twitching.yaml",
        "cause: [certain-medications]",
        "cause: [certain-medication]",
        r"\(causes\.example 'Corticosteroids'\): cause: no cause has the key 'certain-medication'",
    ),
    (
        "muscle_twitching.yaml",
        "urgency: see_doctor_promptly",
        "urgency: soon",
        r"\(causes\.cause 'als'\): urgency: Value 'soon' is not a valid choice",
    ),
    (
        "muscle_twitching.yaml",
        "urgency: see_doctor_promptly",
        "urgency:",
        r"\(causes\.cause 'als'\): urgency: This field cannot be (null|blank)",
    ),
    (
        "symptoms.yaml",
        "name: Weakness",
        f"name: {'W' * 201}",
        r"\(causes\.symptom 'weakness'\): name: Ensure this value has at most 200 characters",
    ),
    (
        "symptoms.yaml",
        "slug: numbness",
        "slug: weakness",
        r"symptoms\.yaml, record 2 \(causes\.symptom 'weakness'\): has the same key as "
        r".*symptoms\.yaml, record 1",
    ),
    (
        "muscle_twitching.yaml",
        "position: 5",
        "position: 4",
        r"\(causes\.cause '[a-z-]+'\): __all__: Cause with this Condition and Position already",
    ),
    (
        "muscle_twitching.yaml",
        "published_on: 2023-06-04",
        "published_on: 2023-06-31",
        r"muscle_twitching\.yaml: is not valid YAML: day is out of range for month",
    ),
    (
        "muscle_twitching.yaml",
        "published_on: 2023-06-04",
        "published_on: 4 June 2023",
        r"\(causes\.condition 'muscle-twitching'\): .4 June 2023. value has an invalid date",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), FAULTS)
def test_a_fault_loads_nothing_and_names_the_file_record_and_problem(
    fixture_dir, file, old, new, message
):
    # A valid change elsewhere, which must not be written either.
    edit(fixture_dir / "symptoms.yaml", "name: Snoring", "name: Changed")
    edit(fixture_dir / file, old, new)
    before = counts()

    with pytest.raises(CommandError, match=message) as error:
        call_command("load_content", verbosity=0)

    assert str(error.value).startswith("Nothing was loaded.")
    assert Symptom.objects.get(slug="snoring").name == "Snoring"
    assert counts() == before


def test_a_file_that_is_not_a_list_of_records_is_refused(fixture_dir):
    (fixture_dir / "zz_extra.yaml").write_text("model: causes.symptom\n")

    with pytest.raises(CommandError, match=r"zz_extra\.yaml: must be a list of records"):
        call_command("load_content", verbosity=0)


def test_links_removed_from_a_record_are_removed_on_load(fixture_dir):
    edit(fixture_dir / "muscle_twitching.yaml", "- [snoring]\n", "")

    call_command("load_content", verbosity=0)

    assert not Cause.objects.get(slug="sleep-disorders").symptoms.filter(slug="snoring").exists()


def test_a_record_removed_from_the_fixtures_is_kept_and_reported(fixture_dir):
    edit(fixture_dir / "symptoms.yaml", "slug: snoring", "slug: loud-snoring")
    edit(fixture_dir / "muscle_twitching.yaml", "- [snoring]", "- [loud-snoring]")
    stderr = io.StringIO()

    call_command("load_content", verbosity=0, stderr=stderr)

    assert Symptom.objects.filter(slug="snoring").exists()
    assert (
        "Kept (not in any fixture; --prune removes): causes.symptom: snoring" in stderr.getvalue()
    )


def test_prune_removes_what_is_in_no_fixture(fixture_dir):
    edit(fixture_dir / "symptoms.yaml", "slug: snoring", "slug: loud-snoring")
    edit(fixture_dir / "muscle_twitching.yaml", "- [snoring]", "- [loud-snoring]")
    Example.objects.create(
        cause=Cause.objects.get(slug="caffeine-and-stimulants"), name="Tea", kind="stimulant"
    )
    stderr = io.StringIO()

    call_command("load_content", "--prune", verbosity=0, stderr=stderr)

    assert not Symptom.objects.filter(slug="snoring").exists()
    assert not Example.objects.filter(name="Tea").exists()
    assert counts()["Symptom"] == 13
    assert "Removed: causes.example: caffeine-and-stimulants/Tea, causes.symptom: snoring" in (
        stderr.getvalue()
    )


def test_prune_will_not_orphan_content_that_a_fixture_still_refers_to(fixture_dir):
    other = Condition.objects.create(
        **{
            field.name: getattr(Condition.objects.get(), field.name)
            for field in Condition._meta.concrete_fields
            if field.name not in ("id", "slug")
        },
        slug="other-condition",
    )
    edit(
        fixture_dir / "muscle_twitching.yaml",
        "condition: [muscle-twitching]\n    category: psychological",
        f"condition: [{other.slug}]\n    category: psychological",
    )

    with pytest.raises(
        CommandError,
        match=r"Cannot remove conditions that content still refers to: causes\.cause: anxiety\.",
    ):
        call_command("load_content", "--prune", verbosity=0)

    assert Cause.objects.get(slug="anxiety").condition.slug == "muscle-twitching"


API_PAGES = [
    "/api/v1/conditions/muscle-twitching/",
    "/api/v1/causes/?page_size=100",
    "/api/v1/symptoms/?page_size=100",
    "/api/v1/lifestyle-tips/?page_size=100",
    "/api/v1/treatments/?page_size=100",
    *[f"/api/v1/causes/{slug}/" for slug in ("certain-medications", "als", "sleep-disorders")],
]


def test_exported_content_loads_back_to_the_same_content(tmp_path, api_client):
    before = [api_client.get(url).json() for url in API_PAGES]
    exported = tmp_path / "content.yaml"
    call_command("export_content", "--output", str(exported))
    for model in reversed(CONTENT_MODELS):
        model.objects.all().delete()

    call_command("load_content", str(exported), verbosity=0)

    assert [api_client.get(url).json() for url in API_PAGES] == before
    assert "slug: muscle-twitching" in exported.read_text()
    assert "pk:" not in exported.read_text()


def test_no_fixtures_is_an_error(tmp_path, settings):
    settings.FIXTURE_DIRS = [tmp_path]

    with pytest.raises(CommandError, match=r"No \*\.yaml fixtures"):
        call_command("load_content", verbosity=0)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_loaded_record_passes_model_validation(model):
    for record in model.objects.all():
        record.full_clean()
