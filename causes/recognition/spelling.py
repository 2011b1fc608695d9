"""
Misspellings: which strings of the content a typed string is a slip or two away from.

The distance is rapidfuzz's optimal string alignment: a letter added, dropped or
changed, or two neighbours swapped, is one edit each. The bound grows with the length
of what is typed (max_edits). Only strings of about the same length and with the same
first letter are compared: people seldom mistype the first letter, and this keeps a
search to a few hundred strings among tens of thousands.
"""

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA


def max_edits(length: int) -> int:
    """
    The edits allowed in a word of `length` letters: none below 5 letters, one up to 7,
    two from 8.
    """
    return 0 if length < 5 else 1 if length < 8 else 2


class NearbyStrings:
    def __init__(self, strings: Iterable[str]) -> None:
        self._by_start: dict[tuple[int, str], list[str]] = defaultdict(list)
        for string in sorted(set(strings)):
            if string:
                self._by_start[(len(string), string[0])].append(string)

    def near(self, typed: str, edits: int) -> list[tuple[str, int]]:
        """The strings within `edits` of `typed`, with their distances: closest, then A to Z."""
        if not typed or edits < 1:
            return []
        found = [
            (string, distance)
            for length in range(len(typed) - edits, len(typed) + edits + 1)
            for string, distance, _ in process.extract(
                typed,
                self._by_start.get((length, typed[0]), ()),
                scorer=OSA.distance,
                score_cutoff=edits,
                limit=None,
            )
        ]
        return sorted(found, key=_closest)


def _closest(item: tuple[str, int]) -> tuple[int, str]:
    return item[1], item[0]
