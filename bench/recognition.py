"""
Free-text recognition measured (causes.recognition), in process:

- quality: precision and recall on the test set of phrasings that the tests pin
  (tests/recognition/phrasings.yaml), for symptoms (right only with the right
  `present`) and for causes;
- speed: the time to recognise a text and to suggest symptoms for what is typed, on
  the fixtures' content and on a synthetic vocabulary of 2,000 symptoms with 10,000
  lay terms (and 1,000 causes), as percentiles over every text or prefix. Each text is
  recognised afresh: no answer, and no correction of a word, is taken from a cache.

    python -m bench.recognition     (make bench-recognition)

The fixtures are loaded into a new SQLite database, as `make run` loads them.
"""

import os
import random
import statistics
import string
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

PHRASINGS = Path(__file__).resolve().parent.parent / "tests" / "recognition" / "phrasings.yaml"
SYNTHETIC_SYMPTOMS = 2_000
SYNTHETIC_LAY_TERMS = 10_000
SYNTHETIC_CAUSES = 1_000


def load_phrasings() -> list[dict]:
    return yaml.safe_load(PHRASINGS.read_text())


@dataclass
class Score:
    found: int = 0  # what recognition said
    expected: int = 0  # what the test set says
    right: int = 0  # both

    def add(self, found: set, expected: set) -> None:
        self.found += len(found)
        self.expected += len(expected)
        self.right += len(found & expected)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.3f} ({self.right}/{self.found}), "
            f"recall {self.recall:.3f} ({self.right}/{self.expected})"
        )


def found_and_expected(recognition, phrasing: dict) -> tuple[set, set, set, set]:
    """(found symptoms, expected symptoms, found causes, expected causes) of one phrasing."""
    symptoms = {(found.entry.slug, found.present) for found in recognition.symptoms}
    expected_symptoms = {(slug, True) for slug in phrasing.get("present", [])} | {
        (slug, False) for slug in phrasing.get("absent", [])
    }
    causes = {found.entry.slug for found in recognition.causes}
    return symptoms, expected_symptoms, causes, set(phrasing.get("causes", []))


def score(recognize: Callable, phrasings: Iterable[dict]) -> tuple[Score, Score]:
    """The symptoms' and the causes' scores of `recognize` over the phrasings."""
    symptoms, causes = Score(), Score()
    for phrasing in phrasings:
        found, expected, found_causes, expected_causes = found_and_expected(
            recognize(phrasing["text"]), phrasing
        )
        symptoms.add(found, expected)
        causes.add(found_causes, expected_causes)
    return symptoms, causes


# ---------------------------------------------------------------- speed


def percentiles(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return f"n={len(ms)} p50 {statistics.median(ms):.3f} ms, p99 {p99:.3f} ms, max {ms[-1]:.3f} ms"


def timed(call: Callable[[str], object], inputs: list[str], before: Callable[[], None]) -> str:
    seconds = []
    for item in inputs:
        before()
        started = time.perf_counter()
        call(item)
        seconds.append(time.perf_counter() - started)
    return percentiles(seconds)


def prefixes(terms: Iterable[str], rng: random.Random, count: int) -> list[str]:
    """What people type into a symptom box: the first letters of terms, some mistyped."""
    terms = list(terms)
    typed = []
    for _ in range(count):
        term = rng.choice(terms).lower()
        prefix = term[: rng.randint(1, min(len(term), 12))]
        if len(prefix) > 5 and rng.random() < 0.3:
            at = rng.randrange(len(prefix))
            prefix = prefix[:at] + rng.choice(string.ascii_lowercase) + prefix[at + 1 :]
        typed.append(prefix)
    return typed


def measure_speed(label: str, vocabulary, texts: list[str], typed: list[str]) -> None:
    def fresh() -> None:
        vocabulary._correction.cache_clear()

    # One pass first: typeahead's index of the terms' starts of each length is built once
    # per vocabulary, on the first query of that length.
    suggest = vocabulary.typeahead.suggest  # without the cache of answers
    for item in typed:
        suggest(item)
    print(f"{label}: recognise  {timed(vocabulary._recognize, texts, fresh)}")
    print(f"{label}: suggest    {timed(suggest, typed, lambda: None)}")


def synthetic_vocabulary(rng: random.Random):
    """2,000 symptoms with 10,000 lay terms and 1,000 causes, of made-up words."""
    from causes.choices import TermMatch
    from causes.recognition.vocabulary import CAUSE, SYMPTOM, Entry, Vocabulary

    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))

    def term() -> str:
        return " ".join(word() for _ in range(rng.randint(1, 3)))

    terms, names = [], []
    for number in range(SYNTHETIC_SYMPTOMS):
        entry = Entry(f"synthetic-symptom-{number}", term().capitalize())
        names.append(entry.name)
        terms.append((SYMPTOM, entry, entry.name, TermMatch.NAME))
        for _ in range(SYNTHETIC_LAY_TERMS // SYNTHETIC_SYMPTOMS):
            lay = term()
            names.append(lay)
            terms.append((SYMPTOM, entry, lay, TermMatch.LAY_TERM))
    for number in range(SYNTHETIC_CAUSES):
        entry = Entry(f"synthetic-cause-{number}", term().capitalize())
        names.append(entry.name)
        terms.append((CAUSE, entry, entry.name, TermMatch.NAME))
    return Vocabulary(terms), names


def synthetic_texts(names: list[str], rng: random.Random, count: int) -> list[str]:
    """Sentences naming a few synthetic terms, some misspelt or negated, up to 500 characters."""
    frames = ["I have {}", "no {} but {}", "my {} and {} got worse", "without {}, {} and {}"]
    texts = []
    for _ in range(count):
        frame = rng.choice(frames)
        picked = []
        for _ in range(frame.count("{}")):
            name = rng.choice(names).lower()
            if rng.random() < 0.3 and len(name) > 6:
                at = rng.randrange(len(name))
                name = name[:at] + name[at + 1 :]
            picked.append(name)
        texts.append(frame.format(*picked)[:500])
    return texts


def main() -> None:
    from bench.servers import manage, production_env

    with tempfile.TemporaryDirectory() as workdir:
        env = production_env(Path(workdir))
        for command in (["migrate"], ["load_content"]):
            manage(*command, "-v", "0", env=env)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthapi.settings")
        import django

        django.setup()
        from causes.recognition.index import build_vocabulary

        vocabulary = build_vocabulary()
        phrasings = load_phrasings()
        symptoms, causes = score(vocabulary._recognize, phrasings)
        print(f"quality on {len(phrasings)} phrasings ({PHRASINGS.name}):")
        print(f"  symptoms: {symptoms}")
        print(f"  causes:   {causes}")

        rng = random.Random(13)
        texts = [phrasing["text"] for phrasing in phrasings]
        fixture_terms = [term.text for term in vocabulary.typeahead.terms]
        measure_speed("fixtures", vocabulary, texts, prefixes(fixture_terms, rng, 2000))
        synthetic, names = synthetic_vocabulary(rng)
        measure_speed(
            f"synthetic ({SYNTHETIC_SYMPTOMS} symptoms, {SYNTHETIC_LAY_TERMS} lay terms)",
            synthetic,
            [*texts, *synthetic_texts(names, rng, 2000)],
            prefixes(names, rng, 2000),
        )


if __name__ == "__main__":
    main()
