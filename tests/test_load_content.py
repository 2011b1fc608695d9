"""`manage.py load_content`: every fixture, in one transaction, idempotent."""

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
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
    Source,
    Symptom,
    Treatment,
)
from tests.utils import without_updated_at

MODELS = [Source, Condition, RelatedArticle, Cause, Example, Symptom, LifestyleTip, Treatment]
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
        "Source": 1,
        "Condition": 1,
        "RelatedArticle": 1,
        "Cause": 17,
        "Example": 12,
        "Symptom": 13,
        "LifestyleTip": 6,
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
    for model in reversed(CONTENT_MODELS):
        model.objects.all().delete()

    call_command("load_content", verbosity=0)

    assert counts()["Cause"] == 17
    assert Cause.objects.get(slug="als").symptoms.count() == 3


def test_loading_updates_edited_records_in_place(fixture_dir):
    edit(fixture_dir / SYMPTOMS, "description: Named with nerve compression", "description: Edited")

    call_command("load_content", verbosity=0)

    assert Symptom.objects.get(slug="pain").description.startswith("Edited")
    assert counts()["Symptom"] == 13


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


SYMPTOMS, CONDITION, SOURCES = "2-symptoms.yaml", "3-muscle-twitching.yaml", "1-sources.yaml"

FAULTS = [
    # (file, text to replace, replacement, what the error must say)
    (
        SYMPTOMS,
        "- model: causes.symptom\n  fields:\n    slug: weakness",
        "- model: causes.symptom\n  fields: [unclosed\n    slug: weakness",
        r"2-symptoms\.yaml: is not valid YAML",
    ),
    (
        SYMPTOMS,
        "model: causes.symptom",
        "model: causes.sympton",
        r"2-symptoms\.yaml, record 1 \(causes\.sympton 'weakness'\): unknown model",
    ),
    (
        SYMPTOMS,
        "name: Weakness",
        "nmae: Weakness",
        r"2-symptoms\.yaml, record 1 \(causes\.symptom 'weakness'\): Symptom has no field 'nmae'",
    ),
    (
        CONDITION,
        "symptom: [snoring]",
        "symptom: [snorring]",
        r"3-muscle-twitching\.yaml, record \d+ \(causes\.causesymptom "
        r"'sleep-disorders/snorring'\): symptom: no symptom has the key 'snorring'",
    ),
    (
        CONDITION,
        "cause: [certain-medications]",
        "cause: [certain-medication]",
        r"\(causes\.example 'Corticosteroids'\): cause: no cause has the key 'certain-medication'",
    ),
    (
        CONDITION,
        "urgency: see_doctor_promptly",
        "urgency: soon",
        r"\(causes\.cause 'als'\): urgency: Value 'soon' is not a valid choice",
    ),
    (
        CONDITION,
        "urgency: see_doctor_promptly",
        "urgency:",
        r"\(causes\.cause 'als'\): urgency: A quote of the cause mentions a doctor",
    ),
    (
        SYMPTOMS,
        "name: Weakness",
        f"name: {'W' * 201}",
        r"\(causes\.symptom 'weakness'\): name: Ensure this value has at most 200 characters",
    ),
    (
        SYMPTOMS,
        "slug: numbness",
        "slug: weakness",
        r"2-symptoms\.yaml, record 2 \(causes\.symptom 'weakness'\): has the same key as "
        r".*2-symptoms\.yaml, record 1",
    ),
    (
        CONDITION,
        "position: 5",
        "position: 4",
        r"\(causes\.cause '[a-z-]+'\): __all__: Cause with this Condition and Position already",
    ),
    (
        SOURCES,
        "published_on: 2023-06-04\n    reading_minutes: 5\n    section",
        "published_on: 2023-06-31\n    reading_minutes: 5\n    section",
        r"1-sources\.yaml: is not valid YAML: day is out of range for month",
    ),
    (
        SOURCES,
        "published_on: 2023-06-04\n    reading_minutes: 5\n    section",
        "published_on: 4 June 2023\n    reading_minutes: 5\n    section",
        r"\(causes\.source 'what-causes-muscle-twitching'\): .4 June 2023. value has an invalid "
        r"date",
    ),
    # The rules of evidence (causes.evidence), each naming file, record and quote.
    (
        CONDITION,
        "        Muscle twitching can be a side effect of certain antibiotics.\n",
        "        Muscle twitching is always caused by antibiotics.\n",
        r"3-muscle-twitching\.yaml, record \d+ \(causes\.cause 'certain-antibiotics'\): "
        r"evidence: Quote 1: quote: Not found in the source 'what-causes-muscle-twitching': "
        r"“Muscle twitching is always caused by antibiotics\.”",
    ),
    (
        CONDITION,
        "    cause: [sleep-disorders]\n    symptom: [snoring]",
        "    cause: [sleep-disorders]\n    symptom: [pain]",
        r"\(causes\.causesymptom 'sleep-disorders/pain'\): evidence: The quote “If you are "
        r"experiencing muscle twitching along with other symptoms such as snoring .*” does not "
        r"mention 'Pain'",
    ),
    (
        CONDITION,
        "symptom: [weakness]\n    kind: see_doctor_with\n    strength: important",
        "symptom: [weakness]\n    kind: see_doctor_with\n    strength: may_be_worth",
        r"\(causes\.causesymptom 'als/weakness'\): strength: None of the quotes says “it may be "
        r"worth”",
    ),
    (
        SYMPTOMS,
        "    - Cramping\n",
        "    - Charley horse\n",
        r"\(causes\.symptom 'muscle-cramps'\): alternative_names: 'Charley horse' is in none of "
        r"the quotes",
    ),
    (
        SYMPTOMS,
        "    evidence:\n    - source: what-causes-muscle-twitching\n      locator: item 15\n",
        "    evidence:\n    - source: a-blog-post\n      locator: item 15\n",
        r"\(causes\.symptom 'pain'\): evidence: Quote 1: source: No source has the slug "
        r"'a-blog-post'",
    ),
    # Lay terms: each names one record, compared as recognition compares words.
    (
        SYMPTOMS,
        "    - tingly\n",
        "    - numb\n",
        r"\(causes\.symptom 'tingling'\): lay_terms: “numb” already names the symptom 'numbness'",
    ),
    (
        CONDITION,
        "    - coffee\n",
        "    - charley horse\n",
        r"\(causes\.cause 'caffeine-and-stimulants'\): lay_terms: “charley horse” already "
        r"names the symptom 'muscle-cramps'",
    ),
    (
        CONDITION,
        "    - chemo\n",
        "    - levodopa\n",
        r"\(causes\.example 'Levodopa'\): name: “Levodopa” already names the cause "
        r"'medical-treatments': records of one kind cannot share a name\.",
    ),
    (
        CONDITION,
        "    - chemo\n",
        "    - the chemo\n",
        r"\(causes\.cause 'medical-treatments'\): lay_terms: “the chemo” is one word \('chemo'\) "
        r"with small words that recognition skips",
    ),
    (
        SYMPTOMS,
        "display: Muscle weakness (generalized)",
        "display: Muscle weakness",
        r"2-symptoms\.yaml, record 1 \(causes\.symptom 'weakness'\): codes: Code 1: M62\.81's "
        r"display is the table's title: 'Muscle weakness \(generalized\)'",
    ),
    (
        SYMPTOMS,
        "code: M62.81",
        "code: M62.8",
        r"'weakness'\): codes: Code 1: M62\.8's display is the table's title: "
        r"'Other specified disorders of muscle'.*M62\.8 is a category in the table: "
        r"billable is false",
    ),
    (
        SYMPTOMS,
        "code: R20.2",
        "code: R20.7",
        r"'tingling'\): codes: Code 1: R20\.7 is no category or code of the ICD-10-CM table",
    ),
    (
        SYMPTOMS,
        "basis_term: Pins and needles",
        "basis_term: Formication",
        r"'tingling'\): codes: Code 1: 'Formication' \(without its nonessential words, "
        r"'Formication'\) is none of this record's names or lay terms",
    ),
    (
        SOURCES,
        "checksum: 3429571268",
        "checksum: 0000000000",
        r"1-sources\.yaml, record 1 \(causes\.source 'what-causes-muscle-twitching'\): "
        r"checksum: The source text 'fixtures/sources/what-causes-muscle-twitching\.txt' has the "
        r"checksum 3429571268",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), FAULTS)
