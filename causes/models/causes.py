from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from .. import evidence as rules
from ..choices import (
    CATEGORY_WORDS,
    DOCTOR_WORDS,
    PROMPT_PHRASES,
    TREATMENT_PHRASES,
    CauseCategory,
    ExampleKind,
    Urgency,
)
from .base import ContentQuerySet, EvidenceField, SlugManager, optional_choice
from .conditions import CONDITION_TEXTS
from .terms import SHARED_NAME, TermedModel, name_owners, validate_terms_unique

if TYPE_CHECKING:
    from .links import CauseSymptom, SharedCause, TipCause, TreatmentCause


class CauseQuerySet(ContentQuerySet):
    search_fields = ("name", "alternative_names", "summary", "explanation")

    #: What `expand` can add to a list; the condition and symptoms are fetched anyway.
    expansions = ("examples", "lifestyle_tips", "treatments")

    def for_list(self, expand: Collection[str] = ()) -> CauseQuerySet:
        # Lists leave in the database what they do not show: the long texts, and the
        # quotes (decoding them costs more than reading them) unless asked for.
        unshown = ["explanation", "advice"]
        if "evidence" not in expand:
            unshown.append("evidence")
        if "condition" not in expand:
            unshown.append("condition__alternative_names")
        return (
            self._with_symptoms(evidence=False)
            .defer(*unshown, *self._condition_unshown())
            .prefetch_related(*(self._related(name) for name in self.expansions if name in expand))
        )

    def for_detail(self) -> CauseQuerySet:
        from .links import SharedCause

        return (
            self._with_symptoms(evidence=True)
            .defer("condition__alternative_names", *self._condition_unshown())
            .prefetch_related(
                *(self._related(name) for name in self.expansions),
                models.Prefetch(
                    "shared_condition_links",
                    queryset=SharedCause.objects.with_condition(),
                    to_attr="shared_condition_links_list",
                ),
            )
        )

    @staticmethod
    def _related(name: str) -> models.Prefetch:
        """The prefetch of one expansion: examples, or the links to tips or treatments."""
        from .links import TipCause, TreatmentCause

        links = {
            "lifestyle_tips": ("tip_links", TipCause),
            "treatments": ("treatment_links", TreatmentCause),
        }
        if name not in links:
            return models.Prefetch(name, to_attr=f"{name}_list")
        lookup, model = links[name]
        return models.Prefetch(
            lookup, queryset=model.objects.with_advice(), to_attr=f"{lookup}_list"
        )

    def with_condition(self) -> CauseQuerySet:
        """Each cause with its condition (its disclaimer), less what no view of it shows."""
        return self.select_related("condition").defer(*self._condition_unshown())

    @staticmethod
    def _condition_unshown() -> list[str]:
        """What no view of a cause shows of its condition: its long texts and quotes."""
        return [f"condition__{field}" for field in (*CONDITION_TEXTS, "evidence")]

    def _with_symptoms(self, *, evidence: bool) -> CauseQuerySet:
        from .links import CauseSymptom

        links = CauseSymptom.objects.for_cause()
        return (
            self.select_related("condition")
            .prefetch_related(
                models.Prefetch(
                    "symptom_links",
                    queryset=links if evidence else links.defer("evidence"),
                    to_attr="symptom_links_list",
                )
            )
            # Null until matching_symptoms() counts; declared here so ordering by it always works.
            .annotate(matched_symptoms=models.Value(None, output_field=models.IntegerField()))
        )

    def matching_symptoms(
        self, symptoms: list, *, match_all: bool, named: Collection[int] = ()
    ) -> CauseQuerySet:
        """
        Causes that come with any (or, with match_all, every) one of `symptoms`,
        annotated with `matched_symptoms`: how many of them each cause has.
        Ranked by that count, then in the usual order. The causes of `named` (keys:
        those a text names) are in too, whatever their symptoms, and come first.
        """
        required = max(len(symptoms), 1) if match_all else 1
        if named:
            asked = models.Q(symptoms__in=symptoms)
            matched = models.Count("symptoms", filter=asked, distinct=True)
            first = models.Case(models.When(pk__in=named, then=0), default=1)
            return (
                self.annotate(matched_symptoms=matched)
                .filter(models.Q(matched_symptoms__gte=required) | models.Q(pk__in=named))
                .order_by(first, "-matched_symptoms", *self.model._meta.ordering)
            )
        # Filtering before annotating counts over the matching links alone, found through
        # the index on the link's symptom, instead of over every cause's links.
        return (
            self.filter(symptoms__in=symptoms)
            .annotate(matched_symptoms=models.Count("symptoms", distinct=True))
            .filter(matched_symptoms__gte=required)
            .order_by("-matched_symptoms", *self.model._meta.ordering)
        )

    def with_text_match(self, *, named: list[int], present: list[int]) -> CauseQuerySet:
        """
        Annotated with what a text says of each cause (the keys of the causes it names and
        of the symptoms it names as present), for the list's `text_match`.
        """
        return self.annotate(
            named_in_text=models.Case(
                models.When(pk__in=named, then=True),
                default=False,
                output_field=models.BooleanField(),
            ),
            symptoms_in_text=models.Value(present, output_field=models.JSONField()),
        )


CauseManager = SlugManager.from_queryset(CauseQuerySet)


