"""
The base classes of every serializer: a representation planned once per class,
read-only shapes that `?expand=` can grow, and model serializers whose fields take
only the JSON types the schema says.
"""

import operator
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models.manager import BaseManager
from rest_framework import serializers

from .fields import StrictBooleanField, StrictCharField, StrictIntegerField, StrictSlugField

Step = tuple[str, Callable[[Any], Any], Callable[[Any], Any]]

if TYPE_CHECKING:
    _Serializer = serializers.Serializer  # what the mixin below is mixed into
else:
    _Serializer = object


class PlannedRepresentationMixin(_Serializer):
    """
    Represents objects as DRF would, without rebuilding the fields on every request.

    DRF introspects the model and deep-copies every field for each serializer
    instance, nested ones included, and the profile shows that this, not the
    conversion, dominates a read. Here the fields are built once per class into a
    plan of (name, read the attribute, convert it) steps; each field's own
    to_representation still does the converting, so the output, like the schema,
    is DRF's.
    """

    _representation_plan: ClassVar[list[Step]]

    @classmethod
    def representation_plan(cls) -> list[Step]:
        # Kept on the class itself (not inherited), so that it goes when the class does:
        # causes.shaping makes classes for `?fields=` and `?expand=` and keeps a few.
        if "_representation_plan" not in cls.__dict__:
            cls._representation_plan = [
                (name, _attribute_reader(field.source_attrs), _converter(field))
                for name, field in cls().fields.items()
                if not field.write_only
            ]
        return cls._representation_plan

    def to_representation(self, instance: Any) -> dict[str, Any]:
        representation = {}
        for name, read, convert in self.representation_plan():
            value = read(instance)
            representation[name] = None if value is None else convert(value)
        return representation


def _attribute_reader(source_attrs: list[str]) -> Callable[[Any], Any]:
    # source="*" (no attributes) passes the object itself.
    return operator.attrgetter(".".join(source_attrs)) if source_attrs else lambda obj: obj


def _converter(field: serializers.Field) -> Callable[[Any], Any]:
    if isinstance(field, serializers.ManyRelatedField):
        convert_item = field.child_relation.to_representation
    elif isinstance(field, serializers.ListSerializer):
        assert field.child is not None, "DRF gives every list serializer its child"
        convert_item = field.child.to_representation
    else:
        return field.to_representation
    return lambda related: [convert_item(item) for item in _rows(related)]


def _rows(related: Any) -> Iterable[Any]:
    """The objects of a relation: a list prefetched to an attribute, or a related manager."""
    return related.all() if isinstance(related, BaseManager) else related


class ModelSerializer(serializers.ModelSerializer):
    """DRF's, where a choice that the source may leave unsaid is null, never blank."""

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[type, dict]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if model_field.choices and model_field.null:
            # "Not stated" is null (models.base.optional_choice); "" is no choice at all.
            kwargs.pop("allow_blank", None)
        return field_class, kwargs


class ReadSerializer(PlannedRepresentationMixin, ModelSerializer):
    """
    A read-only shape. `expandable_fields` names the fields that `?expand=` embeds
    (causes.shaping), each with the field that represents it then: either a field of
    `Meta.fields` that is otherwise a slug or a summary, or one shown only when expanded.
    """

    expandable_fields: ClassVar[dict[str, serializers.Field]] = {}


class StrictModelSerializer(PlannedRepresentationMixin, ModelSerializer):
    """A model serializer whose writable fields take only the JSON type that the schema says."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.BooleanField: StrictBooleanField,
        models.PositiveSmallIntegerField: StrictIntegerField,
    }
