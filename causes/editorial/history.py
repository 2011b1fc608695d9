"""
The history of content, kept by django-reversion: every publish (and every fixture
load) is a revision, with who published it, the change set and its review note, and
a version of each object it changed together with the links that object lists (its
`FOLLOW`), evidence included. An object's versions are known by its slug, so those of
a deleted object can still be found, and restored.
"""

import itertools
import json
from collections.abc import Iterable
from typing import Any

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from rest_framework.exceptions import APIException, ValidationError
from reversion.errors import RevertError
from reversion.models import Version

from ..content import CONTENT_MODELS, touch_ends
from ..models import Cause, ChangeSet, Condition, LifestyleTip, Publication, Symptom, Treatment

# The relations whose rows a version of each model includes: the links it lists (and a
# cause's named examples), so that its history shows them and a restore brings them back.
FOLLOW: dict[type[models.Model], tuple[str, ...]] = {
    Condition: ("warning_sign_links", "tip_links", "treatment_links", "shared_cause_links"),
    Cause: ("symptom_links", "examples", "tip_links", "treatment_links", "shared_condition_links"),
    Symptom: ("warning_sign_links", "cause_links"),
    LifestyleTip: ("condition_links", "cause_links"),
    Treatment: ("condition_links", "cause_links"),
}


class RestoreConflict(APIException):
    status_code = 409
    default_code = "conflict"


def register() -> None:
    """Put every content model under version control (the app's ready())."""
    for model in CONTENT_MODELS:
        if reversion.is_registered(model):
            continue
        slugged = any(field.name == "slug" for field in model._meta.fields)
        reversion.register(
            model,
            follow=FOLLOW.get(model, ()),
            # Bookkeeping, not content; a restored object is stamped when it is restored.
            exclude=("updated_at",),
            # Related objects by slug: a restore links to whatever bears the slug then.
            use_natural_foreign_keys=True,
            object_id_field="slug" if slugged else None,
        )


def record(
    instances: Iterable[models.Model],
    *,
    user: AbstractBaseUser | None,
    comment: str,
    change_set: ChangeSet | None = None,
) -> None:
    """One revision: the current state of these objects, each with the links it lists."""
    instances = [instance for instance in instances if instance.pk is not None]
    if not instances:
        return
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.set_user(user)
        reversion.set_comment(comment)
        if change_set is not None:
            reversion.add_meta(Publication, change_set=change_set)
        for instance in instances:
            reversion.add_to_revision(instance)


def versions_of(model: type[models.Model], slug: str) -> models.QuerySet:
    """An object's versions, newest first, whether it still exists or not."""
    return Version.objects.get_for_object_reference(model, slug).select_related(
        "revision__user", "revision__publication__change_set"
    )


def _fields(version: Version) -> dict[str, Any]:
    # As serialized: related objects by their natural keys (slugs), readable as they are.
    return json.loads(version.serialized_data)[0]["fields"]


def _row_versions(version: Version, related: type[models.Model], field_name: str) -> list[Version]:
    """
    The versions of `related` rows (links, examples) in `version`'s revision whose
    `field_name` is the object of `version`. A revision can hold hundreds of versions (a
    change set's): the database picks the candidates, and each is then checked exactly.
    """
    own_key = [version.object_id]  # as a related object's natural key
    candidates = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(related),
        serialized_data__contains=json.dumps({field_name: own_key})[1:-1],
    )
    return [candidate for candidate in candidates if _fields(candidate).get(field_name) == own_key]


def _links(version: Version, model: type[models.Model]) -> dict[str, dict[str, dict]]:
    """The links of the object that `version` is of, by relation and other end."""
    links: dict[str, dict[str, dict]] = {}
    for relation in FOLLOW.get(model, ()):
        field = getattr(model, relation).field
        related = field.model
        rows = links.setdefault(relation, {})
        for row in _row_versions(version, related, field.name):
            other = _fields(row)
            del other[field.name]
            if hasattr(related, "ends"):  # a link: known by its other end's slug
                (other_end,) = (end for end in related.ends if end != field.name)
                rows["/".join(other.pop(other_end))] = other
            else:  # a named example
                rows[other["name"]] = other
    return links


def _diff(older: dict[str, Any] | None, newer: dict[str, Any]) -> dict[str, dict]:
    older = older or {}
    return {
        name: {"before": older.get(name), "after": value}
        for name, value in newer.items()
        if older.get(name) != value
    }


def changes(older: Version | None, newer: Version, model: type[models.Model]) -> dict:
    """What `newer` changed from `older`: its fields, and its links, added, removed or changed."""
    before_links = _links(older, model) if older is not None else {}
    links = {}
    for relation, rows in _links(newer, model).items():
        old_rows = before_links.get(relation, {})
        added = sorted(set(rows) - set(old_rows))
        removed = sorted(set(old_rows) - set(rows))
        changed = {
            end: _diff(old_rows[end], row)
            for end, row in rows.items()
            if end in old_rows and old_rows[end] != row
        }
        if added or removed or changed:
            links[relation] = {"added": added, "removed": removed, "changed": changed}
    return {
        "fields": _diff(_fields(older) if older is not None else None, _fields(newer)),
        "links": links,
    }


def history(model: type[models.Model], slug: str) -> list[dict[str, Any]]:
    """An object's versions, newest first, each with who, when, why and what changed."""
    versions = list(
        versions_of(model, slug).prefetch_related(
            "revision__publication__change_set__drafts__created_by"
        )
    )
    entries = []
    for newer, older in itertools.zip_longest(versions, versions[1:]):
        revision = newer.revision
        publication = getattr(revision, "publication", None)
        change_set = publication.change_set if publication is not None else None
        entries.append(
            {
                "version": newer.pk,
                "recorded_at": revision.date_created,
                "published_by": revision.user.get_username() if revision.user else None,
                "comment": revision.comment,
                "change_set": change_set.pk if change_set is not None else None,
                "authors": sorted(
                    {draft.created_by.get_username() for draft in change_set.drafts.all()}
                )
                if change_set is not None
                else [],
                "changes": changes(older, newer, model),
            }
        )
    return entries


def restore(model: type[models.Model], slug: str, version_id: Any) -> models.Model:
    """
    Put the object back as `version` had it, with exactly the links it had then (its
    named examples included), whether it exists now or was deleted. A link whose other
    end no longer exists cannot come back: a conflict, naming it.
    """
    if isinstance(version_id, bool) or not isinstance(version_id, int):
        raise ValidationError({"version": ["Must be the number of a version of this object."]})
    version = versions_of(model, slug).filter(pk=version_id).first()
    if version is None:
        raise ValidationError({"version": [f"{slug} has no version {version_id}."]})
    now = timezone.now()
    try:
        with transaction.atomic():
            version.revert()
            instance = model._default_manager.get(slug=slug)
            model._default_manager.filter(pk=instance.pk).update(updated_at=now)
            for relation in FOLLOW.get(model, ()):
                field = getattr(model, relation).field
                related = field.model
                getattr(instance, relation).all().delete()
                for row in _row_versions(version, related, field.name):
                    row.revert()
                if hasattr(related, "ends"):
                    touch_ends(related._default_manager.filter(**{field.name: instance}), now)
    except (RevertError, IntegrityError) as error:
        raise RestoreConflict(
            f"Version {version_id} of {slug} cannot be restored as it was: {error}"
        ) from error
    return instance
