"""
Sources: the published articles that content restates. A source's full text is a
file in the project (`fixtures/sources/`), kept word for word, and the record holds
its SHA-256 checksum: a text that changed without its record is refused, since
every quote is checked against it.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .base import ContentQuerySet, SluggedModel, SlugManager, validate_tag_list


@functools.lru_cache(maxsize=64)
def read_source_text(path: str, checksum: str) -> str:
    """The text of the file at `path` (from the project's folder), if its checksum matches."""
    root = Path(settings.BASE_DIR).resolve()
    file = (root / path).resolve()
    if Path(path).is_absolute() or root not in file.parents:
        raise ValidationError(f"{path!r} must be a path inside the project, such as fixtures/...")
    try:
        content = file.read_bytes()
    except OSError as error:
        raise ValidationError(f"The source text {path!r} cannot be read: {error}.") from error
    actual = hashlib.sha256(content).hexdigest()
    if actual != checksum:
        raise ValidationError(
            f"The source text {path!r} has the checksum {actual}, not {checksum!r}: the text "
            "changed, so check every quote from it and then record the new checksum."
        )
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(f"The source text {path!r} is not UTF-8.") from error


class SourceQuerySet(ContentQuerySet):
    search_fields = ("title", "author", "publisher")

    def for_list(self, expand: object = ()) -> SourceQuerySet:
        return self.prefetch_related("related_articles", "conditions")


SourceManager = SlugManager.from_queryset(SourceQuerySet)


class Source(SluggedModel):
    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200)
    published_on = models.DateField("publication date")
    reading_minutes = models.PositiveSmallIntegerField("reading time (minutes)")
    section = models.CharField(
        "site section", max_length=200, blank=True, help_text="Where the article sits on its site."
    )
    tags = models.JSONField(default=list, blank=True, validators=[validate_tag_list])
    copyright = models.CharField("copyright notice", max_length=200, blank=True)
    text_file = models.CharField(
        max_length=300,
        help_text="The file with the full text, from the project's folder (fixtures/sources/...).",
    )
    checksum = models.CharField(
        "SHA-256 checksum",
        max_length=64,
        help_text="Of text_file, in hex (`sha256sum`); a text that changed is refused.",
    )

    objects: ClassVar[SourceManager[Source]] = SourceManager()

    class Meta:
        ordering = ["title", "slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def text(self) -> str:
        return read_source_text(self.text_file, self.checksum)

    def clean(self) -> None:
        super().clean()
        try:
            self.text  # noqa: B018 (reading it checks the file and its checksum)
        except ValidationError as error:
            raise ValidationError({"checksum": error.messages}) from error


class RelatedArticleManager(models.Manager["RelatedArticle"]):
    def get_by_natural_key(self, source_slug: str, title: str) -> RelatedArticle:
        return self.get(source__slug=source_slug, title=title)


class RelatedArticle(models.Model):
    """An article that the source's page lists as related."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="related_articles")
    title = models.CharField(max_length=300)
    published_on = models.DateField("publication date", null=True, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(
        "reading time (minutes)", null=True, blank=True
    )

    objects = RelatedArticleManager()

    class Meta:
        # By the key, not the source's title: no join, and the index serves it.
        ordering = ["source_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "title"], name="unique_related_article_per_source"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str, str]:
        return (*self.source.natural_key(), self.title)

    natural_key.dependencies = ["causes.source"]  # type: ignore[attr-defined]  # read by dumpdata
