from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models

from .base import CodedModel, ContentQuerySet, SlugManager

if TYPE_CHECKING:
    from .causes import Cause
    from .links import SharedCause, TipCondition, TreatmentCondition, WarningSign
    from .sources import Source


@dataclass(frozen=True)
class CauseEntry:
    """A cause as a condition lists it: in the order and with the quotes of its source."""

    cause: Any
    position: int
    evidence: list[dict]


# A condition's long texts, which only its own detail shows.
CONDITION_TEXTS = ("overview", "outlook", "when_to_see_doctor")


class ConditionQuerySet(ContentQuerySet):
    search_fields = ("name", "alternative_names", "summary")

    def for_list(self, expand: Collection[str] = ()) -> ConditionQuerySet:
        # A list shows neither the long texts nor, unless asked, the quotes.
        unshown = [*CONDITION_TEXTS, *(() if "evidence" in expand else ("evidence",))]
        return self.defer(*unshown)

    def for_detail(self) -> ConditionQuerySet:
        from .links import SharedCause, TipCondition, TreatmentCondition, WarningSign
        from .sources import Source

        return self.prefetch_related(
            models.Prefetch(
                "warning_sign_links",
                queryset=WarningSign.objects.for_condition(),
                to_attr="warning_sign_links_list",
            ),
            models.Prefetch("causes", to_attr="causes_list"),
            models.Prefetch(
                "shared_cause_links",
                queryset=SharedCause.objects.with_cause(),
                to_attr="shared_cause_links_list",
            ),
            models.Prefetch(
                "tip_links", queryset=TipCondition.objects.with_advice(), to_attr="tip_links_list"
            ),
            models.Prefetch(
                "treatment_links",
                queryset=TreatmentCondition.objects.with_advice(),
                to_attr="treatment_links_list",
            ),
            models.Prefetch(
                "sources",
                queryset=Source.objects.prefetch_related("related_articles"),
                to_attr="sources_list",
            ),
        )


ConditionManager = SlugManager.from_queryset(ConditionQuerySet)


class Condition(CodedModel):
    name = models.CharField(max_length=200)
    summary = models.TextField()
    overview = models.TextField()
    outlook = models.TextField(help_text="What the source says about how serious it usually is.")
    when_to_see_doctor = models.TextField()
    warning_signs = models.ManyToManyField(
        "causes.Symptom",
        through="causes.WarningSign",
        related_name="warning_sign_of",
        blank=True,
        help_text="Symptoms that, with this condition, the source says call for a doctor.",
    )
    shared_causes = models.ManyToManyField(
        "causes.Cause",
        through="causes.SharedCause",
        related_name="shared_with",
        blank=True,
        help_text="Causes of other conditions that this condition's source names too.",
    )
    sources = models.ManyToManyField(
        "causes.Source",
        related_name="conditions",
        help_text="The articles this condition's content restates, the first one foremost.",
    )
    disclaimer = models.TextField(help_text="Medical disclaimer shown with this content.")

    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When an editor last checked this content; empty if never."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When this content is due to be checked again."
    )

    objects: ClassVar[ConditionManager[Condition]] = ConditionManager()

    # Set on the rows that the queryset's prefetches (to_attr) and annotations fetch.
    warning_sign_links_list: list[WarningSign]
    causes_list: list[Cause]
    shared_cause_links_list: list[SharedCause]
    tip_links_list: list[TipCondition]
    treatment_links_list: list[TreatmentCondition]
    sources_list: list[Source]

    quoted_fields = ("summary", "overview", "outlook", "when_to_see_doctor")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_review_due__gt=models.F("last_reviewed"))
                | models.Q(next_review_due__isnull=True)
                | models.Q(last_reviewed__isnull=True),
                name="next_review_after_last_review",
                violation_error_message="The next review must be due after the last review.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cause_entries(self) -> list[CauseEntry]:
        """
        Its causes and the causes it shares, in its source's order, each with the quotes
        that name it here (with ConditionQuerySet.for_detail's prefetches).
        """
        entries = [CauseEntry(cause, cause.position, cause.evidence) for cause in self.causes_list]
        entries += [
            CauseEntry(link.cause, link.position, link.evidence)
            for link in self.shared_cause_links_list
        ]
        return sorted(entries, key=lambda entry: entry.position)

    @property
    def primary_source(self) -> object:
        """The first of its sources (with ConditionQuerySet.for_detail's prefetch)."""
        return self.sources_list[0] if self.sources_list else None