class Cause(TermedModel):
    name = models.CharField(max_length=200)
    condition = models.ForeignKey(
        "causes.Condition", on_delete=models.PROTECT, related_name="causes"
    )
    category = optional_choice(
        CauseCategory.choices,
        help_text="What kind of cause it is; null (not stated) where the source does not say.",
    )
    urgency = optional_choice(
        Urgency.choices,
        help_text="How strongly the source's advice involves a doctor; null when not stated.",
    )
    position = models.PositiveSmallIntegerField(help_text="Order of appearance in the source.")
    summary = models.TextField(help_text="The source's one-line statement of the cause.")
    explanation = models.TextField(blank=True, help_text="How the source explains it.")
    advice = models.TextField(blank=True, help_text="What the source advises for it.")
    symptoms = models.ManyToManyField(
        "causes.Symptom",
        through="causes.CauseSymptom",
        related_name="causes",
        blank=True,
        help_text="Symptoms that the source names with this cause (CauseSymptom says how).",
    )

    objects: ClassVar[CauseManager[Cause]] = CauseManager()

    # Set on the rows that the queryset's prefetches (to_attr) and annotations fetch.
    symptom_links_list: list[CauseSymptom]
    examples_list: list[Example]
    tip_links_list: list[TipCause]
    treatment_links_list: list[TreatmentCause]
    shared_condition_links_list: list[SharedCause]
    matched_symptoms: int | None
    named_in_text: bool
    symptoms_in_text: list[int]

    quoted_fields = ("summary", "explanation", "advice")

    class Meta:
        # Grouped by condition (by key: no join, and the unique index below serves it),
        # then in the source's order.
        ordering = ["condition_id", "position"]
        # (condition, position) is indexed by the constraint below.
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["category"]),
            models.Index(fields=["urgency"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "position"], name="unique_cause_position_per_condition"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def also_known_as(self) -> str:
        return ", ".join(self.alternative_names)

    def clean(self) -> None:
        super().clean()
        quotes = rules.quotes(self.evidence)
        problems = {
            "category": rules.undecided(self.category, CATEGORY_WORDS, quotes),
            "urgency": urgency_problem(self.urgency, self.advice, quotes),
        }
        if any(problems.values()):
            raise ValidationError(
                {field: problem for field, problem in problems.items() if problem}
            )


def urgency_problem(urgency: str | None, advice: str, quotes: list[str]) -> str | None:
    """
    Why `urgency` is not decided by the cause's `quotes` (the source's own words, which a
    frontend shows beside it), if it is not: the urgency says how the source's advice
    involves a doctor, and a quote must say so. Self-care also needs `advice`.
    """
    doctor = [quote for quote in quotes if rules.says_any([quote], DOCTOR_WORDS)]
    promptly = rules.says_any(doctor, PROMPT_PHRASES)
    treatment = rules.says_any(quotes, TREATMENT_PHRASES)
    if urgency == Urgency.SEE_DOCTOR_PROMPTLY and not promptly:
        return (
            "No quote of the cause says that it is important to, or that you should, see a "
            "doctor: quote the sentence that does."
        )
    if urgency == Urgency.SEE_DOCTOR and (not doctor or promptly):
        return (
            "No quote of the cause decides it: the quotes do not mention a doctor, or one "
            "says it is important (see_doctor_promptly)."
        )
    if urgency == Urgency.SEEK_TREATMENT and (doctor or not treatment):
        return (
            "No quote of the cause decides it: none advises to seek treatment, or one "
            "mentions a doctor (see_doctor)."
        )
    if urgency == Urgency.SELF_CARE and (doctor or treatment or not advice.strip()):
        return "Self-care needs advice, quoted, that the reader follows without a doctor."
    if urgency is None and doctor:
        return (
            "A quote of the cause mentions a doctor: say how (see_doctor or see_doctor_promptly)."
        )
    if urgency is None and treatment:
        return "A quote of the cause advises to seek treatment: say so (seek_treatment)."
    return None


class ExampleManager(models.Manager["Example"]):
    def get_by_natural_key(self, cause_slug: str, name: str) -> Example:
        return self.get(cause__slug=cause_slug, name=name)


class Example(models.Model):
    """
    Something the source names as an instance of a cause: a drug, a disease, ... Its
    evidence supports both the example and its link to the cause, so each quote names both.
    """

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="examples")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ExampleKind.choices)
    evidence = EvidenceField()

    objects = ExampleManager()

    class Meta:
        ordering = ["cause", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cause", "name"], name="unique_example_per_cause")
        ]

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        return [self.name]

    def natural_key(self) -> tuple[str, str]:
        return (*self.cause.natural_key(), self.name)

    natural_key.dependencies = ["causes.cause"]  # type: ignore[attr-defined]  # read by dumpdata

    def clean(self) -> None:
        super().clean()
        from .links import link_mention_problems

        errors = {}
        problems = link_mention_problems(
            self.evidence, {"cause": self.cause_id and self.cause, "example": self}
        )
        if problems:
            errors["evidence"] = problems
        if errors:
            raise ValidationError(errors)

    def validate_unique(self, exclude: Collection[str] | None = None) -> None:
        # In typed text an example names its cause: one of the cause's names.
        cause = self.cause if self.cause_id else None
        owners = name_owners(Cause, but=cause)
        fields = {"name": ([self.name], owners, SHARED_NAME)}
        validate_terms_unique(super().validate_unique, exclude or (), fields)
