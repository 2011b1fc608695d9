"""
Every claim cites its source. These checks read the fixture files and the loaded
content with no code for any one article: the same rules (causes/evidence.py and the
models' clean()) guard the fixtures, `load_content`, the API and the admin, and a
made-up article in tests/content/ passes them too, while a copy of it with one
unsupported claim fails, naming the file, the record and the quote.
"""

import io
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from causes import evidence
from causes.content import CONTENT_MODELS, check
from causes.models import ContentModel, Example, LifestyleTip, Link, Source, Treatment
from tests.utils import DETAIL_URLS, LIST_URLS, slugs, without_updated_at

FIXTURES = sorted(Path(settings.BASE_DIR, "fixtures").glob("*.yaml"))
MADE_UP = Path(settings.BASE_DIR, "tests", "content", "dragon-hiccups.yaml")
# Every model whose records state something medical, and so quote a source.
QUOTING = {
    model._meta.label_lower
    for model in CONTENT_MODELS
    if issubclass(model, ContentModel | Link) or model is Example
}


def records(*paths: Path) -> list[dict]:
    return [record for path in paths for record in yaml.safe_load(path.read_text())]


def source_texts(*paths: Path) -> dict[str, str]:
    return {
        record["fields"]["slug"]: Path(settings.BASE_DIR, record["fields"]["text_file"]).read_text()
        for record in records(*paths)
        if record["model"] == "causes.source"
    }


# ---------------------------------------------------------------- the fixture files


@pytest.mark.parametrize("paths", [FIXTURES, [*FIXTURES, MADE_UP]], ids=["fixtures", "made-up"])
def test_every_object_and_medical_link_in_the_files_quotes_its_source(paths):
    texts = source_texts(*paths)
    quoting = [record for record in records(*paths) if record["model"] in QUOTING]

    assert len(quoting) > 10
    for record in quoting:
        quotes = record["fields"].get("evidence")
        assert quotes, record
        assert evidence.evidence_problems(quotes, texts) == {}, record


def test_every_source_text_is_the_one_its_checksum_names():
    for record in records(*FIXTURES, MADE_UP):
        if record["model"] == "causes.source":
            fields = record["fields"]
            assert Source(text_file=fields["text_file"], checksum=fields["checksum"]).text


@pytest.mark.django_db
def test_all_loaded_content_passes_the_rules_of_loading():
    assert check() == []


@pytest.mark.django_db
def test_check_content_lists_the_terms_that_hold_another_records_term_without_failing():
    out = io.StringIO()

    call_command("check_content", stdout=out)

    assert out.getvalue().splitlines() == [
        "Every record of content passes.",
        "3 terms hold another record's term (to review; the longer term wins where a text "
        "spells it all):",
        "“Joint pain”, of the symptom 'joint-pain', holds “Pain”, of the symptom 'pain'.",
        "“Certain medications for Parkinson\u2019s disease”, of the cause "
        "'parkinsons-medications', holds “Certain medications”, of the cause "
        "'certain-medications'.",
        "“Parkinson's medication”, of the cause 'parkinsons-medications', holds “Certain "
        "medications”, of the cause 'certain-medications'.",
    ]


