"""
Typeahead over the symptoms: the terms (names, other names, lay terms) that start
with what is typed, at their first word or at a later one ("swal" finds "Difficulty
swallowing"), then those whose start is a slip away from it ("tingel").
"""

import bisect
import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..choices import TermMatch
from .spelling import NearbyStrings, max_edits
from .words import words

if TYPE_CHECKING:  # the vocabulary imports this module
    from .vocabulary import Entry, Term

SUGGESTIONS = 10
# Of many terms with what is typed at their start (one letter), the best this many are
# sorted; more only when they hold fewer than SUGGESTIONS symptoms.
_FIRST_LOOK = 200
# Which term of a symptom is the better suggestion, when several match as well.
_PREFERENCE = [TermMatch.NAME, TermMatch.ALTERNATIVE_NAME, TermMatch.LAY_TERM]


@dataclass(frozen=True, slots=True)
class Suggestion:
    entry: "Entry"
    term: str
    match: TermMatch


class Typeahead:
    def __init__(self, terms: Iterable["Term"]) -> None:
        """`terms`: the symptoms' terms."""
        phrases = []
        for term in terms:
            typed = term.spelling.split(" ")
            # Best first: a match at the term's start, then the preferred kind of term,
            # then the shorter term.
            for first in range(len(typed)):
                rank = (first > 0, _PREFERENCE.index(term.match), len(term.text), term.text)
                phrases.append((" ".join(typed[first:]), rank, term))
        phrases.sort(key=lambda phrase: phrase[0])
        self.phrases = [phrase for phrase, _, _ in phrases]
        self.ranks = [rank for _, rank, _ in phrases]
        self.terms = [term for _, _, term in phrases]
        self._starts = functools.lru_cache(maxsize=64)(self._starts_of_length)

    def suggest(self, typed: str) -> list[Suggestion]:
        query = " ".join(word.norm for word in words(typed))
        if not query:
            return []
        suggestions = self._starting_with(query)
        if len(suggestions) < SUGGESTIONS:
            for suggestion in self._close_to(query):
                suggestions.setdefault(suggestion.entry.slug, suggestion)
        return list(suggestions.values())[:SUGGESTIONS]

    def _starting_with(self, query: str) -> dict[str, Suggestion]:
        start = bisect.bisect_left(self.phrases, query)
        end = bisect.bisect_left(self.phrases, query + "\U0010ffff", lo=start)
        matches = range(start, end)
        best = heapq.nsmallest(_FIRST_LOOK, matches, key=self.ranks.__getitem__)
        suggestions = self._distinct(best, match=None)
        if len(suggestions) < SUGGESTIONS and len(matches) > _FIRST_LOOK:
            suggestions = self._distinct(sorted(matches, key=self.ranks.__getitem__), match=None)
        return suggestions

    def _close_to(self, query: str) -> list[Suggestion]:
        edits = max_edits(len(query))
        close = []
        for length in range(len(query) - edits, len(query) + edits + 1) if edits else ():
            nearby, phrases_by_start = self._starts(length)
            for start, distance in nearby.near(query, edits):
                close += [(distance, self.ranks[i], i) for i in phrases_by_start[start]]
        return list(self._distinct([i for *_, i in sorted(close)], TermMatch.FUZZY).values())

    def _distinct(self, indices: Iterable[int], match: TermMatch | None) -> dict[str, Suggestion]:
        """One suggestion per symptom, its first in `indices`, up to SUGGESTIONS."""
        suggestions: dict[str, Suggestion] = {}
        for index in indices:
            term = self.terms[index]
            if term.entry.slug not in suggestions:
                suggestions[term.entry.slug] = Suggestion(
                    term.entry, term.text, match or term.match
                )
                if len(suggestions) == SUGGESTIONS:
                    break
        return suggestions

    def _starts_of_length(self, length: int) -> tuple[NearbyStrings, dict[str, list[int]]]:
        """The phrases' starts of `length` characters (whole, if shorter), and their phrases."""
        phrases_by_start: dict[str, list[int]] = defaultdict(list)
        for index, phrase in enumerate(self.phrases):
            phrases_by_start[phrase[:length]].append(index)
        return NearbyStrings(phrases_by_start), phrases_by_start
