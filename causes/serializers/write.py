"""
What editors write, and answer with the same shape. Related objects are slugs;
a link that makes a medical statement (a cause's symptom, a condition's warning
sign, a tip's or treatment's condition or cause) is an object with the other end's
slug and the quotes that support it. A write is checked by the same rules as a
fixture (the models' clean(), causes.evidence) before anything is saved, and is
saved in one transaction.
"""

import copy
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils import timezone
from rest_framework import serializers

from ..choices import WARNING_STRENGTH_CHOICES, WARNING_STRENGTHS, LinkStrength, SymptomLinkKind
from ..models import (
    Cause,
    Condition,
    ContentModel,
    LifestyleTip,
    Link,
    SluggedModel,
    Source,
    Symptom,
    Treatment,
)
from ..models.links import (
    link_mention_problems,
    missing_warning_signs,
    warning_sign_needed,
    warning_signs_missing,
)
from .base import StrictModelSerializer
from .fields import (
    NamesField,
    SlugRelatedField,
    StrictSlugField,
    code_list,
    could_be_slug,
    evidence_field,
)


class EndSlugField(StrictSlugField):
    """The other end of a link, by slug: checked by LinkListSerializer, shown as its slug."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=100, **kwargs)

    def to_representation(self, value: Any) -> str:
        return value.slug


class LinkListSerializer(serializers.ListSerializer):
    """
    An object's links of one kind. The other ends are looked up in one query for the
    whole list; an unknown slug, or one given twice, is named by its position.
    """

    max_links = 1000

    child: "LinkWriteSerializer"
    source: str  # the relation's name, from link_list()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", self.max_links)
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data: Any) -> list[dict]:
        items = super().to_internal_value(data)
        end, model = self.child.end, self.child.end_model
        slugs = [item[end] for item in items]
        found = {
            obj.slug: obj
            for obj in model._default_manager.filter(
                slug__in=[s for s in slugs if could_be_slug(s)]
            )
        }
        errors: list[dict] = []
        for index, slug in enumerate(slugs):
            if slug not in found:
                errors.append({end: [f"No {model._meta.verbose_name} has the slug {slug!r}."]})
            elif slug in slugs[:index]:
                errors.append({end: [f"{slug!r} is given more than once."]})
            else:
                errors.append({})
        if any(errors):
            raise serializers.ValidationError(errors)
        return [{**item, end: found[item[end]]} for item in items]


class LinkWriteSerializer(serializers.Serializer):
    """One link: the other end's slug (in the field named `end`) and the quotes for it."""

    end: ClassVar[str]
    end_model: ClassVar[type[SluggedModel]]

    evidence = evidence_field()

    class Meta:
        list_serializer_class = LinkListSerializer


class WarningSignWriteSerializer(LinkWriteSerializer):
    """A warning sign of the condition: a symptom the source says to see a doctor about."""

    end, end_model = "symptom", Symptom
    symptom = EndSlugField(help_text="The symptom's slug.")
    strength = serializers.ChoiceField(
        WARNING_STRENGTH_CHOICES, help_text="How strongly the source says to see a doctor."
    )


class CauseSymptomWriteSerializer(LinkWriteSerializer):
    """A symptom the source names with the cause, and what it says of the two."""

    end, end_model = "symptom", Symptom
    symptom = EndSlugField(help_text="The symptom's slug.")
    kind = serializers.ChoiceField(SymptomLinkKind.choices)
    strength = serializers.ChoiceField(
        LinkStrength.choices,
        allow_null=True,
        required=False,
        help_text="How strongly the source advises acting on the two; null where it does not.",
    )


class ConditionLinkWriteSerializer(LinkWriteSerializer):
    """A condition that the tip or treatment is for."""

    end, end_model = "condition", Condition
    condition = EndSlugField(help_text="The condition's slug.")


class CauseLinkWriteSerializer(LinkWriteSerializer):
    """A cause that the tip or treatment addresses."""

    end, end_model = "cause", Cause
    cause = EndSlugField(help_text="The cause's slug.")


def link_list(
    child: type[LinkWriteSerializer], links: str, *, required: bool = False, **kwargs: Any
) -> LinkListSerializer:
    """The links of an object, read from and saved to its related name `links`."""
    # With many=True, DRF makes the Meta's list serializer (which the stubs do not say).
    return cast(LinkListSerializer, child(many=True, source=links, required=required, **kwargs))


