"""
The loaded content says what the source article says, and nothing more.

The article is kept beside the fixtures (fixtures/sources/). Its numbered items
4 to 18 are causes; a cause's `position` is its item number. These tests read
the article itself, so a fixture that drifts from it fails here.
"""

import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from causes.models import Cause, Condition, Example, LifestyleTip, Source, Symptom, Treatment

ARTICLE = Path(settings.BASE_DIR, "fixtures/sources/what-causes-muscle-twitching.txt")
# The article as it was handed over, beside the project where it is checked out with it.
SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_1de4845ffc7d5b0a.txt"
FIRST_CAUSE_ITEM, LAST_CAUSE_ITEM = 4, 18

# How the article words each symptom. A symptom is linked to exactly the causes
# whose article item uses these words.
SYMPTOM_WORDING = {
    "weakness": r"\bweakness\b",
    "numbness": r"\bnumbness\b",
    "tingling": r"\btingling\b",
    "racing-thoughts": r"\bracing thoughts\b",
    "rapid-heartbeat": r"\brapid heartbeat\b",
    "muscle-cramps": r"\bcramp",
    "difficulty-speaking": r"\bdifficulty speaking\b",
    "difficulty-swallowing": r"\bswallowing\b",
    "snoring": r"\bsnoring\b",
    "difficulty-falling-asleep": r"\bdifficulty falling asleep\b",
    "fatigue": r"\bfatigue\b",
    "joint-pain": r"\bjoint pain\b",
    "pain": r"(?<!joint )\bpain\b",
}

# How the article words each treatment. A treatment is linked to exactly the
# causes whose article item uses these words (item 3's options to none).
TREATMENT_WORDING = {
    "muscle-relaxants": "medications to help relax your muscles",
    "physical-therapy": "physical therapy",
    "surgery": "surgery in rare cases",
    "anxiety-treatment": "seek treatment for your anxiety",
    "adjust-medication-dosage": "adjusting your dosage",
    "switch-medication": "switching to a different medication",
    "magnesium-supplement": "magnesium supplement",
    "sleep-study": "sleep study",
    "adjust-treatment-plan": "adjusting your treatment plan",
    "electrolyte-test": "getting your electrolyte levels checked",
}

# The lifestyle changes of item 2, which the article ties to no cause, and the
# changes that it advises for one cause (items 8 and 11).
TIP_WORDING = {
    "get-enough-sleep": ("getting enough sleep", set()),
    "reduce-stress": ("reducing your stress levels", set()),
    "stay-hydrated": ("staying hydrated", set()),
    "avoid-caffeine-and-alcohol": ("avoiding caffeine and alcohol", set()),
    "cut-back-on-caffeine": ("it may be worth cutting back", {"caffeine-and-stimulants"}),
    "increase-water-intake": ("increasing your water intake", {"dehydration"}),
}


def normalise(text: str) -> str:
    return " ".join(text.split())


@cache
def article() -> str:
    return normalise(ARTICLE.read_text(encoding="utf-8"))


@cache
def items() -> dict[int, str]:
    """The article's numbered items, by number."""
    parts = re.split(
        r"\s(\d{1,2})\. ", " " + ARTICLE.read_text(encoding="utf-8").split("In summary")[0]
    )
    return {
        int(number): normalise(text) for number, text in zip(parts[1::2], parts[2::2], strict=True)
    }


@cache
def summary() -> str:
    return article()[article().index("In summary") :]


def causes_at(item_numbers: set[int]) -> set[str]:
    return set(Cause.objects.filter(position__in=item_numbers).values_list("slug", flat=True))


def items_matching(pattern: str) -> set[int]:
    return {
        number
        for number, text in items().items()
        if FIRST_CAUSE_ITEM <= number <= LAST_CAUSE_ITEM and re.search(pattern, text, re.IGNORECASE)
    }


pytestmark = pytest.mark.django_db


def test_the_kept_article_is_the_one_handed_over_word_for_word():
    if not SEED.exists():
        pytest.skip(f"The article as handed over is not beside the project ({SEED}).")
    assert ARTICLE.read_bytes() == SEED.read_bytes()


def test_the_article_has_eighteen_items():
    assert sorted(items()) == list(range(1, 19))


def test_every_cause_item_is_a_cause_at_its_position():
    positions = set(Cause.objects.values_list("position", flat=True))

    assert set(range(FIRST_CAUSE_ITEM, LAST_CAUSE_ITEM + 1)) <= positions


def test_each_cause_summary_is_its_items_first_sentence():
    for cause in Cause.objects.filter(position__lte=LAST_CAUSE_ITEM):
        first_sentence = items()[cause.position].split(". ")[0] + "."
        assert normalise(cause.summary).startswith(first_sentence), cause.slug


def test_cause_explanations_and_advice_quote_the_article_word_for_word():
    for cause in Cause.objects.filter(position__lte=LAST_CAUSE_ITEM):
        item = items()[cause.position]
        for text in (cause.summary, cause.explanation, cause.advice):
            assert normalise(text) in item or normalise(text) in article(), (cause.slug, text)


