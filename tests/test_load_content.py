"""`manage.py load_content`: every fixture, in one transaction, idempotent."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError

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


def test_a_reference_to_an_unknown_slug_loads_nothing(fixture_dir):
    Symptom.objects.filter(slug="snoring").update(name="Edited before the load")
    path = fixture_dir / "muscle_twitching.yaml"
    path.write_text(path.read_text().replace("- [snoring]", "- [snorring]"))
    (fixture_dir / "symptoms.yaml").write_text(
        (fixture_dir / "symptoms.yaml").read_text().replace("name: Snoring", "name: Changed")
    )

    with pytest.raises(DeserializationError, match="snorring"):
        call_command("load_content", verbosity=0)

    assert Symptom.objects.get(slug="snoring").name == "Edited before the load"


def test_a_malformed_file_loads_nothing(fixture_dir):
    (fixture_dir / "symptoms.yaml").write_text(
        (fixture_dir / "symptoms.yaml").read_text().replace("name: Snoring", "name: Changed")
    )
    (fixture_dir / "zz_broken.yaml").write_text("- model: causes.symptom\n  fields: [unclosed\n")

    with pytest.raises(DeserializationError):
        call_command("load_content", verbosity=0)

    assert Symptom.objects.get(slug="snoring").name == "Snoring"


def test_a_record_that_breaks_a_constraint_loads_nothing(fixture_dir):
    path = fixture_dir / "muscle_twitching.yaml"
    path.write_text(path.read_text().replace("urgency: see_doctor_promptly", "urgency: ", 1))
    (fixture_dir / "symptoms.yaml").write_text(
        (fixture_dir / "symptoms.yaml").read_text().replace("name: Snoring", "name: Changed")
    )

    with pytest.raises(IntegrityError, match=r"(?i)not[ -]null"):
        call_command("load_content", verbosity=0)

    assert Symptom.objects.get(slug="snoring").name == "Snoring"


def test_no_fixtures_is_an_error(tmp_path, settings):
    settings.FIXTURE_DIRS = [tmp_path]

    with pytest.raises(CommandError, match=r"No \*\.yaml fixtures"):
        call_command("load_content", verbosity=0)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_loaded_record_passes_model_validation(model):
    """loaddata skips validation; this catches an invalid choice or over-long text in a fixture."""
    for record in model.objects.all():
        record.full_clean()
