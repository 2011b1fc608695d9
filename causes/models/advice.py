"""Lifestyle tips and treatments: both address conditions and some of their causes."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from .. import evidence as rules
from ..choices import TREATMENT_KIND_WORDS, TreatmentKind
from .base import ContentModel, ContentQuerySet, SlugManager, optional_choice, prefetched

if TYPE_CHECKING:
    from .causes import Cause
    from .conditions import Condition


class AdviceQuerySet(ContentQuerySet):
    def for_list(self, expand: Collection[str] = ()) -> AdviceQuerySet:
        advice = self if "evidence" in expand else self.defer("evidence")
        return advice._with_relations(expand)

    def for_detail(self) -> AdviceQuerySet:
        # The detail shows what each link to a cause rests on.
        links = self.model.cause_links.field.model
        return self._with_relations(()).prefetch_related(
            models.Prefetch(
                "cause_links", queryset=links.objects.with_target(), to_attr="cause_links_list"
            )
        )

    def _with_relations(self, expand: Collection[str]) -> AdviceQuerySet:
        from .causes import Cause

        # Expanded, causes are shown as in the cause list, with what that needs; either
        # way with their condition, whose disclaimer the advice carries.
        causes = Cause.objects.for_list() if "causes" in expand else Cause.objects.with_condition()
        return self.prefetch_related(
            *prefetched("conditions"),
            models.Prefetch("causes", queryset=causes, to_attr="causes_list"),
        )


class LifestyleTipQuerySet(AdviceQuerySet):
    search_fields = ("title", "alternative_names", "advice")


LifestyleTipManager = SlugManager.from_queryset(LifestyleTipQuerySet)


class Advice:
    """What lifestyle tips and treatments share, read from AdviceQuerySet's prefetches."""

    conditions_list: list[Condition]
    causes_list: list[Cause]

    @property
    def disclaimed_conditions(self) -> list[Condition]:
        """
        The conditions whose disclaimers a tip or treatment carries: those it is linked to,
        and those of the causes it addresses, since advice that the source gives for one
        cause is linked to that cause alone.
        """
        conditions = {condition.pk: condition for condition in self.conditions_list}
        for cause in self.causes_list:
            conditions.setdefault(cause.condition_id, cause.condition)
        return list(conditions.values())


class LifestyleTip(Advice, ContentModel):
    title = models.CharField(max_length=200)
    advice = models.TextField()
    position = models.PositiveSmallIntegerField(help_text="Order of appearance in the source.")
    conditions = models.ManyToManyField(
        "causes.Condition", through="causes.TipCondition", related_name="lifestyle_tips"
    )
    causes = models.ManyToManyField(
        "causes.Cause",
        through="causes.TipCause",
        related_name="lifestyle_tips",
        blank=True,
        help_text="Causes that the source says this tip addresses.",
    )

    objects: ClassVar[LifestyleTipManager[LifestyleTip]] = LifestyleTipManager()

    name_field = "title"

    class Meta:
        ordering = ["position", "slug"]
        indexes = [models.Index(fields=["position", "slug"])]
        verbose_name = "lifestyle tip"

    def __str__(self) -> str:
        return self.title


class TreatmentQuerySet(AdviceQuerySet):
    search_fields = ("name", "alternative_names", "description")


TreatmentManager = SlugManager.from_queryset(TreatmentQuerySet)


class Treatment(Advice, ContentModel):
    name = models.CharField(max_length=200)
    kind = optional_choice(
        TreatmentKind.choices,
        help_text="What kind of treatment it is; null (not stated) where the source does not say.",
    )
    description = models.TextField()
    position = models.PositiveSmallIntegerField(help_text="Order of appearance in the source.")
    conditions = models.ManyToManyField(
        "causes.Condition", through="causes.TreatmentCondition", related_name="treatments"
    )
    causes = models.ManyToManyField(
        "causes.Cause",
        through="causes.TreatmentCause",
        related_name="treatments",
        blank=True,
        help_text="Causes that the source says this treatment applies to.",
    )

    objects: ClassVar[TreatmentManager[Treatment]] = TreatmentManager()

    class Meta:
        ordering = ["position", "slug"]
        indexes = [
            models.Index(fields=["position", "slug"]),
            models.Index(fields=["kind"]),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        problem = rules.undecided(self.kind, TREATMENT_KIND_WORDS, rules.quotes(self.evidence))
        if problem:
            raise ValidationError({"kind": problem})