def test_a_fault_loads_nothing_and_names_the_file_record_and_problem(
    fixture_dir, file, old, new, message
):
    # A valid change elsewhere, which must not be written either.
    edit(
        fixture_dir / SYMPTOMS, "description: Named with nerve compression", "description: Changed"
    )
    edit(fixture_dir / file, old, new)
    before = counts()

    with pytest.raises(CommandError, match=message) as error:
        call_command("load_content", verbosity=0)

    assert str(error.value).startswith("Nothing was loaded.")
    assert Symptom.objects.get(slug="pain").description.startswith("Named with nerve")
    assert counts() == before


def test_a_file_that_is_not_a_list_of_records_is_refused(fixture_dir):
    (fixture_dir / "zz_extra.yaml").write_text("model: causes.symptom\n")

    with pytest.raises(CommandError, match=r"zz_extra\.yaml: must be a list of records"):
        call_command("load_content", verbosity=0)


def edit_records(path: Path, keep: Callable[[dict], bool]) -> None:
    """Keep only the records of a fixture file that `keep` accepts."""
    records = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump([r for r in records if keep(r)], allow_unicode=True))


def is_link(record: dict, model: str, *ends: str) -> bool:
    fields = record["fields"]
    return record["model"] == f"causes.{model}" and all([end] in fields.values() for end in ends)


