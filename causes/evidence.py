"""
Evidence: the words of a source that a claim rests on, and the rules that tie
every claim to them. The models, the fixture loader, the API's writes and the
admin all check content with these functions, so that every way in obeys the
same rules.

An evidence item is `{"source": <a source's slug>, "quote": <its exact words>,
"locator": <where they stand: "item 9", "summary">}`.

- A quote is *found* in its source when it appears in the source's text once
  both are normalised: every run of whitespace is one space, and typographic
  quotes and apostrophes are plain ones. Its first letter may be a capital where
  the source's words begin mid-sentence ("In summary, muscle twitching is ...").
- A text *mentions* a thing when every content word of one of the thing's names
  (its name or an alternative name) is among the text's words, compared by
  their English stems ("deficient" mentions "deficiency", "cutting back" "cut
  back") and ignoring small words such as "and", "your" or "certain".
"""

import functools
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import snowballstemmer

QUOTE_MAX_LENGTH = 2000
LOCATOR_MAX_LENGTH = 100
EVIDENCE_KEYS = ("source", "quote", "locator")

# Typographic quotes and apostrophes, and the no-break space.
_TYPOGRAPHIC = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}
)
# Words that say nothing of which thing a name means (recognition, too, matches a
# term with or without them).
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "by",
        "certain",
        "for",
        "from",
        "in",
        "is",
        "it",
        "my",
        "of",
        "on",
        "or",
        "other",
        "some",
        "such",
        "the",
        "to",
        "with",
        "your",
    ]
)
# A Snowball stemmer keeps its word in itself while it works: one per thread.
_stemmers = threading.local()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The English stem of a lowercase word ("deficiency" and "deficient": "defici")."""
    if not hasattr(_stemmers, "english"):
        _stemmers.english = snowballstemmer.stemmer("english")
    return _stemmers.english.stemWord(word)


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SMALL_STEMS = frozenset(stem(word) for word in SMALL_WORDS)


def normalise(text: str) -> str:
    """One space for every run of whitespace; plain quotes and apostrophes."""
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def found_in(quote: str, text: str) -> bool:
    """Whether `quote` stands word for word in `text`, as normalise() compares them."""
    quote = normalise(quote)
    if not quote:
        return False
    text = normalised_text(text)
    return quote in text or quote[0].lower() + quote[1:] in text


@functools.lru_cache(maxsize=32)
def normalised_text(text: str) -> str:
    return normalise(text)


def _stems(text: str) -> set[str]:
    return {stem(word.removesuffix("'s")) for word in _WORD.findall(normalise(text).lower())}


def _content_stems(name: str) -> set[str]:
    return _stems(name) - _SMALL_STEMS


def mentions(text: str, names: Iterable[str]) -> bool:
    """Whether `text` names the thing called by any of `names` (see the module docstring)."""
    words = _stems(text)
    return any((stems := _content_stems(name)) and stems <= words for name in names)


def says(text: str, phrase: str) -> bool:
    """Whether `text` contains `phrase`, ignoring case, spacing and typographic quotes."""
    return normalise(phrase).lower() in normalise(text).lower()


# A sentence ends at a full stop, question or exclamation mark before the next one's capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def unquoted_sentences(text: str, quotes: list[str]) -> list[str]:
    """The sentences of `text` that stand word for word in none of `quotes`."""
    sentences = _SENTENCE_END.split(normalise(text)) if text.strip() else []
    return [
        sentence for sentence in sentences if not any(found_in(sentence, quote) for quote in quotes)
    ]


def says_any(quotes: Iterable[str], phrases: Iterable[str]) -> bool:
    """Whether one of `quotes` says one of `phrases` (as says() compares them)."""
    phrases = tuple(phrases)
    return any(says(quote, phrase) for quote in quotes for phrase in phrases)


def undecided(
    value: str | None, words: Mapping[str, tuple[str, ...]], quotes: list[str]
) -> str | None:
    """
    Why `value` does not stand, if it does not: no quote says any of the words that
    decide it (`words`, by value; causes.choices). A null value ("not stated") stands.
    """
    if value is None or value == "" or value not in words or says_any(quotes, words[value]):
        return None
    wanted = " or ".join(f"“{word}”" for word in words[value])
    return (
        f"{value!r} is not decided by the quotes: none says {wanted}. Quote the sentence "
        "that does, or leave the value empty (not stated)."
    )


def shape_problems(item: Any) -> dict[str, str]:
    """What is wrong with the form of one evidence item, by key; empty when nothing is."""
    if not isinstance(item, Mapping):
        return {"non_field_errors": 'Each item is an object: {"source", "quote", "locator"}.'}
    problems = {
        key: "Must be a non-empty string."
        for key in EVIDENCE_KEYS
        if not isinstance(item.get(key), str) or not item[key].strip()
    }
    unknown = sorted(set(item) - set(EVIDENCE_KEYS))
    if unknown:
        problems["non_field_errors"] = f"Unknown keys: {', '.join(map(str, unknown))}."
    for key, limit in (("quote", QUOTE_MAX_LENGTH), ("locator", LOCATOR_MAX_LENGTH)):
        if key not in problems and len(item[key]) > limit:
            problems[key] = f"Must be at most {limit} characters."
    return problems


def evidence_problems(evidence: Any, source_texts: Mapping[str, str]) -> dict[int, dict[str, str]]:
    """
    The faults of a list of evidence items, by item index and key: its form, a source
    that does not exist (not in `source_texts`, a source slug -> its text), a quote that
    is not in its source. An empty list has no faults here; whether evidence is
    required is the caller's rule.
    """
    if not isinstance(evidence, list):
        return {0: {"non_field_errors": "Must be a list of quotes."}}
    problems: dict[int, dict[str, str]] = {}
    for index, item in enumerate(evidence):
        item_problems = shape_problems(item)
        if not item_problems:
            text = source_texts.get(item["source"])
            if text is None:
                item_problems["source"] = f"No source has the slug {item['source']!r}."
            elif not found_in(item["quote"], text):
                item_problems["quote"] = (
                    f"Not found in the source {item['source']!r}: “{item['quote']}”. Copy the "
                    "source's words exactly (spacing and typographic quotes may differ)."
                )
        if item_problems:
            problems[index] = item_problems
    return problems


def quotes(evidence: Any) -> list[str]:
    """The quotes of a list of evidence items; those of its well-formed items only."""
    if not isinstance(evidence, list):
        return []
    return [
        item["quote"]
        for item in evidence
        if isinstance(item, Mapping) and isinstance(item.get("quote"), str)
    ]


def unmentioned(evidence: list[dict], names: list[str]) -> list[str]:
    """The quotes of `evidence` that do not mention the thing called `names`."""
    return [quote for quote in quotes(evidence) if not mentions(quote, names)]
