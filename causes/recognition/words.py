"""
The words of typed text, as recognition compares them: where each stands, its
normal form (lower case, plain apostrophes, no possessive "'s", contractions
spelt with their apostrophe) and its English stem, so that in a term of several
words "twitches" and "swallowing" meet "twitch" and "swallow".

A term of one word is matched on that word's own forms, never by its stem: a stem
joins words of different meanings ("medical" and "medications", "cramped" and
"cramping", the name "Al" and "ALS"), and one word has no neighbours to tell them
apart. Its forms are the word as written, its singular and its plural (a regular
-s, -es or -ies); an abbreviation in capitals ("ALS"), only as spelt. Other forms
that mean the same ("snore" for snoring) are lay terms of their own.
"""

import functools
import re
from dataclasses import dataclass

from wordfreq import get_frequency_dict

from ..evidence import SMALL_WORDS, stem

# Letters and digits, with inner apostrophes ("don't", "parkinson's"), in any script.
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
# Contractions that negate what follows ("I don't have any pain"; causes.recognition.negation).
NEGATING_CONTRACTIONS = frozenset(
    [
        "don't",
        "doesn't",
        "didn't",
        "haven't",
        "hasn't",
        "hadn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "ain't",
    ]
)
# Typed without the apostrophe, these are still the contractions.
_CONTRACTIONS = {
    word.replace("'", ""): word
    for word in [*NEGATING_CONTRACTIONS, "can't", "couldn't", "won't", "wouldn't", "i'm", "i've"]
}
# Words that do not tell one term from another: a term matches with or without them
# ("shortness of breath", "shortness breath"), and they are not part of its key.
GLUE_WORDS = SMALL_WORDS
# A word at least this frequent in English (wordfreq's scale: per word of text) is a
# word in its own right, never taken for a misspelling: Zipf 2, once in 10 million
# words ("week", "tickling", "tinkling"; "dificulty", a misspelling, is rarer).
COMMON_WORD_FREQUENCY = 1e-7


@dataclass(frozen=True, slots=True)
class Word:
    start: int  # offsets into the text, in characters (code points)
    end: int
    norm: str
    stem: str


def _normal_form(word: str) -> str:
    word = word.lower().replace("\u2019", "'").removesuffix("'s")
    return _CONTRACTIONS.get(word, word)


def words(text: str) -> list[Word]:
    found = []
    for match in _WORD.finditer(text):
        norm = _normal_form(match.group())
        found.append(Word(match.start(), match.end(), norm, stem(norm)))
    return found


def _content_words(term: str) -> list[Word]:
    return [word for word in words(term) if word.norm not in GLUE_WORDS]


def _is_abbreviation(term: str, word: Word) -> bool:
    spelt = term[word.start : word.end]
    return len(spelt) > 1 and spelt.isupper()


def _singular(norm: str) -> str:
    if norm.endswith("ies") and len(norm) > 4:
        return norm[:-3] + "y"
    if norm.endswith(("ches", "shes", "sses", "xes", "zes")):
        return norm[:-2]
    if norm.endswith("s") and not norm.endswith(("ss", "us", "is")):
        return norm[:-1]
    return norm


def _plural(singular: str) -> str:
    if singular.endswith("y") and singular[-2:-1] not in ("a", "e", "o", "u", ""):
        return singular[:-1] + "ies"
    if singular.endswith(("s", "x", "z", "ch", "sh")):
        return singular + "es"
    return singular + "s"


@functools.lru_cache(maxsize=65536)
def term_key(term: str) -> tuple[str, ...]:
    """
    What a term is matched by: the stems of its words, glue words left out; a term of
    one such word, by that word in the singular (as spelt, for an abbreviation).
    """
    content = _content_words(term)
    if len(content) != 1:
        return tuple(word.stem for word in content)
    [word] = content
    return (word.norm if _is_abbreviation(term, word) else _singular(word.norm),)


def one_word_forms(term: str) -> frozenset[str]:
    """
    The typed words (in normal form) that a term of one word matches: that word as
    written, singular and plural; an abbreviation, only as spelt. None for others.
    """
    content = _content_words(term)
    if len(content) != 1:
        return frozenset()
    [word] = content
    if _is_abbreviation(term, word):
        return frozenset([word.norm])
    singular = _singular(word.norm)
    return frozenset([word.norm, singular, _plural(singular)])


@functools.cache
def _common_words() -> frozenset[str]:
    # Read once per process from the package's "large" list (~0.3 s, on the first word
    # that is no term's): some 320,000 words, of which those at least this frequent.
    return frozenset(
        word
        for word, frequency in get_frequency_dict("en", wordlist="large").items()
        if frequency >= COMMON_WORD_FREQUENCY
    )


def is_common_word(norm: str) -> bool:
    return norm in _common_words()
