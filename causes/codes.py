"""
Clinical codes on records: which ICD-10-CM codes name a condition, cause or symptom,
and the rules that keep each mapping traceable to the table's own words.

A record's `codes` is a list of entries:

    {"system": "ICD-10-CM", "code": "M62.81", "display": "Muscle weakness (generalized)",
     "billable": true, "basis_term": "Muscle weakness (generalized)"}

- `display` and `billable` are the table's: the code's title, and whether it is a
  leaf (a code a record may be billed with) or a category with codes below it. They
  are stored so that reading a record never needs the table; every way in checks
  them against it (the API fills them in).
- The basis says why the code names the record. `basis_term` is the code's title or
  one of its inclusion terms that names the record: once the table's nonessential
  words are set aside ("NOS", words in brackets, "unspecified", "not elsewhere
  classified"), it has the same content words as one of the record's names,
  alternative names or lay terms, compared by their stems as evidence compares
  them ("Pain in unspecified joint" names "Joint pain"). Where the table's words
  differ from the record's, `basis_note` instead is a reviewer's note saying why the
  code fits. An entry has one of the two.

The table is simple-icd-10-cm's copy of the CDC's tabular list. Loading it takes
about two seconds and 190 MB, so it is loaded on first use, by what checks codes
(the loader, check_content, a write), never by a read; and the entries it gave are
kept in the shared cache, so that other processes need not load it for them.
"""

from __future__ import annotations

import functools
import re
import threading
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.core.cache import cache

from . import evidence as rules

ICD_10_CM = "ICD-10-CM"


@dataclass(frozen=True)
class CodeSystem:
    name: str
    oid: str  # how HL7 (Infobutton, CDA) names it
    release: str  # the table's release, which tests/test_codes.py ties to the package's
    package_version: str


SYSTEMS = {
    ICD_10_CM: CodeSystem(
        name=ICD_10_CM,
        oid="2.16.840.1.113883.6.90",
        release="April 1, 2026",
        package_version="1.5.0",
    )
}
SYSTEMS_BY_OID = {system.oid: system for system in SYSTEMS.values()}

MAX_CODES = 20
NOTE_MAX_LENGTH = 500
ENTRY_KEYS = ("system", "code", "display", "billable")
BASIS_KEYS = ("basis_term", "basis_note")

# A category (three characters), then optionally a dot and up to four more: R25, R25.3,
# M62.81, S06.0X1A. A code without its dot (R253) is read with it.
_CODE = re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?")
#: What a client may write for a code (normalise() makes it the table's): the schema's.
WRITTEN_CODE_PATTERN = r"^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$"
# The table's nonessential words: NOS (not otherwise specified), words in brackets
# (nonessential modifiers), and the marks of a residual or unspecified code.
_NONESSENTIAL = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\bNOS\b|\bnot elsewhere classified\b|\bunspecified\b", re.IGNORECASE
)


def normalise(code: str) -> str:
    """A code as the table writes it: capitals, and a dot after the category (r253: R25.3)."""
    code = code.strip().upper()
    if len(code) > 3 and "." not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def is_well_formed(code: str) -> bool:
    """Whether `code` (normalised) has the form of an ICD-10-CM code, in the table or not."""
    return _CODE.fullmatch(code) is not None


def lineage(code: str) -> list[str]:
    """
    The code and every code it may sit within, up to its category, nearest first
    (G47.33, G47.3, G47). Below the category, ICD-10-CM's hierarchy is its codes'
    characters: each code's ancestors are among its prefixes, and every prefix that is
    in the table is an ancestor (tests/test_codes.py checks this across the whole table).
    A prefix that is not in the table (S06.0X of S06.0X1A, where there is no S06.0X)
    names no record, since records hold the table's codes only.
    """
    chain = [code]
    while len(code) > 3:
        code = code[:-1].removesuffix(".")
        chain.append(code)
    return chain


def matches(entries: Iterable[dict], code: str, *, within: bool = True) -> bool:
    """Whether one of `entries` is `code` or, with `within`, a code within it (R25 holds R25.3)."""
    return any(
        code in lineage(entry["code"]) if within else entry["code"] == code
        for entry in entries
        if isinstance(entry, dict)
    )


@dataclass(frozen=True)
class TableEntry:
    code: str
    title: str
    billable: bool
    inclusion_terms: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """The words that may name a record: the title, then the inclusion terms."""
        return (self.title, *self.inclusion_terms)


_table_lock = threading.Lock()


def _table() -> ModuleType:
    # One thread loads it; the others of the process wait for it instead of loading it too.
    with _table_lock:
        return _load_table()


