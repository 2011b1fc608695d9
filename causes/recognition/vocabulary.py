"""
What recognition knows: every term of every symptom and cause (names, other
names, lay terms, a cause's named examples), keyed by their stems (a term of one
word, by its own forms), and the content's words for correcting misspellings.
Built once per content version (causes.recognition.index) and read by every
request: recognising a text is dictionary lookups, and an edit-distance search
only for a word that is neither a term's nor a common English one.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..choices import TermMatch
from . import negation
from .spelling import NearbyStrings, max_edits
from .typeahead import Typeahead
from .words import GLUE_WORDS, Word, is_common_word, one_word_forms, term_key, words

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
    """
    The terms of one kind (symptoms or causes): those of several words by the first
    stem of their keys, those of one word by each of its forms (words.one_word_forms).
    """

    by_first: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    by_form: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))

    def add(self, term: Term) -> None:
        if len(term.key) == 1:
            for form in one_word_forms(term.text):
                self.by_form[form].append(term)
        else:
            self.by_first[term.key[0]].append(term)

    def sort(self) -> None:
        for terms in self.by_first.values():
            terms.sort(key=lambda term: -len(term.key))

    def mentions(
        self, stems: Sequence[str], forms: Sequence[str], positions: Sequence[int]
    ) -> list[Mention]:
        """
        Left to right, the longest terms that the words spell (`stems` and `forms` of
        the same words; `positions` maps each back to its place in the text): for each,
        its first and last word, and every term of that key (of one record or more).
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
            if longest is not None:
                terms = [t for t in self.by_first[stems[at]] if t.key == longest.key]
            elif one_word := self.by_form.get(forms[at]):
                terms = [t for t in one_word if t.key == one_word[0].key]
            else:
                at += 1
                continue
            length = len(terms[0].key)
            found.append((positions[at], positions[at + length - 1], terms))
            at += length
        return found

    def spelt_by(self, stems: Sequence[str], forms: Sequence[str]) -> list[Term]:
        """The terms that these words spell, all of them and no more."""
        if len(stems) == 1:
            return self.by_form.get(forms[0], [])
        return [term for term in self.by_first.get(stems[0], ()) if term.key == tuple(stems)]


class Vocabulary:
    def __init__(self, terms: Iterable[tuple[str, Entry, str, TermMatch]]) -> None:
        """`terms`: (SYMPTOM or CAUSE, the record, the term, how it names the record)."""
        self.matchers = {SYMPTOM: _Matcher(), CAUSE: _Matcher()}
        # A word that is one of these is the content's, never taken for a misspelling.
        self.known_stems: set[str] = set()  # of the words of terms of several words
        self.known_forms: set[str] = set()  # of terms of one word
        spellings: set[str] = set()
        self.terms: list[tuple[str, Term]] = []
        symptom_terms = []
        for kind, entry, text, match in terms:
            key = term_key(text)
            if not key:
                continue
            spelt = words(text)
            typed = [word.norm for word in spelt]
            term = Term(entry, text, match, key, " ".join(typed))
            self.matchers[kind].add(term)
            self.terms.append((kind, term))
            if len(key) == 1:
                self.known_forms.update(one_word_forms(text))
            else:
                self.known_stems.update(word.stem for word in spelt)
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

    def terms_within_terms(self) -> list[str]:
        """
        Each term that holds a shorter term of another record ("Joint pain" holds
        "Pain"), for editors to review: where a text spells the longer term, it wins,
        but the shorter one alone names the other record.
        """
        reports = []
        for kind, term in self.terms:
            content = [word for word in words(term.text) if word.norm not in GLUE_WORDS]
            stems = [word.stem for word in content]
            forms = [word.norm for word in content]
            spans = [
                (first, last)
                for first in range(len(content))
                for last in range(first + 1, len(content) + 1)
                if last - first < len(content)
            ]
            for first, last in spans:
                for other_kind, matcher in self.matchers.items():
                    for inner in matcher.spelt_by(stems[first:last], forms[first:last]):
                        if (other_kind, inner.entry.slug) != (kind, term.entry.slug):
                            reports.append(
                                f"“{term.text}”, of the {kind} {term.entry.slug!r}, holds "
                                f"“{inner.text}”, of the {other_kind} {inner.entry.slug!r}."
                            )
        return list(dict.fromkeys(reports))

    # ------------------------------------------------------------ recognition

    def _recognize(self, text: str) -> Recognition:
        found = words(text)
        content = [i for i, word in enumerate(found) if word.norm not in GLUE_WORDS]
        stems, forms, fuzzy = [], [], set()
        for i in content:
            spelt = self._as_spelt(found[i])
            if spelt is not found[i]:
                fuzzy.add(i)
            stems.append(spelt.stem)
            forms.append(spelt.norm)
        mentions = {
            kind: matcher.mentions(stems, forms, content) for kind, matcher in self.matchers.items()
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

    def _as_spelt(self, word: Word) -> Word:
        """The word, or the content's word that it misspells."""
        if word.stem in self.known_stems or word.norm in self.known_forms:
            return word
        corrected = self._correction(word.norm)
        return word if corrected is None else words(corrected)[0]

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
