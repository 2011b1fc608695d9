"""
Publishing: a change set goes live all at once, or not at all, recorded in the
history and in the public changes feed. Fixture loads are recorded the same way.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connection, models, transaction
from django.utils import timezone
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError

from ..models import (
    Cause,
    Change,
    ChangeSet,
    Condition,
    Draft,
    Example,
    Link,
    SluggedModel,
    WarningSign,
)
from . import history
from .drafting import apply
from .resources import resource, resource_of

# Who publishes what `load_content` loads: the deploy, not a person.
LOADER_USERNAME = "content-loader"
# Any fixed number: PostgreSQL's lock that makes publishers take turns.
_FEED_LOCK = 2_716_057


class Conflict(APIException):
    status_code = 409
    default_code = "conflict"


def loader_user() -> User:
    user, _ = get_user_model().objects.get_or_create(
        username=LOADER_USERNAME, defaults={"is_active": False}
    )
    return user


def lock_feed() -> None:
    """
    Make publishers take turns until the transaction ends, so that the changes feed's
    ids commit in their order and a reader never sees a later one before an earlier one.
    (SQLite's write transactions take turns already.)
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_FEED_LOCK])


def affected(instance: models.Model) -> list[models.Model]:
    """
    The object and every object whose public representation shows something of it: the
    other ends of its links, a cause's condition, a condition's causes, and, since a
    condition's warning signs make its symptoms red flags, the causes of those symptoms.
    """
    if isinstance(instance, Link):
        ends = list(instance.end_objects().values())
        if isinstance(instance, WarningSign):
            ends += list(instance.symptom.causes.all())
        return ends
    if isinstance(instance, Example):
        return [instance.cause]
    objects = [instance]
    for relation in history.FOLLOW.get(type(instance), ()):
        field = getattr(type(instance), relation).field
        link_model = field.model
        if not hasattr(link_model, "ends"):
            continue
        (other,) = (end for end in link_model.ends if end != field.name)
        ends = [getattr(link, other) for link in getattr(instance, relation).select_related(other)]
        objects += ends
        if isinstance(instance, Condition) and relation == "warning_sign_links":
            objects += [cause for symptom in ends for cause in symptom.causes.all()]
    if isinstance(instance, Cause):
        objects.append(instance.condition)
    if isinstance(instance, Condition):
        objects += list(instance.causes.all())
    return objects


class Recorder:
    """The changes of one publication, for the feed: each object once, in order."""

    def __init__(self) -> None:
        self.actions: dict[tuple[str, str], str] = {}

    def note(self, instance: models.Model, action: str = Change.Action.UPDATED) -> None:
        target = resource_of(type(instance))
        # Every resource's model has a slug; an object without one yet is not recorded.
        if target is None or not isinstance(instance, SluggedModel) or not instance.slug:
            return
        key = (target.name, instance.slug)
        # A deletion, or a creation, says more than an update of the same object.
        strong = (Change.Action.CREATED, Change.Action.DELETED)
        if self.actions.get(key) in strong and action != Change.Action.DELETED:
            return
        self.actions[key] = action

    def note_all(self, instances: Iterable[models.Model]) -> None:
        for instance in instances:
            self.note(instance)

    def save(self, change_set: ChangeSet | None) -> None:
        now = timezone.now()
        Change.objects.bulk_create(
            Change(resource=name, slug=slug, action=action, changed_at=now, change_set=change_set)
            for (name, slug), action in self.actions.items()
        )


def conflicts(drafts: Iterable[Draft]) -> list[str]:
    """
    How the published content has changed since the drafts were made, draft by draft:
    an object created, changed or deleted by someone else meanwhile.
    """
    problems = []
    created_here: set[tuple[str, str]] = set()
    for draft in drafts:
        current = resource(draft.resource).published(draft.slug)
        key = (draft.resource, draft.slug)
        name = f"{draft.resource}/{draft.slug}"
        if draft.action == Draft.Action.CREATE:
            if current is not None:
                problems.append(f"{name}: created by another change set since it was drafted.")
            created_here.add(key)
        elif draft.base is None:
            if draft.action != Draft.Action.RESTORE and key not in created_here:
                problems.append(f"{name}: did not exist when it was drafted.")
        elif current is None:
            problems.append(f"{name}: deleted since it was drafted.")
        elif current.updated_at != draft.base:
            problems.append(
                f"{name}: changed at {current.updated_at.isoformat()}, after the draft "
                f"(made against {draft.base.isoformat()}). Draft it again on the current content."
            )
    return problems


