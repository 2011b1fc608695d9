"""
Relationships that make a medical statement, each a record with the evidence for
it: a condition's warning signs, a cause's symptoms, and the conditions and causes
that lifestyle tips and treatments address. A link is known by the slugs of its two
ends (its natural key), and every quote of its evidence names both ends.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models

from .. import evidence as rules
from ..choices import (
    LINK_KIND_WORDS,
    WARNING_STRENGTH_CHOICES,
    WARNING_STRENGTHS,
    LinkStrength,
    SymptomLinkKind,
)
from .base import EvidenceField, optional_choice
from .conditions import CONDITION_TEXTS
from .symptoms import red_flag


def link_mention_problems(evidence: Any, ends: dict[str, Any]) -> list[str]:
    """A message for each quote of `evidence` that does not name every one of `ends`."""
    if not isinstance(evidence, list) or any(rules.shape_problems(item) for item in evidence):
        return []  # the field's own validation reports it
    if not all(ends.values()):
        return []  # a missing end is reported on its own field
    problems = []
    for quote in rules.quotes(evidence):
        missing = [
            end.names()[0] for end in ends.values() if not rules.mentions(quote, end.names())
        ]
        if missing:
            problems.append(
                f"The quote “{quote}” does not mention {' or '.join(map(repr, missing))} (by "
                "name or alternative name): a link's quote names both of its ends."
            )
    return problems


class LinkQuerySet(models.QuerySet):
    def for_side(self, end: str, order: tuple[str, ...]) -> Self:
        """The links with the object at `end`, as a detail of the other end shows them."""
        return self.select_related(end).order_by(*order)


_L = TypeVar("_L", bound="Link", covariant=True)
_LinkManagerBase = models.Manager.from_queryset(LinkQuerySet)


class LinkManager(_LinkManagerBase[_L]):
    def get_by_natural_key(self, first: str, second: str) -> _L:
        one, other = self.model.ends
        return self.get(**{f"{one}__slug": first, f"{other}__slug": second})


class Link(models.Model):
    #: The two foreign keys, in the order of the natural key.
    ends: ClassVar[tuple[str, str]]

    evidence = EvidenceField()

    objects: ClassVar[LinkManager[Link]] = LinkManager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return " / ".join(str(getattr(self, end)) for end in self.ends)

    def natural_key(self) -> tuple[str, str]:
        return tuple(getattr(self, end).slug for end in self.ends)

    def end_objects(self) -> dict[str, Any]:
        """The two ends, by field name (saved or not); None for an end not set yet."""
        ends = {}
        for end in self.ends:
            field = cast("models.ForeignKey[Any, Any]", self._meta.get_field(end))
            cached = field.get_cached_value(self, default=None)
            has_key = getattr(self, field.attname) is not None
            ends[end] = cached if cached is not None else getattr(self, end) if has_key else None
        return ends

    def clean(self) -> None:
        super().clean()
        problems = self.problems()
        if problems:
            raise ValidationError(problems)

    def problems(self) -> dict[str, list[str]]:
        """What the link's fields say that its quotes do not, by field."""
        problems = link_mention_problems(self.evidence, self.end_objects())
        return {"evidence": problems} if problems else {}


def unique_ends(name: str, ends: tuple[str, str]) -> list[models.BaseConstraint]:
    return [models.UniqueConstraint(fields=list(ends), name=name)]


def strength_problem(strength: str | None, evidence: Any) -> str | None:
    """Why `strength` is not what the quotes say, if it is not."""
    if strength is None or not isinstance(evidence, list):
        return None
    phrase = LinkStrength(strength).phrase
    if not rules.says_any(rules.quotes(evidence), [phrase]):
        return f"None of the quotes says “{phrase}”."
    return None


class WarningSignQuerySet(LinkQuerySet):
    def for_condition(self) -> WarningSignQuerySet:
        # A warning sign is a red flag by definition.
        return self.for_side("symptom", ("symptom__name",)).annotate(
            red_flag=models.Value(True, output_field=models.BooleanField())
        )


WarningSignManager = LinkManager.from_queryset(WarningSignQuerySet)


