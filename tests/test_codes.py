"""
Clinical codes on the records: each mapping traceable to the ICD-10-CM table's own
words or to a reviewer's note, checked against the table on every way in, found by
`?code=` on the lists, shown on the details and in the JSON-LD.
"""

import importlib.metadata
import warnings

import pytest

from causes import codes as coding
from causes.models import Cause, Condition, Symptom
from tests.utils import create_editor, drafted, errors_by_name, publish, slugs

pytestmark = pytest.mark.django_db

ICD = coding.ICD_10_CM
# Every code the content maps, with its basis: the table's words that name the record,
# or (None) a reviewer's note.
MAPPED = {
    ("condition", "muscle-twitching"): [("R25.3", None)],
    ("symptom", "weakness"): [("M62.81", "Muscle weakness (generalized)")],
    ("symptom", "numbness"): [("R20.0", None), ("R20.1", None)],
    ("symptom", "tingling"): [("R20.2", "Pins and needles")],
    ("symptom", "rapid-heartbeat"): [("R00.0", None)],
    ("symptom", "muscle-cramps"): [("R25.2", None), ("M62.831", "Charley-horse")],
    ("symptom", "difficulty-speaking"): [("R47.81", "Slurred speech")],
    ("symptom", "difficulty-swallowing"): [("R13.1", None)],
    ("symptom", "snoring"): [("R06.83", "Snoring")],
    ("symptom", "fatigue"): [("R53.83", "Fatigue NOS")],
    ("symptom", "joint-pain"): [("M25.5", "Pain in joint")],
    ("cause", "anxiety"): [("F41.9", "Anxiety NOS")],
    ("cause", "nerve-damage"): [("G62.9", "Neuropathy NOS")],
    ("cause", "magnesium-deficiency"): [("E61.2", "Magnesium deficiency")],
    ("cause", "als"): [("G12.21", "Amyotrophic lateral sclerosis")],
    ("cause", "sleep-disorders"): [("G47", "Sleep disorders")],
    ("cause", "dehydration"): [("E86.0", "Dehydration")],
    ("cause", "autoimmune-disorders"): [("M35.9", "Autoimmune disease (systemic) NOS")],
    ("cause", "electrolyte-imbalances"): [("E87.8", "Electrolyte imbalance NOS")],
    ("cause", "stress"): [("Z73.3", "Stress, not elsewhere classified")],
    ("cause", "fatigue"): [("R53.83", "Fatigue NOS")],
}


def table():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def test_the_content_maps_exactly_these_codes_on_these_bases():
    mapped = {}
    for model in (Condition, Cause, Symptom):
        for record in model.objects.exclude(codes=[]):
            mapped[(model._meta.model_name, record.slug)] = [
                (entry["code"], entry.get("basis_term")) for entry in record.codes
            ]
    assert mapped == MAPPED


def test_every_mapped_code_has_the_tables_title_and_level_and_a_note_where_no_term_names_it():
    for model in (Condition, Cause, Symptom):
        for record in model.objects.exclude(codes=[]):
            for entry in record.codes:
                found = coding.look_up(entry["code"])
                assert found is not None
                assert entry["system"] == ICD
                assert (entry["display"], entry["billable"]) == (found.title, found.billable)
                if "basis_note" in entry:
                    # A note only where none of the code's own words names the record.
                    assert not any(
                        coding.names_record(term, record.coded_names()) for term in found.terms
                    ), (record.slug, entry["code"])


def test_the_recorded_release_is_the_installed_tables():
    # A new release of the table is a new package version: this fails until the release
    # is named anew and every mapped code checked again (check_content does).
    system = coding.SYSTEMS[ICD]
    assert importlib.metadata.version("simple-icd-10-cm") == system.package_version
    assert system.release == "April 1, 2026"


def test_below_the_category_a_codes_ancestors_are_its_prefixes_in_the_table():
    cm = table()

    def coded(code: str) -> bool:  # a category or a code within one, not a chapter or block
        return cm.is_category_or_subcategory(code) or cm.is_extended_subcategory(code)

    codes = [code for code in cm.get_all_codes(True) if coded(code)]
    assert len(codes) > 90_000
    for code in codes:
        # A category alone in its block shares the block's name (B10): one ancestor, once.
        ancestors = dict.fromkeys(a for a in cm.get_ancestors(code) if coded(a) and a != code)
        in_table = [prefix for prefix in coding.lineage(code)[1:] if cm.is_valid_item(prefix)]
        assert in_table == list(ancestors), code


