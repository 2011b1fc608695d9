"""
What every content model shares: a slug for its natural key, `updated_at`, the
evidence that supports it, the other names its sources use for it, and the text
search of the list endpoints.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Collection
from typing import Any, ClassVar

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.functions import Cast
from django.utils import timezone

from .. import codes as coding
from .. import evidence as rules

SEARCH_CONFIG = "english"


def search_document(fields: tuple[str, ...]) -> SearchVector:
    """What PostgreSQL searches: `fields` in order of weight (A, B, then C for the rest)."""
    weights = ["A", "B", *["C"] * len(fields)]
    vectors = [
        SearchVector(_searchable(field), weight=weight, config=SEARCH_CONFIG)
        for field, weight in zip(fields, weights, strict=False)
    ]
    return functools.reduce(operator.add, vectors)


def _searchable(field: str) -> Any:
    # A list of names (JSON) is searched as its text.
    return Cast(field, models.TextField()) if field == "alternative_names" else field


def prefetched(*lookups: str) -> list[models.Prefetch]:
    """
    Prefetches of these relations into plain lists, `<relation>_list` on each object.
    Prefetched into the relation itself, Django would make a related manager and a
    filtered queryset for every object, which costs more than the query does.
    """
    return [models.Prefetch(lookup, to_attr=f"{lookup}_list") for lookup in lookups]


class ContentQuerySet(models.QuerySet):
    """
    The related rows each API view needs, fetched in a fixed number of queries,
    and the text search of the list endpoints.
    """

    #: The text fields that `search()` looks in, most telling first. On PostgreSQL a GIN
    #: index on search_document(search_fields) serves the search. Migrations build it
    #: there (0005 for the current fields) and keep it out of the model state, because
    #: SQLite, when it rebuilds a table from that state, cannot build it;
    #: tests/test_postgres.py checks it is used.
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


def optional_choice(choices: list[tuple[str, str]], *, blank: bool = True, **kwargs: Any) -> Any:
    """
    A choice that the source may leave unsaid: null means "not stated", and the API shows
    it as null (an empty string would not be one of the schema's enum values). With
    `blank=False`, validation still requires a value; null is then only for old rows.
    """
    return models.CharField(max_length=20, choices=choices, null=True, blank=blank, **kwargs)


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> models.Model:
        return self.get(slug=slug)


class UpdatedAtField(models.DateTimeField):
    """
    The moment of the last change: set on every save, like `auto_now`, and also on rows
    that are saved raw, as Django's `loaddata` does (it skips `auto_now`, which would
    leave the column empty), through a default.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", timezone.now)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = timezone.now()
        setattr(model_instance, self.attname, value)
        return value


class SluggedModel(models.Model):
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Stable identifier used in URLs and fixtures."
    )
    # Not content: fixtures leave it out, and loading them sets it only on records that
    # changed (causes.content), so that clients syncing with `updated_since` fetch just those.
    updated_at = UpdatedAtField(
        db_index=True, help_text="When this object's own fields or the links it lists last changed."
    )

    objects = SlugManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


def validate_tag_list(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(tag, str) and tag for tag in value):
        raise ValidationError("Tags must be a list of non-empty strings.")


def validate_name_list(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(name, str) and name.strip() and len(name) <= 200 for name in value
    ):
        raise ValidationError("Must be a list of names, each a non-empty string of 200 characters.")


def validate_evidence(value: object) -> None:
    """The evidence items' form, and that each quote is found in its source (a query)."""
    from .sources import Source

    slugs = (
        {item.get("source") for item in value if isinstance(item, dict)}
        if isinstance(value, list)
        else set()
    )
    texts = {
        source.slug: source.text
        for source in Source.objects.filter(slug__in=[s for s in slugs if isinstance(s, str)])
    }
    problems = rules.evidence_problems(value, texts)
    if problems:
        raise ValidationError(
            [
                f"Quote {index + 1}: {key}: {message}"
                if key != "non_field_errors"
                else f"Quote {index + 1}: {message}"
                for index, item in sorted(problems.items())
                for key, message in item.items()
            ]
        )


