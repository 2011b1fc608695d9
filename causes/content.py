"""
Content fixtures in and out of the database.

Loading validates every record before it saves it, and the rules that compare
records with one another (uniqueness, such as a name that two records share)
once every record is in and what is pruned is gone, in one transaction: any
fault (malformed YAML, an unknown model or field, a slug that refers to
nothing, a value a model field refuses, a broken uniqueness rule) aborts with a
message naming the file, the record and the problem, and the database is left
exactly as it was. Records are matched by their natural keys (slugs), so
loading again updates in place. A record's links are those in the fixtures: a
link whose first end (the cause of a cause's symptom) is in the fixtures but the
link is not, is removed. Other records that are in the database but in no
fixture are reported, and removed only when asked (`prune`).
"""

import contextlib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import yaml
from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import (
    Cause,
    CauseSymptom,
    Condition,
    Example,
    LifestyleTip,
    Link,
    RelatedArticle,
    SharedCause,
    Source,
    Symptom,
    TipCause,
    TipCondition,
    Treatment,
    TreatmentCause,
    TreatmentCondition,
    WarningSign,
)

# In dependency order: a record refers only to records of models before its own.
CONTENT_MODELS: list[type[models.Model]] = [
    Source,
    RelatedArticle,
    Symptom,
    Condition,
    WarningSign,
    Cause,
    CauseSymptom,
    Example,
    SharedCause,
    LifestyleTip,
    TipCondition,
    TipCause,
    Treatment,
    TreatmentCondition,
    TreatmentCause,
]
MODEL_ORDER = {model._meta.label_lower: index for index, model in enumerate(CONTENT_MODELS)}
# Bookkeeping, not content: never in a fixture, and set by loading (see `load`).
UPDATED_AT = "updated_at"


class FixtureError(Exception):
    """A fixture that cannot be loaded; the message names the file, record and problem."""


@dataclass
class Record:
    path: Path
    number: int  # 1-based, in file order
    data: dict[str, Any]

    def __str__(self) -> str:
        fields = self.data.get("fields") or {}
        # A link is known by the slugs of its ends: `cause: [als]`, `symptom: [weakness]`.
        ends = [value[0] for value in fields.values() if _is_slug_reference(value)]
        key = fields.get("slug") or fields.get("name") or fields.get("title") or "/".join(ends)
        described = f"{self.data.get('model')} {key!r}" if key else self.data.get("model")
        return f"{self.path}, record {self.number} ({described})"


