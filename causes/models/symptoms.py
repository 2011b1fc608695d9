from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from django.db import models

from .base import ContentQuerySet, SlugManager, prefetched, validate_with
from .terms import TermedModel

if TYPE_CHECKING:
    from .conditions import Condition
    from .links import CauseSymptom


def red_flag(symptom: str = "pk") -> models.Exists:
    """Whether the symptom at `symptom` (an OuterRef path) is a warning sign of some condition."""
    from .links import WarningSign

    return models.Exists(WarningSign.objects.filter(symptom=models.OuterRef(symptom)))


class SymptomQuerySet(ContentQuerySet):
    search_fields = ("name", "alternative_names", "description")

    def with_red_flag(self) -> SymptomQuerySet:
        """Annotated with `red_flag`, derived from the conditions' warning signs."""
        return self.annotate(red_flag=red_flag())

    def for_list(self, expand: Collection[str] = ()) -> SymptomQuerySet:
        from .links import CauseSymptom

        # The conditions whose disclaimers a symptom shows: those that list it as a warning
        # sign, and those of the causes it comes with (linked, with what the link says).
        return self.with_red_flag().prefetch_related(
            models.Prefetch(
                "cause_links",
                queryset=CauseSymptom.objects.for_symptom(),
                to_attr="cause_links_list",
            ),
            *prefetched("warning_sign_of"),
        )


SymptomManager = SlugManager.from_queryset(SymptomQuerySet)


class Symptom(TermedModel):
    """
    A symptom, shared by all conditions. Whether it is a warning sign (`red_flag`) is not
    stored: it is one when a condition lists it among its warning signs (WarningSign).
    """

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects: ClassVar[SymptomManager[Symptom]] = SymptomManager()

    # Set on the rows that the queryset's prefetches (to_attr) and annotations fetch.
    red_flag: bool
    cause_links_list: list[CauseSymptom]
    warning_sign_of_list: list[Condition]

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    #: Slugs that a symptom cannot take: the API's typeahead is /api/v1/symptoms/suggest/,
    #: so a symptom of that slug could be neither read, changed nor deleted there.
    reserved_slugs = ("suggest",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        reserved = f"{self.slug!r} is reserved: it is the path of a page of the symptom list."
        validate_with(
            super().clean, {"slug": [reserved] if self.slug in self.reserved_slugs else []}
        )

    @property
    def conditions(self) -> list:
        """The conditions that list this symptom (with SymptomQuerySet.for_list's prefetches)."""
        return [
            *self.warning_sign_of_list,
            *(link.cause.condition for link in self.cause_links_list),
        ]
