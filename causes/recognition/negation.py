"""
Which words of a text stand where it says they are absent: "no weakness",
"without numbness", "not tingly", "I don't have any pain", "neither ... nor ...".

A negation word opens a scope over the words after it, NegEx-style, which ends
where English ends it: at a contrast ("but", "except", "although"), at the end of
a clause (. ; : ! ? or a line break), after a comma unless a list of the negated
things goes on ("no weakness, numbness or tingling"), at an "and" or "or" that
starts a new clause ("... and my fingers are numb"), or after SCOPE_WORDS words.
Words that are part of a recognised term are never negation words themselves
("can't fall asleep", a lay term, negates nothing).

A few words say after a term that it is over: "the numbness is gone", "the tingling
stopped", "the weakness went away", within AFTER_WORDS words and the same clause,
unless they are negated themselves ("the pain is not gone").
"""

from collections.abc import Collection, Sequence

from .words import NEGATING_CONTRACTIONS, Word

NEGATIONS = NEGATING_CONTRACTIONS | frozenset(
    [
        "no",
        "not",
        "never",
        "without",
        "neither",
        "nor",
        "none",
        "nothing",
        "deny",
        "denies",
        "denied",
    ]
)
# "not only", "no doubt", "not sure": no negation of what follows.
PSEUDO_NEGATED = frozenset(["only", "just", "sure", "certain", "doubt"])
CONTRASTS = frozenset(
    [
        "but",
        "however",
        "although",
        "though",
        "except",
        "yet",
        "whereas",
        "while",
        "apart",
        "aside",
        "besides",
        "still",
        "instead",
        "which",
        "who",
        "because",
        "since",
        "until",
    ]
)
CLAUSE_ENDS = frozenset(".;:!?()[]\n")
# After "and" or "or", these start a clause of their own.
CLAUSE_STARTERS = frozenset(
    [
        "i",
        "i'm",
        "i've",
        "me",
        "my",
        "it",
        "its",
        "it's",
        "he",
        "she",
        "they",
        "we",
        "you",
        "your",
        "there",
        "this",
        "that",
        "his",
        "her",
        "their",
        "have",
        "has",
        "had",
        "get",
        "got",
        "feel",
        "feels",
        "felt",
        "am",
        "was",
        "is",
        "are",
    ]
)
LIST_WORDS = frozenset(["and", "or", "nor"])
# How many words that are no term a negation reaches over ("I don't think I have any").
SCOPE_WORDS = 6
OVER = frozenset(["gone", "disappeared", "vanished", "resolved", "stopped", "stops"])
# "away" says it after these ("went away").
GOING = frozenset(["went", "go", "goes", "gone"])
AFTER_WORDS = 3


def negated(text: str, words: Sequence[Word], in_terms: Collection[int]) -> set[int]:
    """The indices of the words of `in_terms` (words of recognised terms) that are negated."""
    return negated_before(text, words, in_terms) | said_over_after(text, words, in_terms)


def negated_before(text: str, words: Sequence[Word], in_terms: Collection[int]) -> set[int]:
    result: set[int] = set()
    open_scope = False
    reach = 0
    for index, word in enumerate(words):
        gap = text[words[index - 1].end : word.start] if index else ""
        clause_ended = not CLAUSE_ENDS.isdisjoint(gap)
        list_ended = "," in gap and index not in in_terms and word.norm not in LIST_WORDS
        if clause_ended or list_ended:
            open_scope = False
        if index in in_terms:
            if open_scope:
                result.add(index)
            continue
        if word.norm in NEGATIONS:
            following = words[index + 1].norm if index + 1 < len(words) else ""
            open_scope = following not in PSEUDO_NEGATED
            reach = SCOPE_WORDS
        elif open_scope and (
            word.norm in CONTRASTS
            or (
                word.norm in LIST_WORDS
                and index + 1 < len(words)
                and words[index + 1].norm in CLAUSE_STARTERS
            )
        ):
            open_scope = False
        elif open_scope:
            reach -= 1
            open_scope = reach > 0
    return result


def said_over_after(text: str, words: Sequence[Word], in_terms: Collection[int]) -> set[int]:
    result: set[int] = set()
    for index in in_terms:
        for after in range(index + 1, min(index + 1 + AFTER_WORDS, len(words))):
            word = words[after]
            gap = text[words[after - 1].end : word.start]
            if after in in_terms or word.norm in CONTRASTS or not CLAUSE_ENDS.isdisjoint(gap):
                break
            before = words[after - 1].norm
            over = word.norm in OVER or (word.norm == "away" and before in GOING)
            if over and before not in NEGATIONS:
                result.add(index)
                break
    return result