# Each lifestyle tip and treatment, with the quotes where the source recommends it or
# names it as a treatment. A new one must be added here: a reviewer reads its quotes.
ITEM_2 = (
    "If you are experiencing muscle twitching, there are several lifestyle changes you can "
    "make to help reduce your symptoms. These include getting enough sleep, reducing your "
    "stress levels, staying hydrated, and avoiding caffeine and alcohol."
)
ITEM_3 = (
    "If your muscle twitching is severe or is caused by an underlying medical condition, there "
    "are treatment options available. These may include medications to help relax your "
    "muscles, physical therapy to help improve your muscle function, or surgery in rare cases."
)
ITEM_5 = (
    "If you are taking medication and experiencing muscle twitching, it may be worth talking "
    "to your doctor about adjusting your dosage or switching to a different medication."
)
ITEM_14 = (
    "If you are taking medication for Parkinson's disease and experiencing muscle twitching, "
    "it may be worth talking to your doctor about adjusting your dosage or switching to a "
    "different medication."
)
ADVICE_QUOTES = {
    "get-enough-sleep": [ITEM_2],
    "reduce-stress": [ITEM_2],
    "stay-hydrated": [ITEM_2],
    "avoid-caffeine-and-alcohol": [ITEM_2],
    "cut-back-on-caffeine": [
        "If you are experiencing muscle twitching and consume a lot of caffeine or other "
        "stimulants, it may be worth cutting back to see if your symptoms improve."
    ],
    "increase-water-intake": [
        "Dehydration can cause muscle twitching as a symptom. If you are experiencing muscle "
        "twitching and are not drinking enough water, it may be worth increasing your water "
        "intake to see if your symptoms improve."
    ],
    "muscle-relaxants": [ITEM_3],
    "physical-therapy": [ITEM_3],
    "surgery": [ITEM_3],
    "anxiety-treatment": [
        "If you are experiencing muscle twitching along with other symptoms of anxiety, such "
        "as racing thoughts or a rapid heartbeat, it may be helpful to seek treatment for your "
        "anxiety."
    ],
    "adjust-medication-dosage": [ITEM_5, ITEM_14],
    "switch-medication": [
        ITEM_5,
        ITEM_14,
        "If you are taking antibiotics and experiencing muscle twitching, it may be worth "
        "talking to your doctor about switching to a different medication.",
    ],
    "magnesium-supplement": [
        "If you are experiencing muscle twitching and think you may be deficient in magnesium, "
        "it may be worth talking to your doctor about taking a magnesium supplement."
    ],
    "sleep-study": [
        "If you are experiencing muscle twitching along with other symptoms such as snoring or "
        "difficulty falling asleep, it may be worth talking to your doctor about getting a "
        "sleep study to rule out a sleep disorder."
    ],
    "adjust-treatment-plan": [
        "If you are undergoing medical treatment and experiencing muscle twitching, it may be "
        "worth talking to your doctor about adjusting your treatment plan to reduce your "
        "symptoms."
    ],
    "electrolyte-test": [
        "If you have an electrolyte imbalance, it can cause muscle twitching as a symptom. "
        "If you are experiencing muscle twitching along with other symptoms such as muscle "
        "weakness or cramping, it may be worth talking to your doctor about getting your "
        "electrolyte levels checked."
    ],
}
# The words with which a source recommends something or offers it as a treatment.
RECOMMENDING = ("these include", "these may include", "it may be worth", "it may be helpful")


@pytest.mark.django_db
def test_the_tips_and_treatments_are_these_with_these_quotes():
    advice = [*LifestyleTip.objects.all(), *Treatment.objects.all()]

    assert {
        item.slug: [evidence.normalise(quote["quote"]) for quote in item.evidence]
        for item in advice
    } == ADVICE_QUOTES


@pytest.mark.parametrize("slug", sorted(ADVICE_QUOTES))
def test_each_tip_and_treatment_is_quoted_where_the_source_recommends_it(slug):
    for quote in ADVICE_QUOTES[slug]:
        assert any(evidence.says(quote, words) for words in RECOMMENDING), quote


# ---------------------------------------------------------------- a made-up article


@pytest.fixture
def made_up(db):
    call_command("load_content", str(MADE_UP), verbosity=0, stderr=io.StringIO())


def test_the_made_up_article_loads_and_passes_the_same_rules(made_up):
    assert check() == []