def test_causes_named_only_in_the_summary_are_the_ones_it_names():
    summary_only = Cause.objects.filter(position__gt=LAST_CAUSE_ITEM)
    named = "Muscle twitching can be caused by stress, fatigue, dehydration"

    assert named in summary()
    assert sorted(summary_only.values_list("slug", flat=True)) == ["fatigue", "stress"]
    for cause in summary_only:
        assert cause.name.lower() in named
        # The summary explains neither and advises nothing for them.
        assert (cause.explanation, cause.advice, cause.category, cause.urgency) == (
            "",
            "",
            None,
            None,
        )


def test_the_symptoms_are_exactly_those_the_article_words():
    assert set(Symptom.objects.values_list("slug", flat=True)) == set(SYMPTOM_WORDING)


@pytest.mark.parametrize("slug", sorted(SYMPTOM_WORDING))
def test_a_symptom_comes_with_exactly_the_causes_whose_item_names_it(slug):
    linked = set(Symptom.objects.get(slug=slug).causes.values_list("slug", flat=True))

    assert linked == causes_at(items_matching(SYMPTOM_WORDING[slug]))


def test_the_causes_listed_with_weakness_are_exactly_those_the_article_lists():
    linked = set(Symptom.objects.get(slug="weakness").causes.values_list("slug", flat=True))

    assert items_matching(r"\bweakness\b") == {6, 7, 9, 16}
    assert linked == {"nerve-damage", "magnesium-deficiency", "als", "electrolyte-imbalances"}


def test_warning_signs_are_those_the_article_says_to_see_a_doctor_about():
    condition = Condition.objects.get(slug="muscle-twitching")
    should = (
        "accompanied by other symptoms such as weakness, numbness, or tingling, "
        "you should see a doctor"
    )
    important = (
        "along with other symptoms such as weakness or difficulty speaking or swallowing, "
        "it is important to see a doctor"
    )

    assert should in items()[1]
    assert important in items()[9]
    assert set(condition.warning_signs.values_list("slug", flat=True)) == {
        "weakness",
        "numbness",
        "tingling",
        "difficulty-speaking",
        "difficulty-swallowing",
    }


def test_red_flags_are_the_warning_signs():
    red_flags = Symptom.objects.with_red_flag().filter(red_flag=True)
    warning_signs = Symptom.objects.filter(warning_sign_of__isnull=False)

    assert set(red_flags) == set(warning_signs)


def test_urgency_follows_the_articles_wording():
    for cause in Cause.objects.filter(position__lte=LAST_CAUSE_ITEM):
        item = items()[cause.position]
        if "it is important to see a doctor" in item:
            expected = "see_doctor_promptly"
        elif "doctor" in item:
            expected = "see_doctor"
        elif "seek treatment" in item:
            expected = "seek_treatment"  # a treatment, but no doctor
        else:
            expected = "self_care"
        assert cause.urgency == expected, cause.slug


def test_every_example_is_named_in_its_causes_item():
    for example in Example.objects.select_related("cause"):
        assert example.name.lower() in items()[example.cause.position].lower(), example.name


def test_the_examples_are_all_that_the_article_names():
    assert set(Example.objects.values_list("name", flat=True)) == {
        "Corticosteroids",
        "Diuretics",
        "Levodopa",
        "Ciprofloxacin",
        "Levofloxacin",
        "Lupus",
        "Myasthenia gravis",
        "Sleep apnea",
        "Restless leg syndrome",
        "Chemotherapy",
        "Radiation therapy",
        "Caffeine",
    }


def test_the_treatments_are_exactly_those_the_article_words():
    assert set(Treatment.objects.values_list("slug", flat=True)) == set(TREATMENT_WORDING)


@pytest.mark.parametrize("slug", sorted(TREATMENT_WORDING))
def test_a_treatment_applies_to_exactly_the_causes_whose_item_offers_it(slug):
    wording = TREATMENT_WORDING[slug]
    linked = set(Treatment.objects.get(slug=slug).causes.values_list("slug", flat=True))

    assert wording in article().lower()
    assert linked == causes_at(items_matching(re.escape(wording)))


def test_the_lifestyle_tips_are_the_changes_the_article_lists():
    assert set(LifestyleTip.objects.values_list("slug", flat=True)) == set(TIP_WORDING)
    for slug, (wording, causes) in TIP_WORDING.items():
        tip = LifestyleTip.objects.get(slug=slug)
        assert wording in article(), slug
        assert set(tip.causes.values_list("slug", flat=True)) == causes, slug


def test_the_source_metadata_is_the_articles():
    source = Source.objects.get(conditions__slug="muscle-twitching")
    related = source.related_articles.get()

    for text in [
        source.title,
        source.author,
        "June 04, 2023",
        f"{source.reading_minutes} min",
        source.publisher,
        source.copyright,
        related.title,
    ]:
        assert text in article(), text
    assert source.published_on.isoformat() == "2023-06-04"
    assert "".join(f"#{tag}" for tag in source.tags) in article()
    assert normalise(source.text) == article()
