"""
The content model. One condition (a topic such as muscle twitching) has causes;
causes come with symptoms; lifestyle tips and treatments address conditions and
causes. Adding a condition is new fixtures, never new code.

Every model has a natural key, so that fixtures refer to each other by slug and
loading them twice changes nothing.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Collection

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ValidationError
from django.db import connections, models

from .choices import CauseCategory, ExampleKind, TreatmentKind, Urgency

SEARCH_CONFIG = "english"


def search_document(fields: tuple[str, ...]) -> SearchVector:
    """What PostgreSQL searches: `fields` in order of weight (A, B, then C for the rest)."""
    weights = ["A", "B", *["C"] * len(fields)]
    document = SearchVector(fields[0], weight=weights[0], config=SEARCH_CONFIG)
    for field, weight in zip(fields[1:], weights[1:], strict=False):
        document += SearchVector(field, weight=weight, config=SEARCH_CONFIG)
    return document


def prefetched(*lookups: str) -> list[models.Prefetch]:
    """
    Prefetches of these relations into plain lists, `<relation>_list` on each object.
    Prefetched into the relation itself, Django would make a related manager and a
    filtered queryset for every object, which costs more than the query does.
    """
    return [models.Prefetch(lookup, to_attr=f"{lookup}_list") for lookup in lookups]


# A condition's long texts, which only its own detail shows.
CONDITION_TEXTS = ("overview", "outlook", "when_to_see_doctor")


class ContentQuerySet(models.QuerySet):
    """
    The related rows each API view needs, fetched in a fixed number of queries,
    and the text search of the list endpoints.
    """

    #: The text fields that `search()` looks in, most telling first. On PostgreSQL a GIN
    #: index on search_document(search_fields) serves the search. Migration 0002 builds it
    #: there and 0004 keeps it out of the model state, because SQLite, when it rebuilds a
    #: table from that state, cannot build it; tests/test_postgres.py checks it is used.
    search_fields: tuple[str, ...] = ()

    def for_list(self, expand: Collection[str] = ()) -> ContentQuerySet:
        """What a list shows, with the related objects named in `expand` (causes.shaping)."""
        return self

    def for_detail(self) -> ContentQuerySet:
        return self.for_list()

    def search(self, text: str) -> ContentQuerySet:
        """
        Rows that match `text`, most relevant first (before any earlier ordering).
        PostgreSQL: full-text search of every word of `text` as a word prefix, ranked
        by weight (a match in the name counts most), through the model's GIN index.
        Elsewhere: every word of `text` as a substring of some field, ignoring case,
        ranked by the weight of the first field that has each word.
        """
        words = re.findall(r"\w+", text)
        if not words:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(
                " & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
            )
            document = search_document(self.search_fields)
            ranked = (
                self.alias(search_document=document)
                .filter(search_document=query)
                .annotate(search_rank=SearchRank(document, query))
            )
        else:
            # Per word, the fields that contain it, most telling first.
            matches = [
                [models.Q(**{f"{field}__icontains": word}) for field in self.search_fields]
                for word in words
            ]
            rank = sum(
                models.Case(
                    *(models.When(match, then=len(fields) - i) for i, match in enumerate(fields)),
                    default=0,
                )
                for fields in matches
            )
            ranked = self.annotate(search_rank=rank).filter(
                *(functools.reduce(operator.or_, fields) for fields in matches)
            )
        ordering = self.query.order_by or self.model._meta.ordering
        return ranked.order_by("-search_rank", *ordering)


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> models.Model:
        return self.get(slug=slug)


class SluggedModel(models.Model):
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Stable identifier used in URLs and fixtures."
    )
    # Not content: fixtures leave it out, and loading them sets it only on records that
    # changed (causes.content), so that clients syncing with `updated_since` fetch just those.
    updated_at = models.DateTimeField(
        auto_now=True,
        db_index=True,
        help_text="When this object's own fields or the links it lists last changed.",
    )

    class Meta:
        abstract = True

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


def validate_tag_list(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(tag, str) and tag for tag in value):
        raise ValidationError("Tags must be a list of non-empty strings.")


class SymptomQuerySet(ContentQuerySet):
    search_fields = ("name", "description")

    def for_list(self, expand: Collection[str] = ()) -> SymptomQuerySet:
        # The conditions whose disclaimers a symptom shows: those that list it as a warning
        # sign, and those of the causes it comes with.
        return self.prefetch_related(
            models.Prefetch(
                "causes",
                queryset=Cause.objects.select_related("condition").defer(
                    "explanation", "advice", *(f"condition__{field}" for field in CONDITION_TEXTS)
                ),
                to_attr="causes_list",
            ),
            *prefetched("warning_sign_of"),
        )


class Symptom(SluggedModel):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    red_flag = models.BooleanField(
        "warning sign",
        default=False,
        help_text="The source says to see a doctor when twitching comes with this symptom.",
    )

    objects = SlugManager.from_queryset(SymptomQuerySet)()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["red_flag"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def conditions(self) -> list[Condition]:
        """The conditions that list this symptom (with SymptomQuerySet.for_list's prefetches)."""
        return [*self.warning_sign_of_list, *(cause.condition for cause in self.causes_list)]


class ConditionQuerySet(ContentQuerySet):
    search_fields = ("name", "summary")

    def for_detail(self) -> ConditionQuerySet:
        # related_articles stays a manager: the source serializer also answers writes.
        return self.prefetch_related(
            "related_articles",
            *prefetched("warning_signs", "causes", "lifestyle_tips", "treatments"),
        )


class Condition(SluggedModel):
    name = models.CharField(max_length=200)
    summary = models.TextField()
    overview = models.TextField()
    outlook = models.TextField(help_text="What the source says about how serious it usually is.")
    when_to_see_doctor = models.TextField()
    warning_signs = models.ManyToManyField(
        Symptom,
        related_name="warning_sign_of",
        blank=True,
        help_text="Symptoms that, with this condition, call for a doctor.",
    )
    disclaimer = models.TextField(help_text="Medical disclaimer shown with this content.")

    source_title = models.CharField("article title", max_length=300)
    source_author = models.CharField("author", max_length=200)
    source_published_on = models.DateField("publication date")
    source_reading_minutes = models.PositiveSmallIntegerField("reading time (minutes)")
    source_publisher = models.CharField("publisher", max_length=200)
    source_section = models.CharField(
        "site section", max_length=200, blank=True, help_text="Where the article sits on its site."
    )
    source_tags = models.JSONField("tags", default=list, blank=True, validators=[validate_tag_list])
    source_copyright = models.CharField("copyright notice", max_length=200, blank=True)

    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When an editor last checked this content; empty if never."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="When this content is due to be checked again."
    )

    objects = SlugManager.from_queryset(ConditionQuerySet)()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
        ]
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