def test_a_cause_named_under_two_conditions_is_one_record_shared(made_up, api_client):
    condition = api_client.get("/api/v1/conditions/dragon-hiccups/").json()
    dehydration = api_client.get("/api/v1/causes/dehydration/").json()
    listed = api_client.get("/api/v1/causes/", {"condition": "dragon-hiccups"})

    assert [cause["slug"] for cause in condition["causes"]] == ["dehydration", "eating-gold"]
    assert condition["causes"][0]["evidence"][0]["quote"] == (
        "Dragon hiccups can be a sign of dehydration."
    )
    assert dehydration["condition"]["slug"] == "muscle-twitching"
    assert [shared["slug"] for shared in dehydration["shared_with"]] == ["dragon-hiccups"]
    assert sorted(slugs(listed)) == ["dehydration", "eating-gold"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      quote: Eating gold, such as coins and crowns, can cause dragon hiccups and "
            "smoke puffs.\n\n- model: causes.example",
            "      quote: Eating gold can cause fire breathing.\n\n- model: causes.example",
            r"dragon-hiccups\.yaml, record 6 \(causes\.causesymptom 'eating-gold/smoke-puffs'\): "
            r"evidence: Quote 1: quote: Not found in the source 'what-causes-hiccups-in-dragons': "
            r"“Eating gold can cause fire breathing\.”",
        ),
        (
            "    cause: [dehydration]",
            "    cause: [magnesium-deficiency]",
            r"dragon-hiccups\.yaml, record 8 \(causes\.sharedcause "
            r"'dragon-hiccups/magnesium-deficiency'\): evidence: The quote “Dragon hiccups can be "
            r"a sign of dehydration\.” does not mention 'Magnesium deficiency'",
        ),
        (
            "      basis_note: Made up for tests; dragons do not exist. Hiccough is the table's "
            "word for hiccups.",
            "      basis_term: Hiccough",
            r"dragon-hiccups\.yaml, record \d+ \(causes\.condition 'dragon-hiccups'\): codes: "
            r"Code 1: 'Hiccough' \(without its nonessential words, 'Hiccough'\) is none of this "
            r"record's names or lay terms \(Dragon hiccups\)",
        ),
        (
            "    urgency: see_doctor\n",
            "    urgency: see_doctor_promptly\n",
            r"dragon-hiccups\.yaml, record \d+ \(causes\.cause 'eating-gold'\): urgency: No "
            r"quote of the cause says that it is important to, or that you should, see a doctor",
        ),
        (
            "    category: side_effect\n",
            "    category: injury\n",
            r"dragon-hiccups\.yaml, record \d+ \(causes\.cause 'eating-gold'\): category: "
            r"'injury' is not decided by the quotes: none says “injury” or “injuries”",
        ),
        (
            "    symptom: [smoke-puffs]\n    kind: produces\n",
            "    symptom: [smoke-puffs]\n    kind: see_doctor_with\n    strength: may_be_worth\n",
            r"dragon-hiccups\.yaml, record \d+ \(causes\.causesymptom "
            r"'eating-gold/smoke-puffs'\): kind: 'see_doctor_with' is not decided by the quotes: "
            r"none says “doctor”",
        ),
        (
            "    outlook: In most cases, dragon hiccups will go away on their own.\n",
            "    outlook: Dragon hiccups always go away on their own.\n",
            r"dragon-hiccups\.yaml, record \d+ \(causes\.condition 'dragon-hiccups'\): outlook: "
            r"“Dragon hiccups always go away on their own\.” is in none of the quotes",
        ),
        (
            "- model: causes.causesymptom\n",
            "- model: causes.cause\n  fields:\n    slug: gold-eating\n    name: Eating gold\n"
            "    condition: [dragon-hiccups]\n    position: 4\n    summary: Dragon hiccups can "
            "be a side effect of eating gold.\n    evidence:\n    - source: "
            "what-causes-hiccups-in-dragons\n      locator: item 3\n      quote: Dragon hiccups "
            "can be a side effect of eating gold.\n\n- model: causes.causesymptom\n",
            r"dragon-hiccups\.yaml, record \d+ \(causes\.cause 'eating-gold'\): name: “Eating "
            r"gold” already names the cause 'gold-eating': records of one kind cannot share a name",
        ),
        (
            "    name: Smoke puffs\n",
            "    name: Smoke puffs\n    lay_terms:\n    - coins\n",
            r"dragon-hiccups\.yaml, record \d+ \(causes\.symptom 'smoke-puffs'\): lay_terms: "
            r"“coins” already names an example of the cause 'eating-gold': a lay term names one "
            r"record",
        ),
        (
            "    name: Smoke puffs\n",
            "    name: Smoke puffs\n    lay_terms:\n    - the smoke\n",
            r"dragon-hiccups\.yaml, record \d+ \(causes\.symptom 'smoke-puffs'\): lay_terms: "
            r"“the smoke” is one word \('smoke'\) with small words that recognition skips",
        ),
    ],
    ids=[
        "a-quote-not-in-the-source",
        "a-link-its-quote-does-not-make",
        "a-code-whose-term-does-not-name-the-record",
        "an-urgency-no-quote-decides",
        "a-category-no-quote-decides",
        "a-link-kind-no-quote-decides",
        "a-sentence-of-prose-no-quote-holds",
        "a-name-two-records-of-a-kind-share",
        "a-lay-term-that-is-another-records-name",
        "a-lay-term-of-one-word-and-small-words",
    ],
)
def test_an_unsupported_claim_in_a_copy_of_it_fails_naming_file_record_and_quote(
    db, tmp_path, old, new, message
):
    copy = tmp_path / MADE_UP.name
    shutil.copy(MADE_UP, copy)
    text = copy.read_text()
    assert old in text
    copy.write_text(text.replace(old, new))

    with pytest.raises(CommandError, match=message):
        call_command("load_content", str(copy), verbosity=0)

    assert not Source.objects.filter(slug="what-causes-hiccups-in-dragons").exists()


