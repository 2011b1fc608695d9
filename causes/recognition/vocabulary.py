"""
What recognition knows: every term of every symptom and cause (names, other
names, lay terms, a cause's named examples), keyed by their stems, and the
content's words for correcting misspellings. Built once per content version
(causes.recognition.index) and read by every request: recognising a text is
dictionary lookups, and an edit-distance search only for a word that is neither
a term's nor a common English one.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..choices import TermMatch
from . import negation
from .spelling import NearbyStrings, max_edits
from .typeahead import Typeahead
from .words import GLUE_WORDS, Word, is_common_word, term_key, words

SYMPTOM, CAUSE = "symptom", "cause"
# Which term of a record explains a match best, when several of its terms match it.
_PREFERENCE = [
    TermMatch.NAME,
    TermMatch.ALTERNATIVE_NAME,
    TermMatch.EXAMPLE,
    TermMatch.LAY_TERM,
]
RECOGNITIONS_KEPT = 2048


@dataclass(frozen=True, slots=True)
class Entry:
    """A symptom or cause, as recognition reports it."""

    slug: str
    name: str
    red_flag: bool = False
    disclaimers: tuple[str, ...] = ()
    pk: int | None = None  # for queries, never shown


@dataclass(frozen=True, slots=True)
class Term:
    entry: Entry
    text: str
    match: TermMatch
    key: tuple[str, ...]
    spelling: str  # its words in normal form: to tell the term that was typed as it is


@dataclass(frozen=True, slots=True)
class Found:
    """A symptom or cause that a text names: where, by which words, and how."""

    entry: Entry
    start: int
    end: int
    matched: str
    match: TermMatch
    present: bool = True


@dataclass(frozen=True)
class Recognition:
    symptoms: list[Found]
    causes: list[Found]

    @property
    def present_symptoms(self) -> list[Entry]:
        return [found.entry for found in self.symptoms if found.present]

    @property
    def named_causes(self) -> list[Entry]:
        return [found.entry for found in self.causes]

    @property
    def red_flags(self) -> list[str]:
        return [entry.slug for entry in self.present_symptoms if entry.red_flag]

    @property
    def disclaimers(self) -> list[str]:
        return list(
            dict.fromkeys(
                disclaimer
                for found in (*self.symptoms, *self.causes)
                for disclaimer in found.entry.disclaimers
            )
        )


# The first and last word of a mention, and the terms (all of one key) that it matches.
Mention = tuple[int, int, list[Term]]


@dataclass
class _Matcher:
    """The terms of one kind (symptoms or causes), by the first stem of their keys."""

    by_first: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))

    def add(self, term: Term) -> None:
        self.by_first[term.key[0]].append(term)

    def sort(self) -> None:
        for terms in self.by_first.values():
            terms.sort(key=lambda term: -len(term.key))

    def mentions(self, stems: Sequence[str], positions: Sequence[int]) -> list[Mention]:
        """
        Left to right, the longest terms that the stems spell (`positions` maps each stem
        back to its word): for each, its first and last word, and every term of that key
        (of one record or more).
        """
        found, at = [], 0
        while at < len(stems):
            longest = next(
                (
                    term
                    for term in self.by_first.get(stems[at], ())
                    if tuple(stems[at : at + len(term.key)]) == term.key
                ),
                None,
            )
            if longest is None:
                at += 1
                continue
            found.append(
                (
                    positions[at],
                    positions[at + len(longest.key) - 1],
                    [t for t in self.by_first[stems[at]] if t.key == longest.key],
                )
            )
            at += len(longest.key)
        return found


class Vocabulary:
    def __init__(self, terms: Iterable[tuple[str, Entry, str, TermMatch]]) -> None:
        """`terms`: (SYMPTOM or CAUSE, the record, the term, how it names the record)."""
        self.matchers = {SYMPTOM: _Matcher(), CAUSE: _Matcher()}
        self.known_stems: set[str] = set()
        spellings: set[str] = set()
        symptom_terms = []
        for kind, entry, text, match in terms:
            key = term_key(text)
            if not key:
                continue
            typed = [word.norm for word in words(text)]
            term = Term(entry, text, match, key, " ".join(typed))
            self.matchers[kind].add(term)
            self.known_stems.update(key)
            spellings.update(word for word in typed if word not in GLUE_WORDS and word.isalpha())
            if kind == SYMPTOM:
                symptom_terms.append(term)
        for matcher in self.matchers.values():
            matcher.sort()
        self.spellings = NearbyStrings(spellings)
        self.typeahead = Typeahead(symptom_terms)
        # Caches of this vocabulary's answers, dropped with it when the content changes.
        self.recognize = functools.lru_cache(maxsize=RECOGNITIONS_KEPT)(self._recognize)
        self.suggest = functools.lru_cache(maxsize=RECOGNITIONS_KEPT)(self.typeahead.suggest)
        self._correction = functools.lru_cache(maxsize=8192)(self._find_correction)

    # ------------------------------------------------------------ recognition

    def _recognize(self, text: str) -> Recognition:
        found = words(text)
        content = [i for i, word in enumerate(found) if word.norm not in GLUE_WORDS]
        stems, fuzzy = [], set()
        for i in content:
            spelt = self._stem(found[i])
            if spelt != found[i].stem:
                fuzzy.add(i)
            stems.append(spelt)
        mentions = {
            kind: matcher.mentions(stems, content) for kind, matcher in self.matchers.items()
        }
        in_terms = {
            i
            for found_of_kind in mentions.values()
            for first, last, _ in found_of_kind
            for i in range(first, last + 1)
        }
        negated = negation.negated(text, found, in_terms)
        results = {}
        for kind, found_of_kind in mentions.items():
            results[kind] = self._by_record(text, found, found_of_kind, negated, fuzzy)
        # A cause the text says is not there ("I don't drink coffee") is not named.
        return Recognition(
            symptoms=results[SYMPTOM],
            causes=[found for found in results[CAUSE] if found.present],
        )

    def _stem(self, word: Word) -> str:
        """The word's stem, or that of the content's word it misspells."""
        if word.stem in self.known_stems:
            return word.stem
        corrected = self._correction(word.norm)
        return word.stem if corrected is None else words(corrected)[0].stem

    def _find_correction(self, norm: str) -> str | None:
        """The content's word that `norm` misspells, unless it is a common word itself."""
        if not norm.isalpha() or norm in GLUE_WORDS or is_common_word(norm):
            return None
        nearest = self.spellings.near(norm, max_edits(len(norm)))
        return nearest[0][0] if nearest else None

    @staticmethod
    def _by_record(
        text: str,
        found: list[Word],
        mentions: list[Mention],
        negated: set[int],
        fuzzy: set[int],
    ) -> list[Found]:
        """One result per record: its first mention that is present, else its first."""
        results: dict[str, Found] = {}
        for first, last, terms in mentions:
            start, end = found[first].start, found[last].end
            matched = text[start:end]
            misspelt = any(i in fuzzy for i in range(first, last + 1))
            typed = " ".join(word.norm for word in found[first : last + 1])
            for term in _best_per_record(terms, typed):
                earlier = results.get(term.entry.slug)
                present = first not in negated and last not in negated
                if earlier is not None and (earlier.present or not present):
                    continue
                results[term.entry.slug] = Found(
                    entry=term.entry,
                    start=start,
                    end=end,
                    matched=matched,
                    match=TermMatch.FUZZY if misspelt else term.match,
                    present=present,
                )
        return sorted(results.values(), key=lambda result: result.start)


def _best_per_record(terms: list[Term], typed: str) -> list[Term]:
    """
    For each record among `terms` (all of one key), its term that explains the match
    best: one spelt as typed ("numb", a lay term, over "Numbness", its name), then by
    _PREFERENCE.
    """
    best: dict[str, Term] = {}
    for term in sorted(
        terms,
        key=lambda term: (term.spelling != typed, _PREFERENCE.index(term.match)),
    ):
        best.setdefault(term.entry.slug, term)
    return list(best.values())