@pytest.mark.parametrize(
    ("written", "code"),
    [("R25.3", "R25.3"), ("r253", "R25.3"), (" G47 ", "G47"), ("M6281", "M62.81")],
)
def test_a_code_is_read_as_the_table_writes_it(written, code):
    assert coding.normalise(written) == code
    assert coding.is_well_formed(code)


@pytest.mark.parametrize("written", ["R2", "25.3", "R25.33333", "R25-3", "G40-G47", "R25.3;"])
def test_what_is_not_a_code_is_not_well_formed(written):
    assert not coding.is_well_formed(coding.normalise(written))


@pytest.mark.parametrize(
    ("term", "names", "named"),
    [
        ("Pain in unspecified joint", ["Joint pain"], "Joint pain"),
        ("Muscle weakness (generalized)", ["Weakness", "Muscle weakness"], "Muscle weakness"),
        ("Stress, not elsewhere classified", ["Stress"], "Stress"),
        ("Electrolyte imbalance NOS", ["Electrolyte imbalances"], "Electrolyte imbalances"),
        # Twitching of any kind is not the record's name, nor is pain of any kind joint pain.
        ("Twitching NOS", ["Muscle twitching"], None),
        ("Pain NOS", ["Joint pain"], None),
        ("Tingling skin", ["Tingling"], None),
    ],
)
def test_a_tables_term_names_a_record_by_the_same_content_words(term, names, named):
    assert coding.names_record(term, names) == named


def test_a_code_finds_its_records_and_a_category_those_of_its_codes(api_client):
    assert slugs(api_client.get("/api/v1/causes/?code=E61.2")) == ["magnesium-deficiency"]
    assert slugs(api_client.get("/api/v1/causes/?code=E61")) == ["magnesium-deficiency"]
    assert slugs(api_client.get("/api/v1/causes/?code=E83.42")) == []
    assert slugs(api_client.get("/api/v1/symptoms/?code=r5383")) == ["fatigue"]
    assert slugs(api_client.get("/api/v1/causes/?code=R53.83")) == ["fatigue"]
    assert slugs(api_client.get("/api/v1/conditions/?code=R25")) == ["muscle-twitching"]
    assert set(slugs(api_client.get("/api/v1/symptoms/?code=R25"))) == {"muscle-cramps"}
    # The list answers for the code asked: a code below a mapped category is not in it
    # (the Infobutton falls back to ancestors; a list does not).
    assert slugs(api_client.get("/api/v1/causes/?code=G47.33")) == []
    assert slugs(api_client.get("/api/v1/causes/?code=G47")) == ["sleep-disorders"]


@pytest.mark.parametrize("value", ["R2", "R25.", "R25.3<script>", "x" * 11, "G40-G47"])
def test_a_malformed_code_is_a_400_naming_the_parameter(api_client, value):
    response = api_client.get("/api/v1/causes/", {"code": value})
    assert "code" in errors_by_name(response)


def test_the_detail_shows_each_code_with_its_title_level_and_basis(api_client):
    codes = api_client.get("/api/v1/causes/magnesium-deficiency/").json()["codes"]
    assert codes[0] == {
        "system": "ICD-10-CM",
        "code": "E61.2",
        "display": "Magnesium deficiency",
        "billable": True,
        "basis_term": "Magnesium deficiency",
        "basis_note": None,
    }
    swallowing = api_client.get("/api/v1/symptoms/difficulty-swallowing/").json()["codes"]
    assert [(code["code"], code["billable"], code["basis_term"]) for code in swallowing] == [
        ("R13.1", False, None)
    ]
    assert swallowing[0]["basis_note"].startswith("Dysphagia is difficulty swallowing")
    sleep = api_client.get("/api/v1/causes/sleep-disorders/").json()["codes"]
    assert [(code["code"], code["billable"]) for code in sleep] == [("G47", False)]
    condition = api_client.get("/api/v1/conditions/muscle-twitching/").json()
    assert [code["display"] for code in condition["codes"]] == ["Fasciculation"]
    symptom = api_client.get("/api/v1/symptoms/weakness/").json()
    assert [code["code"] for code in symptom["codes"]] == ["M62.81"]