class WarningSign(Link):
    """
    A symptom that, with the condition, the source says you should (or that it is
    important to) see a doctor about. It makes the symptom a red flag.
    """

    condition = models.ForeignKey(
        "causes.Condition", on_delete=models.CASCADE, related_name="warning_sign_links"
    )
    symptom = models.ForeignKey(
        "causes.Symptom", on_delete=models.CASCADE, related_name="warning_sign_links"
    )
    # Null only on links that predate evidence (migration 0005); validation requires it.
    strength = optional_choice(
        WARNING_STRENGTH_CHOICES,
        blank=False,
        help_text="How strongly the source says to see a doctor, in its words.",
    )

    ends = ("condition", "symptom")
    objects: ClassVar[WarningSignManager[WarningSign]] = WarningSignManager()

    class Meta:
        constraints = unique_ends("unique_warning_sign", ("condition", "symptom"))

    def problems(self) -> dict[str, list[str]]:
        problems = super().problems()
        problem = strength_problem(self.strength, self.evidence)
        if problem:
            problems["strength"] = [problem]
        return problems


class CauseSymptomQuerySet(LinkQuerySet):
    def for_cause(self) -> CauseSymptomQuerySet:
        """A cause's symptoms, each with `red_flag`."""
        return self.for_side("symptom", ("symptom__name",)).annotate(
            red_flag=red_flag("symptom_id")
        )

    def for_symptom(self) -> CauseSymptomQuerySet:
        """A symptom's causes, with their conditions (for the disclaimer), short."""
        return (
            self.select_related("cause__condition")
            .defer(
                "cause__explanation",
                "cause__advice",
                *(f"cause__condition__{field}" for field in CONDITION_TEXTS),
            )
            .order_by("cause__condition_id", "cause__position")
        )


CauseSymptomManager = LinkManager.from_queryset(CauseSymptomQuerySet)


class CauseSymptom(Link):
    """A symptom that the source names with a cause, and what it says of the two."""

    cause = models.ForeignKey(
        "causes.Cause", on_delete=models.CASCADE, related_name="symptom_links"
    )
    symptom = models.ForeignKey(
        "causes.Symptom", on_delete=models.CASCADE, related_name="cause_links"
    )
    # Null only on links that predate evidence (migration 0005); validation requires it.
    kind = optional_choice(
        SymptomLinkKind.choices,
        blank=False,
        help_text="What the source says of the two: the cause produces the symptom, or the "
        "symptom with the condition is a reason to see a doctor about the cause.",
    )
    strength = optional_choice(
        LinkStrength.choices,
        help_text="How strongly the source advises acting on the two together, in its words; "
        "null where it gives no advice for them.",
    )

    ends = ("cause", "symptom")
    objects: ClassVar[CauseSymptomManager[CauseSymptom]] = CauseSymptomManager()

    class Meta:
        # The foreign key's own index on symptom serves the symptom filter.
        constraints = unique_ends("unique_cause_symptom", ("cause", "symptom"))

    def problems(self) -> dict[str, list[str]]:
        problems = super().problems()
        errors: dict[str, str] = {}
        kind_problem = rules.undecided(self.kind, LINK_KIND_WORDS, rules.quotes(self.evidence))
        if kind_problem:
            errors["kind"] = kind_problem
        elif self.kind == SymptomLinkKind.SEE_DOCTOR_WITH and self.strength is None:
            errors["strength"] = "Say how strongly the source says to see a doctor."
        problem = strength_problem(self.strength, self.evidence)
        if problem:
            errors["strength"] = problem
        return {**problems, **{field: [message] for field, message in errors.items()}}

    def clean(self) -> None:
        problems = self.problems()
        cause, symptom = self.end_objects().values()
        if (
            not problems
            and self.strength in WARNING_STRENGTHS
            and cause
            and symptom
            and warning_signs_missing(cause.condition_id, {symptom.pk})
        ):
            problems["strength"] = [warning_sign_needed(self.strength, symptom, cause)]
        if problems:
            raise ValidationError(problems)


def warning_signs_missing(condition_id: int, symptom_ids: set[int]) -> set[int]:
    """Of these symptoms, those that are not warning signs of the condition (one query)."""
    present = WarningSign.objects.filter(condition=condition_id, symptom__in=symptom_ids)
    return symptom_ids - set(present.values_list("symptom_id", flat=True))


def warning_sign_needed(strength: str, symptom: Any, cause: Any) -> str:
    """
    Why a cause's symptom must be a warning sign too: where the source says you should,
    or that it is important to, see a doctor about it, the condition's warning signs
    (and so the red flags) must say so as well.
    """
    return (
        f"The source says “{LinkStrength(strength).phrase}” to see a doctor about {symptom}: "
        f"list it among the warning signs of {cause.condition} too."
    )


def missing_warning_signs(condition: Any, kept: set[int]) -> list[str]:
    """
    The names of the symptoms, not among `kept` (primary keys), that a cause of
    `condition` says you should (or that it is important to) see a doctor about:
    those must stay warning signs (CauseSymptom's rule, seen from the condition).
    """
    needed = CauseSymptom.objects.filter(
        cause__condition=condition, strength__in=WARNING_STRENGTHS
    ).exclude(symptom__in=kept)
    return sorted(set(needed.values_list("symptom__name", flat=True)))


