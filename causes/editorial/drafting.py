"""
Drafts: a write through the API is applied to the database as publishing would
apply it, inside a transaction that is then undone, to validate it (every rule of
evidence included) and to show its result; what is kept is the draft.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal, overload

from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.exceptions import NotFound, ValidationError

from ..models import ChangeSet, Draft
from . import history
from .resources import Resource, resource


class _Undo(Exception):
    """Raised to roll back a preview's transaction once its block is done."""


@contextmanager
def previewing(change_set: ChangeSet | None) -> Iterator[None]:
    """
    Within the block, the database as publishing `change_set` would leave it: its
    drafts applied in order. Everything done in the block is undone when it ends, and
    nothing reaches the public: no commit, so no new content version.
    """
    try:
        with transaction.atomic():
            if change_set is not None:
                for draft in change_set.drafts.order_by("id"):
                    apply(draft)
            yield
            raise _Undo
    except _Undo:
        pass


def apply(draft: Draft, context: dict[str, Any] | None = None) -> Any:
    """
    Carry out one draft with the resource's write serializer, validated as the editor's
    request was (a ValidationError if it no longer is); the serializer afterwards, or
    None for a delete.
    """
    target = resource(draft.resource)
    if draft.action == Draft.Action.RESTORE:
        history.restore(target.model, draft.slug, draft.body.get("version"))
        instance = target.published(draft.slug)
        return target.write_serializer(instance, context=context or {})
    if draft.action == Draft.Action.CREATE:
        serializer = target.write_serializer(data=draft.body, context=context or {})
    else:
        instance = target.published(draft.slug)
        if instance is None:
            raise NotFound(f"No {target.model._meta.verbose_name} has the slug {draft.slug}.")
        if draft.action == Draft.Action.DELETE:
            instance.delete()
            return None
        serializer = target.write_serializer(
            instance,
            data=draft.body,
            partial=draft.action == Draft.Action.CHANGE,
            context=context or {},
        )
    serializer.is_valid(raise_exception=True)
    serializer.save()
    return serializer


def make_draft(
    *,
    user: User,
    change_set: ChangeSet,
    target: Resource,
    action: str,
    slug: str,
    body: dict[str, Any],
    context: dict[str, Any],
) -> tuple[Draft, dict[str, Any] | None]:
    """
    Validate a write as its change set would publish it and keep it as a draft; the
    draft, and the object's representation as it would then be (None for a delete).
    """
    published = target.published(slug)
    draft = Draft(
        change_set=change_set,
        resource=target.name,
        slug=slug,
        action=action,
        body=body,
        base=published.updated_at if published is not None else None,
        created_by=user,
    )
    with previewing(change_set):
        serializer = apply(draft, context)
        result = serializer.data if serializer is not None else None
    draft.save()
    return draft, result


@overload
def open_change_set(
    user: User, change_set_id: str | None, *, create: Literal[True] = True
) -> ChangeSet: ...


@overload
def open_change_set(user: User, change_set_id: str | None, *, create: bool) -> ChangeSet | None: ...


def open_change_set(
    user: User, change_set_id: str | None, *, create: bool = True
) -> ChangeSet | None:
    """
    The open change set that a request names (`change_set`), or the user's latest open
    one, made when there is none (unless `create` is false).
    """
    if change_set_id is not None:
        if not str(change_set_id).isdigit():
            raise ValidationError({"change_set": ["Must be the number of a change set."]})
        change_set = ChangeSet.objects.filter(pk=int(change_set_id)).first()
        if change_set is None:
            raise NotFound(f"No change set has the number {change_set_id}.")
        if change_set.state != ChangeSet.State.OPEN:
            raise ValidationError(
                {"change_set": [f"Change set {change_set.pk} is {change_set.state}, not open."]}
            )
        return change_set
    change_set = ChangeSet.objects.filter(created_by=user, state=ChangeSet.State.OPEN).first()
    if change_set is None and create:
        change_set = ChangeSet.objects.create(created_by=user, title=f"Drafts of {user}")
    return change_set
