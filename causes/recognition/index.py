"""
The vocabulary of the published content, kept in memory by each process and
rebuilt when the content version (causes.caching) changes: after a publish, every
instance rebuilds on its next recognition, from a handful of queries.
"""

import threading
from collections import defaultdict

from ..caching import current_version
from ..choices import TermMatch
from ..models import Cause, CauseSymptom, Example, Symptom, WarningSign
from .vocabulary import CAUSE, SYMPTOM, Entry, Vocabulary

_lock = threading.Lock()
_built: tuple[str, Vocabulary] | None = None


def current_vocabulary() -> Vocabulary:
    """The vocabulary of the content as it is now (the version is read first)."""
    global _built
    tag = current_version().tag
    built = _built
    if built is not None and built[0] == tag:
        return built[1]
    with _lock:
        if _built is None or _built[0] != tag:
            _built = (tag, build_vocabulary())
        return _built[1]


def build_vocabulary() -> Vocabulary:
    # A symptom shows the disclaimers of the conditions that list it (Symptom.conditions).
    disclaimers: dict[str, dict[str, None]] = defaultdict(dict)
    for slug, disclaimer in [
        *WarningSign.objects.values_list("symptom__slug", "condition__disclaimer"),
        *CauseSymptom.objects.values_list("symptom__slug", "cause__condition__disclaimer"),
    ]:
        disclaimers[slug][disclaimer] = None
    terms = []
    for pk, slug, name, others, lay, red_flag in Symptom.objects.with_red_flag().values_list(
        "pk", "slug", "name", "alternative_names", "lay_terms", "red_flag"
    ):
        entry = Entry(slug, name, red_flag, tuple(disclaimers[slug]), pk)
        terms += _terms(SYMPTOM, entry, name, others, lay)
    examples = defaultdict(list)
    for slug, name in Example.objects.values_list("cause__slug", "name"):
        examples[slug].append(name)
    for pk, slug, name, others, lay, disclaimer in Cause.objects.values_list(
        "pk", "slug", "name", "alternative_names", "lay_terms", "condition__disclaimer"
    ):
        entry = Entry(slug, name, disclaimers=(disclaimer,), pk=pk)
        terms += _terms(CAUSE, entry, name, others, lay)
        terms += [(CAUSE, entry, example, TermMatch.EXAMPLE) for example in examples[slug]]
    return Vocabulary(terms)


def _terms(kind: str, entry: Entry, name: str, others: list[str], lay: list[str]) -> list:
    return [
        (kind, entry, name, TermMatch.NAME),
        *((kind, entry, other, TermMatch.ALTERNATIVE_NAME) for other in others),
        *((kind, entry, term, TermMatch.LAY_TERM) for term in lay),
    ]