@transaction.atomic
def publish(
    change_set_id: int,
    *,
    reviewer: User,
    review_note: str = "",
    reviewed_conditions: Iterable[Condition] = (),
    context: dict[str, Any] | None = None,
) -> ChangeSet:
    """
    Make a change set live: its drafts applied in order, the reviews it records dated,
    a revision of the history and the entries of the changes feed written, in one
    transaction. Refused when the reviewer wrote any of it (and a second person is
    required), when it is empty or not open, or on a conflict: then nothing changes.
    """
    lock_feed()
    change_set = ChangeSet.objects.select_for_update().get(pk=change_set_id)
    reviewed_conditions = list(reviewed_conditions)
    if change_set.state != ChangeSet.State.OPEN:
        raise Conflict(f"Change set {change_set.pk} is {change_set.state}: it cannot be published.")
    drafts = list(change_set.drafts.order_by("id"))
    if not drafts and not reviewed_conditions:
        raise ValidationError(
            {"change_set": ["It has no drafts and reviews no condition: nothing to publish."]}
        )
    if settings.REVIEW_REQUIRES_SECOND_PERSON and reviewer.pk in change_set.authors():
        raise PermissionDenied(
            "You wrote or made this change set: another reviewer must publish it."
        )
    problems = conflicts(drafts)
    if problems:
        raise Conflict(" ".join(problems))

    # Kept before they go, so that a deleted object can be restored.
    doomed = [
        resource(draft.resource).published(draft.slug)
        for draft in drafts
        if draft.action == Draft.Action.DELETE
    ]
    history.record(
        filter(None, doomed),
        user=reviewer,
        comment=f"As it was before change set {change_set.pk} deleted it.",
        change_set=change_set,
    )
    recorder, published = Recorder(), []
    for draft in drafts:
        target = resource(draft.resource)
        before = target.published(draft.slug)
        if before is not None:
            recorder.note_all(affected(before))
        try:
            apply(draft, context)
        except ValidationError as error:
            raise Conflict(
                f"{draft.resource}/{draft.slug} is no longer valid on the current content: "
                f"{error.detail}"
            ) from error
        after = target.published(draft.slug)
        if after is None:
            if before is not None:
                recorder.note(before, Change.Action.DELETED)
            continue
        recorder.note(after, Change.Action.CREATED if before is None else Change.Action.UPDATED)
        recorder.note_all(affected(after))
        published.append(after)
    today = timezone.localdate()
    for condition in reviewed_conditions:
        condition.last_reviewed = today
        condition.next_review_due = today + datetime.timedelta(days=settings.REVIEW_PERIOD_DAYS)
        condition.save()
        recorder.note(condition)
        published.append(condition)
    history.record(
        (type(item)._default_manager.get(pk=item.pk) for item in published),
        user=reviewer,
        comment=review_note or f"Change set {change_set.pk}",
        change_set=change_set,
    )
    recorder.save(change_set)
    change_set.state = ChangeSet.State.PUBLISHED
    change_set.published_by = reviewer
    change_set.published_at = timezone.now()
    change_set.review_note = review_note
    change_set.save()
    change_set.reviewed_conditions.set(reviewed_conditions)
    return change_set


def record_load(
    created: Iterable[models.Model],
    changed: Iterable[models.Model],
    deleted: Iterable[models.Model],
) -> None:
    """
    What a fixture load changed, published as the deploy: a revision under the loader's
    account, and entries in the changes feed. Open drafts are kept; those of an object the
    load changed will conflict when their change set is published.
    """
    lock_feed()
    recorder = Recorder()
    created = list(created)
    for instance in created:
        recorder.note(instance, Change.Action.CREATED)
    touched: dict[tuple[type, Any], models.Model] = {}
    for instance in [*created, *changed]:
        own = [] if isinstance(instance, Link | Example) else [instance]
        for item in [*own, *affected(instance)]:
            touched[(type(item), item.pk)] = item
    for instance in touched.values():
        recorder.note(instance)
    for instance in deleted:
        recorder.note(instance, Change.Action.DELETED)
    # Each object that the load changed, or whose links it changed, with its links now.
    history.record(
        (item for item in touched.values() if item.pk is not None and type(item) in history.FOLLOW),
        user=loader_user(),
        comment="Loaded from the fixtures.",
    )
    recorder.save(None)