class EvidenceField(models.JSONField):
    """
    The quotes that support a record: a list of {source, quote, locator}
    (causes.evidence). At least one is required; each must be found in its source.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault(
            "help_text", "Quotes from sources that support this: {source, quote, locator}."
        )
        kwargs.setdefault(
            "error_messages", {"blank": "Give at least one quote from a source (`evidence`)."}
        )
        kwargs.setdefault("validators", [validate_evidence])
        super().__init__(*args, **kwargs)


class ContentModel(SluggedModel):
    """
    An object of content: something a source says, with the quotes that say it
    (`evidence`) and the other names the source uses for it (`alternative_names`).

    clean() holds the rules that do not fit one field: every quote mentions the
    object by one of its names, every alternative name is in one of its quotes, and
    every sentence of the fields in `quoted_fields` stands in one of its quotes.
    """

    alternative_names = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_name_list],
        help_text="Other names that the source itself uses for this, such as “pinched nerve”.",
    )
    evidence = EvidenceField()

    #: The field with the object's main name (`name`; a tip's `title`).
    name_field: ClassVar[str] = "name"
    #: Text fields whose every sentence stands word for word in one of the object's quotes.
    quoted_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def names(self) -> list[str]:
        return [getattr(self, self.name_field), *self.alternative_names]

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.evidence, list) or not all(
            not rules.shape_problems(item) for item in self.evidence
        ):
            return  # the field's own validation reports it
        errors: dict[str, list[str]] = {}
        for quote in rules.unmentioned(self.evidence, self.names()):
            errors.setdefault("evidence", []).append(
                f"The quote “{quote}” does not mention {self.names()[0]!r} "
                f"(or one of its alternative names)."
            )
        if isinstance(self.alternative_names, list):
            for name in self.alternative_names:
                if isinstance(name, str) and not any(
                    rules.mentions(quote, [name]) for quote in rules.quotes(self.evidence)
                ):
                    errors.setdefault("alternative_names", []).append(
                        f"{name!r} is in none of the quotes: an alternative name is the "
                        "source's own word for this."
                    )
        for field in self.quoted_fields:
            for sentence in rules.unquoted_sentences(
                getattr(self, field), rules.quotes(self.evidence)
            ):
                errors.setdefault(field, []).append(
                    f"“{sentence}” is in none of the quotes: each sentence is the source's own "
                    "words, quoted in `evidence`, so that a reader can see where it stands."
                )
        if errors:
            raise ValidationError(errors)


def validate_with(inherited_clean: Callable[[], None], problems: dict[str, list[str]]) -> None:
    """
    Run an inherited clean() and raise its errors together with `problems` (by field):
    every rule's faults at once, not only the first rule's.
    """
    errors: dict = {}
    try:
        inherited_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field, messages in problems.items():
        if messages:
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


class CodedModel(ContentModel):
    """
    Content that clinical codes name (conditions, causes, symptoms): `codes`, each
    mapping traceable to the table's words or to a reviewer's note (causes.codes).
    """

    codes = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Clinical codes that name this (ICD-10-CM): each with the table's display, "
            "whether it is billable, and the basis of the mapping."
        ),
    )

    class Meta:
        abstract = True

    def coded_names(self) -> list[str]:
        """The words a code's title or inclusion term may name this record by."""
        return self.names()

    def clean(self) -> None:
        validate_with(
            super().clean, {"codes": coding.codes_problems(self.codes, self.coded_names())}
        )

    @classmethod
    def codes_by_key(cls) -> dict[int, list[dict]]:
        """
        The codes of every coded record, by key, in one query. Codes are matched in Python:
        JSON containment is PostgreSQL's only, cannot match a category, and the coded
        records are few.
        """
        return dict(cls._default_manager.exclude(codes=[]).values_list("pk", "codes"))

    @classmethod
    def with_code(cls, code: str) -> list[int]:
        """The keys of the records coded with `code` or a code within it (R25 holds R25.3)."""
        return [pk for pk, entries in cls.codes_by_key().items() if coding.matches(entries, code)]