@functools.cache
def _load_table() -> ModuleType:
    with warnings.catch_warnings():
        # The package reads its data through importlib.resources.read_text, which Python
        # 3.11 deprecates; nothing here can change that.
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def look_up(code: str) -> TableEntry | None:
    """
    The table's entry for a category or a code within one; None for anything else.
    Kept in the shared cache (for good: the key names the table's release), so that of
    the processes that check a code, only the first loads the table.
    """
    # The 1 names TableEntry's layout: a new one needs a new number, as a new release does.
    key = f"icd-10-cm:1:{SYSTEMS[ICD_10_CM].package_version}:{code}"
    known = cache.get(key)
    if known is None:
        found = _from_table(code)
        known = (found,)  # a code not in the table is remembered too
        cache.set(key, known, timeout=None)
    return known[0]


def _from_table(code: str) -> TableEntry | None:
    table = _table()
    # A category that is alone in its block is a block too (B10): asked as what it is.
    if not (table.is_category_or_subcategory(code) or table.is_extended_subcategory(code)):
        return None
    return TableEntry(
        code=code,
        title=table.get_description(code),
        billable=table.is_leaf(code),
        inclusion_terms=tuple(table.get_inclusion_term(code)),
    )


def essential_words(term: str) -> str:
    """A term of the table without its nonessential words ("Twitching NOS": "Twitching")."""
    return " ".join(_NONESSENTIAL.sub(" ", term).replace(",", " ").split())


def names_record(term: str, names: Sequence[str]) -> str | None:
    """The record's name that the table's `term` names (see the module docstring), or None."""
    essential = essential_words(term)
    for name in names:
        if rules.mentions(essential, [name]) and rules.mentions(name, [essential]):
            return name
    return None


def entry_problems(entry: Any, names: Sequence[str]) -> list[str]:
    """What is wrong with one code entry of a record called by `names`; empty if nothing."""
    if not isinstance(entry, dict) or not set(ENTRY_KEYS) <= set(entry) <= {
        *ENTRY_KEYS,
        *BASIS_KEYS,
    }:
        return [
            f"Each code is an object with the keys {', '.join(ENTRY_KEYS)}, and one of "
            f"{' or '.join(BASIS_KEYS)}."
        ]
    system, code = entry["system"], entry["code"]
    if system not in SYSTEMS:
        return [f"{system!r} is not a code system here; use one of {', '.join(SYSTEMS)}."]
    if not isinstance(code, str) or not is_well_formed(code):
        return [f"{code!r} is not an ICD-10-CM code as the table writes it (such as R25.3)."]
    found = look_up(code)
    if found is None:
        return [
            f"{code} is no category or code of the ICD-10-CM table "
            f"({SYSTEMS[system].release} release)."
        ]
    problems = []
    if entry["display"] != found.title:
        problems.append(f"{code}'s display is the table's title: {found.title!r}.")
    if entry["billable"] is not found.billable:
        problems.append(
            f"{code} is {'a billable code' if found.billable else 'a category'} in the table: "
            f"billable is {'true' if found.billable else 'false'}."
        )
    problems += _basis_problems(entry, found, names)
    return problems


def _basis_problems(entry: dict, found: TableEntry, names: Sequence[str]) -> list[str]:
    if len(set(entry) & set(BASIS_KEYS)) != 1:
        return [
            f"Give {found.code} one basis: basis_term, the table's title or inclusion term "
            "that names this record, or else basis_note, a reviewer's note on why it fits."
        ]
    if "basis_note" in entry:
        note = entry["basis_note"]
        if not isinstance(note, str) or not note.strip() or len(note) > NOTE_MAX_LENGTH:
            return [f"basis_note is a reviewer's note of 1 to {NOTE_MAX_LENGTH} characters."]
        return []
    term = entry["basis_term"]
    if term not in found.terms:
        return [
            f"{term!r} is not {found.code}'s title or an inclusion term of it: "
            f"{'; '.join(found.terms)}."
        ]
    if names_record(term, names) is None:
        return [
            f"{term!r} (without its nonessential words, {essential_words(term)!r}) is none of "
            f"this record's names or lay terms ({', '.join(names)}): give a basis_note "
            "saying why the code fits instead."
        ]
    return []


def codes_problems(entries: Any, names: Sequence[str]) -> list[str]:
    """What is wrong with a record's `codes` (causes.models: CodedModel.clean)."""
    if not isinstance(entries, list):
        return ["codes is a list."]
    if len(entries) > MAX_CODES:
        return [f"A record has at most {MAX_CODES} codes."]
    problems = []
    seen: set[tuple[Any, Any]] = set()
    for index, entry in enumerate(entries, 1):
        problems += [f"Code {index}: {problem}" for problem in entry_problems(entry, names)]
        if isinstance(entry, dict):
            key = (entry.get("system"), entry.get("code"))
            if key in seen:
                problems.append(f"Code {index}: {key[1]} is given twice.")
            seen.add(key)
    return problems
