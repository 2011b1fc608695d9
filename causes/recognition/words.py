"""
The words of typed text, as recognition compares them: where each stands, its
normal form (lower case, plain apostrophes, no possessive "'s", contractions
spelt with their apostrophe) and its English stem, so that "twitches",
"swallowing" and "weak" meet "twitch", "swallow" and "weakness".
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


@functools.lru_cache(maxsize=65536)
def term_key(term: str) -> tuple[str, ...]:
    """What a term is matched by: the stems of its words, glue words left out."""
    return tuple(word.stem for word in words(term) if word.norm not in GLUE_WORDS)


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