def _is_slug_reference(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 1 and isinstance(value[0], str)


@dataclass
class LoadResult:
    loaded: int = 0
    # "model label: natural key" of content in the database but in no fixture.
    not_in_fixtures: list[str] = field(default_factory=list)
    removed: bool = False
    # "model label: natural key" of links that the fixtures of their first end no longer hold.
    links_removed: list[str] = field(default_factory=list)


def read_records(path: Path) -> list[Record]:
    """The records of one YAML fixture file, checked for the shape loaddata expects."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise FixtureError(f"{path}: cannot be read: {error}") from error
    except (yaml.YAMLError, ValueError) as error:
        # PyYAML reads 2023-06-31 as a date and fails with a ValueError.
        raise FixtureError(f"{path}: is not valid YAML: {error}") from error
    if data is None:
        return []
    if not isinstance(data, list):
        raise FixtureError(f"{path}: must be a list of records (`- model: ...`).")
    records = [Record(path, number, item) for number, item in enumerate(data, start=1)]
    for record in records:
        if not isinstance(record.data, dict) or not isinstance(record.data.get("fields"), dict):
            raise FixtureError(f"{record}: must have `model` and a mapping of `fields`.")
        if record.data.get("model") not in MODEL_ORDER:
            raise FixtureError(
                f"{record}: unknown model; content models are {', '.join(MODEL_ORDER)}."
            )
    return records


def check_references(record: Record, model: type[models.Model]) -> None:
    """Every slug (natural key) the record refers to belongs to an existing record."""
    for name, value in record.data["fields"].items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise FixtureError(f"{record}: {model.__name__} has no field {name!r}.") from None
        if not field.is_relation or value is None:
            continue
        # A content model (a class, once the apps are loaded), with natural keys.
        related: Any = field.related_model
        keys = value if field.many_to_many else [value]
        for key in keys:
            key = key if isinstance(key, list) else [key]
            try:
                related._default_manager.get_by_natural_key(*key)
            except (related.DoesNotExist, TypeError):
                raise FixtureError(
                    f"{record}: {name}: no {related._meta.verbose_name} has the key "
                    f"{'/'.join(map(str, key))!r}."
                ) from None


def deserialize(record: Record) -> DeserializedObject:
    model = apps.get_model(record.data["model"])
    check_references(record, model)
    try:
        [obj] = serializers.deserialize("python", [record.data], handle_forward_references=False)
    except DeserializationError as error:
        # Django's message wraps the real problem in internals (pk=None, field_value was ...).
        problem = error.__context__ or error
        text = " ".join(problem.messages) if isinstance(problem, ValidationError) else problem
        raise FixtureError(f"{record}: {text}") from error
    return obj


def validate(record: Record, obj: DeserializedObject) -> None:
    """
    The record's own rules. Those that compare it with other records (validate_unique)
    wait for validate_against_the_rest: until every record is in, and a renamed one's
    old record pruned, the others are not yet what the fixtures say.
    """
    instance = obj.object
    # The deserializer sets the primary key only when it found the record by its slug.
    instance._state.adding = instance.pk is None
    with fixture_error(record):
        instance.full_clean(validate_unique=False)


def validate_against_the_rest(loaded: dict[type[models.Model], dict[Any, Record]]) -> None:
    """Each loaded record against the others; a rule two records break, named for both."""
    faults = []
    for model, records in loaded.items():
        for instance in model._default_manager.filter(pk__in=list(records)).order_by("pk"):
            try:
                with fixture_error(records[instance.pk]):
                    instance.validate_unique()
            except FixtureError as error:
                faults.append(str(error))
    if faults:
        raise FixtureError("\n".join(faults))


@contextlib.contextmanager
def fixture_error(record: Record) -> Iterator[None]:
    """A ValidationError within, as a FixtureError that names the record."""
    try:
        yield
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
        raise FixtureError(f"{record}: {problems}") from error


def unchanged(obj: DeserializedObject) -> models.Model | None:
    """The stored object, if the record says exactly what it already holds; else None."""
    instance = obj.object
    stored = type(instance)._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    if stored is None:
        return None
    fields = [field.attname for field in instance._meta.concrete_fields]
    if any(
        getattr(instance, name) != getattr(stored, name) for name in fields if name != UPDATED_AT
    ):
        return None
    for name, keys in (obj.m2m_data or {}).items():
        if set(keys) != set(getattr(stored, name).values_list("pk", flat=True)):
            return None
    return stored


def save(record: Record, obj: DeserializedObject, now: datetime) -> bool:
    """
    Save a record that changes something, stamping `updated_at` (a link's: its two
    ends'); an unchanged one is left alone, so that `updated_at` (and the content
    version) stays as it was. Whether it was saved.
    """
    if unchanged(obj) is not None:
        return False
    if hasattr(obj.object, UPDATED_AT):
        setattr(obj.object, UPDATED_AT, now)
    try:
        # A savepoint, so that the outer transaction can still roll back cleanly.
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise FixtureError(f"{record}: {error}") from error
    if isinstance(obj.object, Link):
        touch_ends(type(obj.object)._default_manager.filter(pk=obj.object.pk), now)
    return True


def touch_ends(links: models.QuerySet, now: datetime) -> None:
    """Stamp `updated_at` on both ends of these links: each end lists the other."""
    for end in links.model.ends:
        related = links.model._meta.get_field(end).related_model
        related._default_manager.filter(pk__in=links.values(f"{end}_id")).update(
            **{UPDATED_AT: now}
        )


def natural_key(instance: models.Model) -> str:
    keyed: Any = instance  # a content model, all of which have natural_key()
    return f"{instance._meta.label_lower}: {'/'.join(keyed.natural_key())}"


def load(paths: Iterable[Path], *, prune: bool = False) -> LoadResult:
    """Load the fixture files, all or nothing. See the module docstring."""
    # Loading is publishing (causes.editorial), which itself reads content models here.
    from .editorial.publishing import affected, record_load

    records = [record for path in paths for record in read_records(path)]
    # Stable: within a model, records keep their file order.
    records.sort(key=lambda record: MODEL_ORDER[record.data["model"]])
    result = LoadResult()
    now = timezone.now()
    # The record that loaded each object, by model and primary key.
    loaded: dict[type[models.Model], dict[Any, Record]] = {model: {} for model in CONTENT_MODELS}
    created: list[models.Model] = []
    changed: list[models.Model] = []
    deleted: list[models.Model] = []
    with transaction.atomic():
        for record in records:
            obj = deserialize(record)
            earlier = loaded[type(obj.object)].get(obj.object.pk)
            if earlier is not None:
                raise FixtureError(f"{record}: has the same key as {earlier}.")
            validate(record, obj)
            is_new = obj.object.pk is None
            if save(record, obj, now):
                (created if is_new else changed).append(obj.object)
            loaded[type(obj.object)][obj.object.pk] = record
            result.loaded += 1
        # Dependents first, so that a removed cause's examples go before the cause.
        for model in reversed(CONTENT_MODELS):
            leftovers = model._default_manager.exclude(pk__in=list(loaded[model]))
            if issubclass(model, Link):
                # The fixtures of a link's first end (a cause, for its symptoms) say all of
                # its links: one they no longer hold goes, as an unsupported claim must.
                owner = model._meta.get_field(model.ends[0])
                owner_model = cast(type[models.Model], owner.related_model)  # a foreign key's
                dropped = leftovers.filter(**{f"{owner.name}__in": list(loaded[owner_model])})
                result.links_removed += [natural_key(link) for link in dropped]
                changed += dropped  # its ends changed
                touch_ends(dropped, now)
                delete(model, dropped)
                leftovers = leftovers.exclude(pk__in=dropped.values("pk"))
            result.not_in_fixtures += [natural_key(instance) for instance in leftovers]
            if prune:
                if issubclass(model, Link):
                    touch_ends(leftovers, now)
                    changed += leftovers  # its ends changed
                else:
                    # What showed them changes too; found before they go.
                    changed += [
                        item for gone in leftovers for item in affected(gone) if item != gone
                    ]
                    deleted += leftovers
                delete(model, leftovers)
        result.removed = prune
        try:
            validate_against_the_rest(loaded)
        except FixtureError as error:
            if prune or not result.not_in_fixtures:
                raise
            kept = ", ".join(result.not_in_fixtures)
            raise FixtureError(
                f"{error} Kept, as in no fixture (--prune removes): {kept}."
            ) from error
        # Loading is publishing: the history and the changes feed record it.
        record_load(created, [item for item in changed if item not in deleted], deleted)
    return result


def delete(model: type[models.Model], queryset: models.QuerySet) -> None:
    try:
        queryset.delete()
    except models.ProtectedError as error:
        names = ", ".join(sorted(natural_key(obj) for obj in error.protected_objects))
        raise FixtureError(
            f"Cannot remove {model._meta.verbose_name_plural} that content still refers to: "
            f"{names}."
        ) from error


def check() -> list[str]:
    """
    Every record of content in the database checked by the rules that loading applies
    (its fields, its evidence, its links'), as one message per faulty record. Content
    written before evidence existed, or without validation (synthetic content), fails.
    """
    problems = []
    for model in CONTENT_MODELS:
        for instance in model._default_manager.order_by("pk"):
            try:
                instance.full_clean()
            except ValidationError as error:
                faults = "; ".join(
                    f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
                )
                problems.append(f"{natural_key(instance)}: {faults}")
    return problems


def content_field_names() -> list[str]:
    """The names of every content model's fields that fixtures hold."""
    return sorted(
        {
            field.name
            for model in CONTENT_MODELS
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if field.name != UPDATED_AT
        }
    )


def export(stream: Any) -> None:
    """Write all content as one YAML fixture that `load` reads back to the same content."""
    serializers.serialize(
        "yaml",
        itertools.chain.from_iterable(
            model._default_manager.order_by("pk") for model in CONTENT_MODELS
        ),
        stream=stream,
        fields=content_field_names(),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        allow_unicode=True,
        sort_keys=False,
    )