class AdviceLinkQuerySet(LinkQuerySet):
    """The links of a lifestyle tip or treatment (its `advice_end`) to a condition or cause."""

    def with_advice(self) -> AdviceLinkQuerySet:
        """With the tip or treatment, as the detail of a condition or cause shows them."""
        advice = self.model.ends[0]
        return self.for_side(advice, (f"{advice}__position", f"{advice}__slug"))

    def with_target(self) -> AdviceLinkQuerySet:
        """With the condition or cause, as the detail of a tip or treatment shows them."""
        end = self.model.ends[1]
        order = ("cause__condition_id", "cause__position") if end == "cause" else (f"{end}__name",)
        return self.for_side(end, order)


AdviceLinkManager = LinkManager.from_queryset(AdviceLinkQuerySet)


class AdviceLink(Link):
    objects: ClassVar[AdviceLinkManager[AdviceLink]] = AdviceLinkManager()

    class Meta:
        abstract = True


class TipCondition(AdviceLink):
    """A condition that the source says a lifestyle tip helps with."""

    tip = models.ForeignKey(
        "causes.LifestyleTip", on_delete=models.CASCADE, related_name="condition_links"
    )
    condition = models.ForeignKey(
        "causes.Condition", on_delete=models.CASCADE, related_name="tip_links"
    )

    ends = ("tip", "condition")

    class Meta:
        constraints = unique_ends("unique_tip_condition", ("tip", "condition"))


class TipCause(AdviceLink):
    """A cause that the source says a lifestyle tip addresses."""

    tip = models.ForeignKey(
        "causes.LifestyleTip", on_delete=models.CASCADE, related_name="cause_links"
    )
    cause = models.ForeignKey("causes.Cause", on_delete=models.CASCADE, related_name="tip_links")

    ends = ("tip", "cause")

    class Meta:
        constraints = unique_ends("unique_tip_cause", ("tip", "cause"))


class TreatmentCondition(AdviceLink):
    """A condition that the source names a treatment for."""

    treatment = models.ForeignKey(
        "causes.Treatment", on_delete=models.CASCADE, related_name="condition_links"
    )
    condition = models.ForeignKey(
        "causes.Condition", on_delete=models.CASCADE, related_name="treatment_links"
    )

    ends = ("treatment", "condition")

    class Meta:
        constraints = unique_ends("unique_treatment_condition", ("treatment", "condition"))


class TreatmentCause(AdviceLink):
    """A cause that the source says a treatment applies to."""

    treatment = models.ForeignKey(
        "causes.Treatment", on_delete=models.CASCADE, related_name="cause_links"
    )
    cause = models.ForeignKey(
        "causes.Cause", on_delete=models.CASCADE, related_name="treatment_links"
    )

    ends = ("treatment", "cause")

    class Meta:
        constraints = unique_ends("unique_treatment_cause", ("treatment", "cause"))


class SharedCauseQuerySet(LinkQuerySet):
    def with_cause(self) -> SharedCauseQuerySet:
        """With the cause, short, as the detail of the condition that shares it shows it."""
        return self.select_related("cause").defer("cause__explanation", "cause__advice")

    def with_condition(self) -> SharedCauseQuerySet:
        return self.for_side("condition", ("condition__name",))


SharedCauseManager = LinkManager.from_queryset(SharedCauseQuerySet)


class SharedCause(Link):
    """
    A cause that a condition's source names, although the cause belongs to another
    condition, whose source explains it (its summary, advice and urgency, its
    symptoms). One record and one slug under both: dehydration is written once, under
    the condition whose source first described it, and other conditions share it with
    the quote that names it there.
    """

    condition = models.ForeignKey(
        "causes.Condition", on_delete=models.CASCADE, related_name="shared_cause_links"
    )
    cause = models.ForeignKey(
        "causes.Cause", on_delete=models.CASCADE, related_name="shared_condition_links"
    )
    position = models.PositiveSmallIntegerField(
        help_text="Order of appearance in this condition's source."
    )

    ends = ("condition", "cause")
    objects: ClassVar[SharedCauseManager[SharedCause]] = SharedCauseManager()

    class Meta:
        constraints = unique_ends("unique_shared_cause", ("condition", "cause"))

    def problems(self) -> dict[str, list[str]]:
        problems = super().problems()
        condition, cause = self.end_objects().values()
        if condition and cause and cause.condition_id == condition.pk:
            problems["cause"] = [f"{cause} is already a cause of {condition}: no need to share it."]
        return problems