def test_the_json_ld_carries_each_code_as_a_medical_code(api_client):
    document = api_client.get("/api/v1/causes/als/", HTTP_ACCEPT="application/ld+json").json()
    assert document["code"] == [
        {
            "@type": "MedicalCode",
            "codeValue": "G12.21",
            "codingSystem": "ICD-10-CM",
            "name": "Amyotrophic lateral sclerosis",
        }
    ]
    condition = api_client.get(
        "/api/v1/conditions/muscle-twitching/", HTTP_ACCEPT="application/ld+json"
    ).json()
    assert [code["codeValue"] for code in condition["code"]] == ["R25.3"]
    stimulants = api_client.get(
        "/api/v1/causes/caffeine-and-stimulants/", HTTP_ACCEPT="application/ld+json"
    ).json()
    assert "code" not in stimulants


@pytest.fixture
def editor(api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor('editor')}")
    return api_client


def test_an_editor_codes_a_record_with_the_tables_title_filled_in_and_published(editor):
    codes = [{"system": ICD, "code": "r0683", "basis_term": "Snoring", "display": "Typed"}]
    snoring = Symptom.objects.get(slug="snoring")
    snoring.codes = []
    snoring.save()

    draft = drafted(editor.patch("/api/v1/symptoms/snoring/", {"codes": codes}, format="json"))
    publish(draft["change_set"])

    assert Symptom.objects.get(slug="snoring").codes == [
        {
            "system": ICD,
            "code": "R06.83",
            "display": "Snoring",
            "billable": True,
            "basis_term": "Snoring",
        }
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            {"system": ICD, "code": "R06.89", "basis_term": "Snoring"},
            "'Snoring' is not R06.89's title or an inclusion term of it",
        ),
        (
            {"system": ICD, "code": "R06.8", "basis_term": "Other abnormalities of breathing"},
            "is none of this record's names or lay terms (Snoring, snore): give a basis_note",
        ),
        ({"system": ICD, "code": "R06.83"}, "Give R06.83 one basis"),
        (
            {"system": ICD, "code": "R06.83", "basis_term": "Snoring", "basis_note": "Also."},
            "Give R06.83 one basis",
        ),
    ],
)
def test_a_code_whose_basis_does_not_hold_is_a_400_and_changes_nothing(editor, code, message):
    response = editor.patch("/api/v1/symptoms/snoring/", {"codes": [code]}, format="json")

    assert any(message in detail for detail in errors_by_name(response)["codes"])
    assert [entry["code"] for entry in Symptom.objects.get(slug="snoring").codes] == ["R06.83"]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ({"system": ICD, "code": "R20.7", "basis_term": "Snoring"}, "codes.0.code"),
        ({"system": ICD, "code": "R2", "basis_term": "Snoring"}, "codes.0.code"),
        ({"system": "SNOMED CT", "code": "72863001", "basis_term": "x"}, "codes.0.system"),
        ({"system": ICD, "code": 5, "basis_term": "Snoring"}, "codes.0.code"),
    ],
)
def test_a_code_that_is_not_in_the_table_is_a_400_naming_it(editor, code, name):
    response = editor.patch("/api/v1/symptoms/snoring/", {"codes": [code]}, format="json")
    assert name in errors_by_name(response)


def test_a_code_given_twice_is_refused(editor):
    code = {"system": ICD, "code": "R06.83", "basis_term": "Snoring"}
    response = editor.patch("/api/v1/symptoms/snoring/", {"codes": [code, code]}, format="json")
    assert any("given twice" in detail for detail in errors_by_name(response)["codes"])


def test_a_record_that_loses_the_name_its_code_stands_on_is_a_400(editor):
    response = editor.patch("/api/v1/causes/als/", {"alternative_names": []}, format="json")
    assert any(
        "'Amyotrophic lateral sclerosis'" in detail and "give a basis_note" in detail
        for detail in errors_by_name(response)["codes"]
    )