class RelatedArticleManager(models.Manager):
    def get_by_natural_key(self, condition_slug: str, title: str) -> RelatedArticle:
        return self.get(condition__slug=condition_slug, title=title)


class RelatedArticle(models.Model):
    """An article that the source page lists as related."""

    condition = models.ForeignKey(
        Condition, on_delete=models.CASCADE, related_name="related_articles"
    )
    title = models.CharField(max_length=300)
    published_on = models.DateField("publication date", null=True, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(
        "reading time (minutes)", null=True, blank=True
    )

    objects = RelatedArticleManager()

    class Meta:
        # By the key, not the condition's name: no join, and the index serves it.
        ordering = ["condition_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "title"], name="unique_related_article_per_condition"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str, str]:
        return (*self.condition.natural_key(), self.title)

    natural_key.dependencies = ["causes.condition"]


class CauseQuerySet(ContentQuerySet):
    search_fields = ("name", "also_known_as", "summary", "explanation")

    #: What `expand` can add to a list; the condition and symptoms are fetched anyway.
    expansions = ("examples", "lifestyle_tips", "treatments")

    def for_list(self, expand: Collection[str] = ()) -> CauseQuerySet:
        # Lists leave the long texts, the cause's and its condition's, in the database.
        return (
            self._with_symptoms()
            .defer("explanation", "advice", *(f"condition__{field}" for field in CONDITION_TEXTS))
            .prefetch_related(*prefetched(*(name for name in self.expansions if name in expand)))
        )

    def for_detail(self) -> CauseQuerySet:
        return (
            self._with_symptoms()
            .defer(*(f"condition__{field}" for field in CONDITION_TEXTS))
            .prefetch_related(*prefetched("examples", "lifestyle_tips", "treatments"))
        )

    def _with_symptoms(self) -> CauseQuerySet:
        return (
            self.select_related("condition")
            .prefetch_related(*prefetched("symptoms"))
            # Null until matching_symptoms() counts; declared here so ordering by it always works.
            .annotate(matched_symptoms=models.Value(None, output_field=models.IntegerField()))
        )

    def matching_symptoms(self, symptoms: list[Symptom], *, match_all: bool) -> CauseQuerySet:
        """
        Causes that come with any (or, with match_all, every) one of `symptoms`,
        annotated with `matched_symptoms`: how many of them each cause has.
        Ranked by that count, then in the usual order.
        """
        required = len(symptoms) if match_all else 1
        # Filtering before annotating counts over the matching links alone, found through
        # the index on the link's symptom, instead of over every cause's links.
        return (
            self.filter(symptoms__in=symptoms)
            .annotate(matched_symptoms=models.Count("symptoms", distinct=True))
            .filter(matched_symptoms__gte=required)
            .order_by("-matched_symptoms", *self.model._meta.ordering)
        )


class Cause(SluggedModel):
    name = models.CharField(max_length=200)
    also_known_as = models.CharField(max_length=200, blank=True)
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="causes")
    category = models.CharField(max_length=20, choices=CauseCategory.choices)
    urgency = models.CharField(max_length=20, choices=Urgency.choices)
    position = models.PositiveSmallIntegerField(help_text="Order of appearance in the source.")
    summary = models.TextField(help_text="The source's one-line statement of the cause.")
    explanation = models.TextField(blank=True, help_text="How the source explains it.")
    advice = models.TextField(blank=True, help_text="What the source advises for it.")
    symptoms = models.ManyToManyField(
        Symptom,
        related_name="causes",
        blank=True,
        help_text="Symptoms that the source says can come with twitching from this cause.",
    )

    objects = SlugManager.from_queryset(CauseQuerySet)()

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


class ExampleManager(models.Manager):
    def get_by_natural_key(self, cause_slug: str, name: str) -> Example:
        return self.get(cause__slug=cause_slug, name=name)


class Example(models.Model):
    """Something the source names as an instance of a cause: a drug, a disease, ..."""

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="examples")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ExampleKind.choices)

    objects = ExampleManager()

    class Meta:
        ordering = ["cause", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cause", "name"], name="unique_example_per_cause")
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str, str]:
        return (*self.cause.natural_key(), self.name)

    natural_key.dependencies = ["causes.cause"]


