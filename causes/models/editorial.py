"""
Editorial governance: what editors write is a draft, in a change set, until a
reviewer publishes the change set; what is published is recorded (history, with
django-reversion) and listed in the public changes feed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ChangeSet(models.Model):
    """
    Drafts that go live together, or not at all: a new cause with its symptom links and
    evidence, an edit of several related records, a restore. Publishing needs a reviewer
    who wrote none of its drafts (settings.REVIEW_REQUIRES_SECOND_PERSON).
    """

    class State(models.TextChoices):
        OPEN = "open", "Open: drafts are added to it"
        PUBLISHED = "published", "Published: its drafts are live"
        DISCARDED = "discarded", "Discarded: its drafts never went live"

    title = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="change_sets"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_conditions = models.ManyToManyField(
        "causes.Condition",
        blank=True,
        related_name="reviews",
        help_text="Conditions whose content the reviewer checked: publishing dates their review.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_change_sets",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]
        permissions = [("publish_changeset", "Can review and publish change sets")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}".strip()

    def authors(self) -> set[int]:
        """The users who wrote its drafts, or made it."""
        return {self.created_by_id, *self.drafts.values_list("created_by", flat=True)}


class Draft(models.Model):
    """
    One write through the API, kept until its change set is published: the resource,
    the object's slug, and the body as the editor sent it, applied at publishing by the
    same write serializers, with the same validation, as the editor's request was.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Create (POST)"
        REPLACE = "replace", "Replace (PUT)"
        CHANGE = "change", "Change (PATCH)"
        DELETE = "delete", "Delete (DELETE)"
        RESTORE = "restore", "Restore a version"

    change_set = models.ForeignKey(ChangeSet, on_delete=models.CASCADE, related_name="drafts")
    resource = models.CharField(max_length=50, help_text="As in the URL: causes, symptoms, ...")
    slug = models.CharField(max_length=100)
    action = models.CharField(max_length=20, choices=Action.choices)
    body = models.JSONField(default=dict, blank=True)
    # When the published object last changed as the editor drafted this (null: it did not
    # exist): publishing refuses the draft if it has changed since (a conflict).
    base = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafts"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["change_set", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.resource}/{self.slug}"


class Change(models.Model):
    """
    One published change of one object, in the order changes went live: the public
    changes feed (/api/v1/changes/), which mirrors replay. Publishing and fixture loads
    write these under a lock, so their ids commit in order.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated (its fields or links, or what it shows of a related object)"
        DELETED = "deleted", "Deleted"

    resource = models.CharField(max_length=50)
    slug = models.CharField(max_length=100)
    action = models.CharField(max_length=20, choices=Action.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    change_set = models.ForeignKey(
        ChangeSet, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )

    #: Set on the changes that the feed lists (causes.views.editorial), for ChangeSerializer.
    feed_cursor: str

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} {self.resource}/{self.slug}"


class Publication(models.Model):
    """The change set that a revision of the history published (none: a fixture load)."""

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="publication"
    )
    change_set = models.ForeignKey(
        ChangeSet, on_delete=models.PROTECT, null=True, blank=True, related_name="publications"
    )

    def __str__(self) -> str:
        return f"{self.revision_id}: {self.change_set}"