def test_a_link_removed_from_the_fixtures_is_removed_on_load(fixture_dir):
    """An unsupported claim must go with the deploy that removes it, without --prune."""
    edit_records(
        fixture_dir / CONDITION,
        lambda record: not is_link(record, "causesymptom", "sleep-disorders", "snoring"),
    )
    stderr = io.StringIO()

    call_command("load_content", verbosity=0, stderr=stderr)

    assert not Cause.objects.get(slug="sleep-disorders").symptoms.filter(slug="snoring").exists()
    assert "removed: causes.causesymptom: sleep-disorders/snoring" in stderr.getvalue()


def test_a_record_removed_from_the_fixtures_is_kept_and_reported(fixture_dir):
    Symptom.objects.create(slug="hiccups", name="Hiccups")
    stderr = io.StringIO()

    call_command("load_content", verbosity=0, stderr=stderr)

    assert Symptom.objects.filter(slug="hiccups").exists()
    assert (
        "Kept (not in any fixture; --prune removes): causes.symptom: hiccups" in stderr.getvalue()
    )


def test_a_renamed_slug_without_prune_is_refused_naming_the_record_kept(fixture_dir):
    """Kept, the old record would share its name and lay terms with the renamed one."""
    edit(fixture_dir / SYMPTOMS, "slug: snoring", "slug: snores")
    edit(fixture_dir / CONDITION, "symptom: [snoring]", "symptom: [snores]")

    with pytest.raises(CommandError) as error:
        call_command("load_content", verbosity=0)

    assert "(causes.symptom 'snores'): name: “Snoring” already names the symptom 'snoring'" in (
        str(error.value)
    )
    assert str(error.value).endswith(
        "Kept, as in no fixture (--prune removes): causes.symptom: snoring."
    )
    assert Symptom.objects.filter(slug="snoring").exists()
    assert not Symptom.objects.filter(slug="snores").exists()


def test_prune_removes_what_is_in_no_fixture(fixture_dir):
    edit(fixture_dir / SYMPTOMS, "slug: snoring", "slug: snores")
    edit(fixture_dir / CONDITION, "symptom: [snoring]", "symptom: [snores]")
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
        fixture_dir / CONDITION,
        "condition: [muscle-twitching]\n    urgency: seek_treatment",
        f"condition: [{other.slug}]\n    urgency: seek_treatment",
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


def test_exported_content_loads_back_to_the_same_content(tmp_path, api_client, settings):
    # Read the database each time: a test's transaction never commits, so the content
    # version (bumped on commit) would not tell cached responses apart.
    settings.API_RESPONSE_CACHE = False
    before = [api_client.get(url).json() for url in API_PAGES]
    exported = tmp_path / "content.yaml"
    call_command("export_content", "--output", str(exported))
    for model in reversed(CONTENT_MODELS):
        model.objects.all().delete()
    assert api_client.get("/api/v1/causes/").json()["count"] == 0

    call_command("load_content", str(exported), verbosity=0)

    assert [without_updated_at(api_client.get(url).json()) for url in API_PAGES] == [
        without_updated_at(page) for page in before
    ]
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