class AdviceQuerySet(ContentQuerySet):
    """Lifestyle tips and treatments: both address conditions and some of their causes."""

    def for_list(self, expand: Collection[str] = ()) -> AdviceQuerySet:
        # Expanded, causes are shown as in the cause list, with what that needs.
        causes = Cause.objects.for_list() if "causes" in expand else None
        return self.prefetch_related(
            *prefetched("conditions"),
            models.Prefetch("causes", queryset=causes, to_attr="causes_list"),
        )


class LifestyleTipQuerySet(AdviceQuerySet):
    search_fields = ("title", "advice")


class LifestyleTip(SluggedModel):
    title = models.CharField(max_length=200)
    advice = models.TextField()
    position = models.PositiveSmallIntegerField(help_text="Order of appearance in the source.")
    conditions = models.ManyToManyField(Condition, related_name="lifestyle_tips")
    causes = models.ManyToManyField(
        Cause,
        related_name="lifestyle_tips",
        blank=True,
        help_text="Causes that the source says this tip addresses.",
    )

    objects = SlugManager.from_queryset(LifestyleTipQuerySet)()

    class Meta:
        ordering = ["position", "slug"]
        indexes = [
            models.Index(fields=["position", "slug"]),
        ]
        verbose_name = "lifestyle tip"

    def __str__(self) -> str:
        return self.title


class TreatmentQuerySet(AdviceQuerySet):
    search_fields = ("name", "description")


class Treatment(SluggedModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TreatmentKind.choices)
    description = models.TextField()
    position = models.PositiveSmallIntegerField(help_text="Order of appearance in the source.")
    conditions = models.ManyToManyField(Condition, related_name="treatments")
    causes = models.ManyToManyField(
        Cause,
        related_name="treatments",
        blank=True,
        help_text="Causes that the source says this treatment applies to.",
    )

    objects = SlugManager.from_queryset(TreatmentQuerySet)()

    class Meta:
        ordering = ["position", "slug"]
        indexes = [
            models.Index(fields=["position", "slug"]),
            models.Index(fields=["kind"]),
        ]

    def __str__(self) -> str:
        return self.name
