"""
What recognition knows: every term of every symptom and cause (names, other
names, lay terms, a cause's named examples), keyed by their stems, and the
content's words for correcting misspellings. Built once per content version
(causes.recognition.index) and read by every request: recognising a text is
dictionary lookups, and an edit-distance search only for a word that is neither
a term's nor a common English one.
"""

import bisect
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..choices import TermMatch
from . import negation
from .words import GLUE_WORDS, Word, is_common_word, normal_form, term_key, words

SYMPTOM, CAUSE = "symptom", "cause"
# Which term of a record explains a match best, when several of its terms match it.
_PREFERENCE = [
    TermMatch.NAME,
    TermMatch.ALTERNATIVE_NAME,
    TermMatch.EXAMPLE,
    TermMatch.LAY_TERM,
    TermMatch.FUZZY,
]
SUGGESTIONS = 10
RECOGNITIONS_KEPT = 2048


def max_edits(length: int) -> int:
    """
    The misspelling allowed in a word of `length` letters: none below 5 letters, one
    edit (a letter added, dropped, changed, or two swapped) up to 7, two from 8.
    """
    return 0 if length < 5 else 1 if length < 8 else 2


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


@dataclass(frozen=True, slots=True)
class Suggestion:
    entry: Entry
    term: str
    match: TermMatch


@dataclass
class _Mention:
    term: Term
    first: int  # word indices, inclusive
    last: int
    fuzzy: bool


@dataclass
class _Matcher:
    """The terms of one kind (symptoms or causes), by the first stem of their keys."""

    by_first: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))

    def add(self, term: Term) -> None:
        self.by_first[term.key[0]].append(term)

    def sort(self) -> None:
        for terms in self.by_first.values():
            terms.sort(key=lambda term: -len(term.key))

    def mentions(self, stems: Sequence[str], positions: Sequence[int]) -> list[list[Term]]:
        """
        Left to right, the longest terms that the stems spell (`positions` maps each stem
        back to its word): for each, every term of that key, one or more records.
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
        suggestible: list[tuple[str, Term, bool]] = []
        for kind, entry, text, match in terms:
            key = term_key(text)
            if not key:
                continue
            term = Term(entry, text, match, key)
            self.matchers[kind].add(term)
            self.known_stems.update(key)
            typed = [word.norm for word in words(text)]
            spellings.update(word for word in typed if word not in GLUE_WORDS and len(word) > 3)
            if kind == SYMPTOM:
                # Each word on: "swal" finds "Difficulty swallowing".
                suggestible += [(" ".join(typed[i:]), term, i == 0) for i in range(len(typed))]
        for matcher in self.matchers.values():
            matcher.sort()
        self.spellings_by_length: dict[int, list[str]] = defaultdict(list)
        for spelling in sorted(spellings):
            self.spellings_by_length[len(spelling)].append(spelling)
        suggestible.sort(key=lambda item: item[0])
        self.phrases = [phrase for phrase, _, _ in suggestible]
        self.phrase_terms = [term for _, term, _ in suggestible]
        self.phrase_is_whole = [whole for _, _, whole in suggestible]
        # Caches of this vocabulary's answers, dropped with it when the content changes.
        self.recognize = functools.lru_cache(maxsize=RECOGNITIONS_KEPT)(self._recognize)
        self._correction = functools.lru_cache(maxsize=8192)(self._find_correction)
        self._prefixes = functools.lru_cache(maxsize=64)(self._prefixes_of_length)

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
            kind: [(first, last, terms) for first, last, terms in matcher.mentions(stems, content)]
            for kind, matcher in self.matchers.items()
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
        edits = max_edits(len(norm))
        if not edits or not norm.isalpha() or norm in GLUE_WORDS or is_common_word(norm):
            return None
        candidates = [
            spelling
            for length in range(len(norm) - edits, len(norm) + edits + 1)
            for spelling in self.spellings_by_length.get(length, ())
        ]
        best = process.extractOne(norm, candidates, scorer=OSA.distance, score_cutoff=edits)
        return best[0] if best else None

    @staticmethod
    def _by_record(
        text: str,
        found: list[Word],
        mentions: list[tuple[int, int, list[Term]]],
        negated: set[int],
        fuzzy: set[int],
    ) -> list[Found]:
        """One result per record: its first mention that is present, else its first."""
        results: dict[str, Found] = {}
        for first, last, terms in mentions:
            start, end = found[first].start, found[last].end
            matched = text[start:end]
            misspelt = any(i in fuzzy for i in range(first, last + 1))
            typed = " ".join(normal_form(word) for word in matched.split())
            for term in _best_per_record(terms, typed):
                earlier = results.get(term.entry.slug)
                present = first not in negated
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

    # ------------------------------------------------------------ suggestions

    def suggest(self, typed: str) -> list[Suggestion]:
        """Symptoms whose terms start with, or are one slip away from, what is typed."""
        query = " ".join(word.norm for word in words(typed))
        if not query:
            return []
        ranked: list[tuple[tuple, Term, TermMatch]] = []
        start = bisect.bisect_left(self.phrases, query)
        for index in range(start, len(self.phrases)):
            phrase = self.phrases[index]
            if not phrase.startswith(query):
                break
            term = self.phrase_terms[index]
            order = 0 if self.phrase_is_whole[index] else 1
            ranked.append(((order, 0, *_rank(term)), term, term.match))
        # Closely: the start of a term, as long as what is typed give or take the edits
        # allowed ("tingel" is one from "tingl", the start of "tingling").
        edits = max_edits(len(query))
        for length in range(len(query) - edits, len(query) + edits + 1) if edits else ():
            for _, distance, index in process.extract(
                query, self._prefixes(length), scorer=OSA.distance, score_cutoff=edits, limit=None
            ):
                term = self.phrase_terms[index]
                ranked.append(((2, distance, *_rank(term)), term, TermMatch.FUZZY))
        suggestions: dict[str, Suggestion] = {}
        for _, term, match in sorted(ranked, key=lambda item: item[0]):
            if term.entry.slug not in suggestions:
                suggestions[term.entry.slug] = Suggestion(term.entry, term.text, match)
                if len(suggestions) == SUGGESTIONS:
                    break
        return list(suggestions.values())

    def _prefixes_of_length(self, length: int) -> list[str]:
        return [phrase[:length] for phrase in self.phrases]


def _rank(term: Term) -> tuple:
    return (_PREFERENCE.index(term.match), len(term.text), term.text)


def _best_per_record(terms: list[Term], typed: str) -> list[Term]:
    """
    For each record among `terms` (all of one key), its term that explains the match
    best: one spelt as typed ("numb", a lay term, over "Numbness", its name), then by
    _PREFERENCE.
    """
    best: dict[str, Term] = {}
    for term in sorted(
        terms,
        key=lambda term: (
            " ".join(normal_form(word) for word in term.text.split()) != typed,
            _PREFERENCE.index(term.match),
        ),
    ):
        best.setdefault(term.entry.slug, term)
    return list(best.values())