# ---------------------------------------------------------------- Django's own loaddata


def test_loaddata_loads_the_fixtures_to_the_same_content_as_load_content(api_client, settings):
    settings.API_RESPONSE_CACHE = False
    pages = [*LIST_URLS, *DETAIL_URLS, "/api/v1/sources/", "/api/v1/causes/als/"]
    loaded = [without_updated_at(api_client.get(url).json()) for url in pages]
    for model in reversed(CONTENT_MODELS):
        model.objects.all().delete()
    assert api_client.get("/api/v1/causes/").json()["count"] == 0

    call_command("loaddata", *FIXTURES, verbosity=0)

    assert [without_updated_at(api_client.get(url).json()) for url in pages] == loaded
    assert check() == []


# ---------------------------------------------------------------- the rules themselves


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("Medications used to treat Parkinson\u2019s disease", True),  # typographic, as written
        ("Medications used to treat Parkinson's disease", True),  # plain apostrophe
        ("Medications   used to\ntreat Parkinson's disease", True),  # any spacing
        ("Muscle twitching is a common condition", True),  # capitalised, mid-sentence there
        ("Muscle twitching is a rare condition", False),
        ("medications USED to treat", False),  # other than the first letter, case counts
        ("", False),
    ],
)
def test_a_quote_is_found_word_for_word_whatever_its_spacing_and_quote_marks(quote, found):
    text = "In summary, muscle twitching is a common condition. Medications used to treat\n"
    text += "Parkinson\u2019s disease such as levodopa"

    assert evidence.found_in(quote, text) is found


@pytest.mark.parametrize(
    ("text", "names", "mentioned"),
    [
        ("think you may be deficient in magnesium", ["Magnesium deficiency"], True),
        ("it may be worth cutting back", ["Cut back on caffeine"], False),
        ("consume a lot of caffeine, it may be worth cutting back", ["Cut back on caffeine"], True),
        ("other symptoms such as muscle weakness", ["Weakness"], True),
        ("difficulty speaking or swallowing", ["Difficulty swallowing"], True),
        ("If you are taking antibiotics", ["Certain antibiotics"], True),  # "certain" says nothing
        ("a pinched nerve", ["Nerve compression", "Pinched nerve"], True),  # an alternative name
        ("a pinched nerve", ["Nerve compression"], False),
        ("the week before", ["Weakness"], False),
    ],
)
def test_a_text_mentions_a_thing_by_the_stems_of_one_of_its_names(text, names, mentioned):
    assert evidence.mentions(text, names) is mentioned


def test_words_are_stemmed_right_when_threads_stem_at_once():
    """Found under gunicorn's threads: one shared Snowball stemmer garbles its words."""
    import snowballstemmer

    words = [
        f"{start}{end}"
        for start in ("twitch", "numb", "tingl", "weak", "cramp")
        for end in ("ing", "ed", "ness", "ly", "iness", "ings", "er", "est", "ful", "fully")
    ]
    words = [f"{word}{'x' * n}" for word in words for n in range(40)]
    expected = snowballstemmer.stemmer("english").stemWords(words)
    evidence.stem.cache_clear()

    with ThreadPoolExecutor(8) as pool:
        stemmed = list(pool.map(evidence.stem, words))

    assert stemmed == expected