def _messages(error: DjangoValidationError) -> dict[str, list[str]]:
    return (
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


class ContentWriteSerializer(StrictModelSerializer):
    """
    The writes of an object of content and its links (the fields made by link_list()).
    validate() runs the model's and the links' rules on the object as it would be
    saved; create() and update() save it and its links in one transaction, stamping
    `updated_at` on the objects at the other end of every link that changed.
    """

    alternative_names = NamesField(required=False)
    evidence = evidence_field()

    if TYPE_CHECKING:  # what every subclass's Meta says

        class Meta:
            model: type[ContentModel]

    def link_fields(self) -> dict[str, LinkListSerializer]:
        return {
            name: field
            for name, field in self.fields.items()
            if isinstance(field, LinkListSerializer) and not field.read_only
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = self._as_saved(attrs)
        errors: dict[str, Any] = {}
        for rules in (instance.clean, instance.validate_unique):
            try:
                rules()
            except DjangoValidationError as error:
                for name, messages in _messages(error).items():
                    errors.setdefault(name, []).extend(messages)
        for name, field in self.link_fields().items():
            if field.source in attrs:
                link_errors = [
                    self._link_problems(field, instance, item) for item in attrs[field.source]
                ]
                if any(link_errors):
                    errors[name] = link_errors
        if self.instance is not None and not errors:
            errors.update(self._problems_of_existing_links(instance, attrs))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def _as_saved(self, attrs: dict[str, Any]) -> ContentModel:
        """The object as this write would leave it, unsaved, for its rules to check."""
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            field = model._meta.get_field(name)
            if not (field.many_to_many or field.one_to_many):
                setattr(instance, name, value)
        return instance

    @staticmethod
    def _link_problems(field: LinkListSerializer, instance: ContentModel, item: dict) -> dict:
        own_end = getattr(type(instance), field.source).field
        link = own_end.model(**{own_end.name: instance, **item})
        return link.problems()

    def _problems_of_existing_links(self, instance: ContentModel, attrs: dict) -> dict:
        """A new name must still be named by the quotes of the links it is not rewriting."""
        if not {instance.name_field, "alternative_names"} & set(attrs):
            return {}
        rewritten = {field.source for field in self.link_fields().values() if field.source in attrs}
        problems = []
        for relation in type(instance)._meta.related_objects:
            link_model = relation.related_model  # the stubs allow "self" too
            if (
                not (isinstance(link_model, type) and issubclass(link_model, Link))
                or relation.name in rewritten
            ):
                continue
            links = link_model._default_manager.filter(**{relation.field.name: instance})
            for link in links.select_related(*link_model.ends):
                ends = {**link.end_objects(), relation.field.name: instance}
                problems += link_mention_problems(link.evidence, ends)
        return {instance.name_field: problems} if problems else {}

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> Any:
        links = self._pop_links(validated_data)
        instance = super().create(validated_data)
        self._save_links(instance, links)
        return self._with_links(instance)

    @transaction.atomic
    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        links = self._pop_links(validated_data)
        instance = super().update(instance, validated_data)
        self._save_links(instance, links)
        return self._with_links(instance)

    def _with_links(self, instance: ContentModel) -> ContentModel:
        """The object with its links and their other ends fetched, for the answer."""
        lookups = []
        for field in self.link_fields().values():
            descriptor = getattr(type(instance), field.source)
            model, own_end = descriptor.field.model, descriptor.field.name
            (other_end,) = (end for end in model.ends if end != own_end)
            queryset = model._default_manager.select_related(other_end).order_by("pk")
            lookups.append(models.Prefetch(field.source, queryset=queryset))
        # A fresh look, not the cache of links that the save just replaced.
        instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]  # Django's own, not in the stubs
        models.prefetch_related_objects([instance], *lookups)
        return instance

    def _pop_links(self, validated_data: dict[str, Any]) -> dict[str, list[dict]]:
        sources = {field.source: name for name, field in self.link_fields().items()}
        return {
            source: validated_data.pop(source) for source in sources if source in validated_data
        }

    @staticmethod
    def _save_links(instance: ContentModel, links: dict[str, list[dict]]) -> None:
        """
        Make each relation's links exactly those given, changing only what differs, in a
        few queries however many there are. The object itself was saved, which tells the
        caches that content changed (bulk writes send no signals).
        """
        now = timezone.now()
        for relation, items in links.items():
            manager = getattr(instance, relation)
            model, own_end = manager.model, manager.field.name
            (other_end,) = (end for end in model.ends if end != own_end)
            existing = {getattr(link, f"{other_end}_id"): link for link in manager.all()}
            new: list[Link] = []
            changed: list[Link] = []
            fields: set[str] = set()
            for item in items:
                values = {key: value for key, value in item.items() if key != other_end}
                link = existing.pop(item[other_end].pk, None)
                if link is None:
                    new.append(model(**{own_end: instance, other_end: item[other_end]}, **values))
                elif any(getattr(link, key) != value for key, value in values.items()):
                    for key, value in values.items():
                        setattr(link, key, value)
                    changed.append(link)
                    fields.update(values)
            model._default_manager.bulk_create(new)
            if changed:
                model._default_manager.bulk_update(changed, sorted(fields))
            model._default_manager.filter(pk__in=[link.pk for link in existing.values()]).delete()
            touched = [*new, *changed, *existing.values()]
            other_model = model._meta.get_field(other_end).related_model
            other_model._default_manager.filter(
                pk__in={getattr(link, f"{other_end}_id") for link in touched}
            ).update(updated_at=now)


class SymptomWriteSerializer(ContentWriteSerializer):
    lay_terms = NamesField(required=False)
    codes = code_list(required=False)

    class Meta:
        model = Symptom
        fields = [
            "slug",
            "name",
            "alternative_names",
            "lay_terms",
            "description",
            "codes",
            "evidence",
        ]


class ConditionWriteSerializer(ContentWriteSerializer):
    warning_signs = link_list(WarningSignWriteSerializer, "warning_sign_links")
    sources = SlugRelatedField(many=True, queryset=Source.objects.all(), allow_empty=False)
    codes = code_list(required=False)

    class Meta:
        model = Condition
        fields = [
            "slug",
            "name",
            "alternative_names",
            "summary",
            "codes",
            "overview",
            "outlook",
            "when_to_see_doctor",
            "warning_signs",
            "sources",
            "evidence",
            "disclaimer",
            "last_reviewed",
            "next_review_due",
        ]
        # Dated by publishing a review (causes.editorial.publishing), not written.
        read_only_fields = ["last_reviewed", "next_review_due"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        errors = {}
        if self.instance is not None and "warning_sign_links" in attrs:
            kept = {item["symptom"].pk for item in attrs["warning_sign_links"]}
            needed = missing_warning_signs(self.instance, kept)
            if needed:
                errors["warning_signs"] = [
                    f"{', '.join(needed)}: a cause of this condition says “it is important” "
                    "or “you should” see a doctor about it, so it stays a warning sign."
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class CauseWriteSerializer(ContentWriteSerializer):
    lay_terms = NamesField(required=False)
    condition = SlugRelatedField(queryset=Condition.objects.all())
    symptoms = link_list(CauseSymptomWriteSerializer, "symptom_links")
    codes = code_list(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        instance = cast(Cause, self._as_saved(attrs))  # of Meta.model
        links = attrs.get("symptom_links", [])
        urgent = {link["symptom"].pk for link in links if link.get("strength") in WARNING_STRENGTHS}
        missing = warning_signs_missing(instance.condition_id, urgent) if urgent else set()
        if missing:
            raise serializers.ValidationError(
                {
                    "symptoms": [
                        {
                            "strength": [
                                warning_sign_needed(link["strength"], link["symptom"], instance)
                            ]
                        }
                        if link["symptom"].pk in missing
                        else {}
                        for link in links
                    ]
                }
            )
        return attrs

    class Meta:
        model = Cause
        fields = [
            "slug",
            "name",
            "alternative_names",
            "lay_terms",
            "condition",
            "position",
            "category",
            "urgency",
            "codes",
            "summary",
            "explanation",
            "advice",
            "symptoms",
            "evidence",
        ]


class AdviceWriteSerializer(ContentWriteSerializer):
    """Lifestyle tips and treatments both link to conditions and causes, with quotes."""

    conditions = link_list(
        ConditionLinkWriteSerializer, "condition_links", required=True, allow_empty=False
    )
    causes = link_list(CauseLinkWriteSerializer, "cause_links")


class LifestyleTipWriteSerializer(AdviceWriteSerializer):
    class Meta:
        model = LifestyleTip
        fields = [
            "slug",
            "title",
            "alternative_names",
            "advice",
            "position",
            "conditions",
            "causes",
            "evidence",
        ]


class TreatmentWriteSerializer(AdviceWriteSerializer):
    class Meta:
        model = Treatment
        fields = [
            "slug",
            "name",
            "alternative_names",
            "kind",
            "description",
            "position",
            "conditions",
            "causes",
            "evidence",
        ]
