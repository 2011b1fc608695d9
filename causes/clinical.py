"""
Content by clinical code: the conditions and causes that a code names, falling back
from a code with no content of its own to its ancestors in the ICD-10-CM hierarchy,
and those that a display name names. Infobutton requests (causes.infobutton) ask this.
"""

from dataclasses import dataclass

from . import codes as coding
from . import evidence as rules
from .models import Cause, CodedModel, Condition


@dataclass(frozen=True)
class Found:
    """A condition or cause, and its code entry that the asked code found (None for a name)."""

    record: Condition | Cause
    code: dict | None


def named_by_code(code: str) -> list[Found]:
    """
    The records coded with `code` or a code within it; else those coded with its nearest
    ancestor that has any (G47.33, then G47.3, then G47). Conditions first.
    """
    coded = {model: model.codes_by_key() for model in (Condition, Cause)}
    for depth, candidate in enumerate(coding.lineage(code)):
        within = depth == 0  # an ancestor names its own records, not its other codes'
        conditions, causes = (
            [
                pk
                for pk, entries in coded[model].items()
                if coding.matches(entries, candidate, within=within)
            ]
            for model in (Condition, Cause)
        )
        if conditions or causes:
            records = [
                *Condition.objects.filter(pk__in=conditions),
                *Cause.objects.with_condition().filter(pk__in=causes),
            ]
            return [Found(record, _entry(record, candidate, within=within)) for record in records]
    return []


def named_by_display_name(display_name: str) -> list[Found]:
    """The records that a display name names: by a name, lay term or code title of theirs."""
    records: list[Condition | Cause] = [*Condition.objects.all(), *Cause.objects.with_condition()]
    return [
        Found(record, None)
        for record in records
        if rules.mentions(
            display_name, [*record.coded_names(), *(entry["display"] for entry in record.codes)]
        )
    ]


def _entry(record: CodedModel, code: str, *, within: bool) -> dict | None:
    """The record's code entry that `code` names."""
    return next(
        (entry for entry in record.codes if coding.matches([entry], code, within=within)), None
    )
