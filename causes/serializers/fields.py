"""
Fields that take only the JSON type the schema says, related objects by slug
(looked up in one query for a list), the disclaimer, evidence and clinical codes.
"""

from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from .. import codes as coding
from .. import evidence as rules
from ..models import Condition, Source


class StrictCharField(serializers.CharField):
    """Only a JSON string: DRF would store 5 or true as "5" or "True"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSlugField(StrictCharField, serializers.SlugField):
    pass


class StrictIntegerField(serializers.IntegerField):
    """Only a JSON integer: DRF would take "5", 5.0 or true."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """Only JSON true or false: DRF would take "yes", 1 or "off"."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def could_be_slug(value: Any) -> bool:
    """A string that a query may look up: PostgreSQL refuses NUL in text (a 500, not a 400)."""
    return isinstance(value, str) and "\x00" not in value


class SlugListField(serializers.ManyRelatedField):
    """
    Related objects as a JSON list of slugs, looked up in one query. DRF would take
    any iterable (such as an object's keys) and query once per item.
    """

    max_items = 1000
    default_error_messages = {
        **serializers.ManyRelatedField.default_error_messages,
        "too_many": f"Give at most {max_items} slugs.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # drf-spectacular would not show the limit on a related field.
        schema = {"type": "array", "items": {"type": "string"}, "maxItems": self.max_items}
        if not self.allow_empty:
            schema["minItems"] = 1
        extend_schema_field(schema)(self)  # type: ignore[type-var]  # typed for classes and functions; marks this field too

    def to_internal_value(self, data: Any) -> list:
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not data and not self.allow_empty:
            self.fail("empty")
        # A bound on the query's size too (SQLite refuses too many parameters).
        if len(data) > self.max_items:
            self.fail("too_many")
        child = self.child_relation
        if not all(could_be_slug(slug) for slug in data):
            child.fail("invalid")
        queryset = child.get_queryset()
        assert queryset is not None, "DRF requires a queryset of a related field that writes"
        found = {obj.slug: obj for obj in queryset.filter(slug__in=data)}
        missing = [slug for slug in data if slug not in found]
        if missing:
            child.fail("does_not_exist", slug_name="slug", value=", ".join(missing))
        return [found[slug] for slug in data]


class SlugRelatedField(serializers.SlugRelatedField):
    """A related object by its slug, a JSON string; several of them as a JSON list."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="slug", **kwargs)

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> SlugListField:
        list_kwargs = {key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS}
        return SlugListField(child_relation=cls(*args, **kwargs), **list_kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not could_be_slug(data):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(
    {
        "type": "string",
        "description": (
            "The medical disclaimer of the condition(s) this content belongs to, to show "
            "with it. Several different ones are separated by a blank line."
        ),
    }
)
class DisclaimerField(serializers.Field):
    """The disclaimers of a list of conditions, each once, in order."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, conditions: Iterable[Condition]) -> str:
        disclaimers = dict.fromkeys(condition.disclaimer for condition in conditions)
        return "\n\n".join(disclaimers) or settings.MEDICAL_DISCLAIMER


def source_texts(context: dict, slugs: set[str]) -> dict[str, str]:
    """
    The texts of the sources with these slugs, looked up once per request however many
    lists of evidence it holds: they are kept in the serializer context, which every
    field of one write shares.
    """
    known: dict[str, str | None] = context.setdefault("source_texts", {})
    missing = {slug for slug in slugs if could_be_slug(slug)} - known.keys()
    if missing:
        found = {source.slug: source.text for source in Source.objects.filter(slug__in=missing)}
        known.update({slug: found.get(slug) for slug in missing})
    return {slug: text for slug in slugs if (text := known.get(slug)) is not None}


class EvidenceListSerializer(serializers.ListSerializer):
    """
    The quotes that support an object or a link: at least one, each found word for
    word in its source (causes.evidence), with the fault named per quote.
    """

    max_quotes = 20

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty", False)
        kwargs.setdefault("max_length", self.max_quotes)
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data: Any) -> list[dict]:
        items = super().to_internal_value(data)
        texts = source_texts(self.context, {item["source"] for item in items})
        problems = rules.evidence_problems(items, texts)
        if problems:
            # Per quote, as DRF gives a list's item errors, so that each is named by its path.
            raise serializers.ValidationError(
                [
                    {key: [message] for key, message in problems.get(index, {}).items()}
                    for index in range(len(items))
                ]
            )
        return items


class EvidenceSerializer(serializers.Serializer):
    """A quote from a source that supports a statement, and where in the source it stands."""

    source = StrictSlugField(  # type: ignore[assignment]  # a field (the metaclass moves it), not Field.source
        max_length=100, help_text="The source's slug (/api/v1/sources/)."
    )
    quote = StrictCharField(
        max_length=rules.QUOTE_MAX_LENGTH,
        trim_whitespace=False,
        help_text="The source's exact words (spacing and typographic quotes aside).",
    )
    locator = StrictCharField(
        max_length=rules.LOCATOR_MAX_LENGTH,
        help_text="Where the words stand in the source, such as `item 9` or `summary`.",
    )

    class Meta:
        list_serializer_class = EvidenceListSerializer


def evidence_field(**kwargs: Any) -> EvidenceListSerializer:
    """The `evidence` of an object or a link: its list of quotes."""
    # With many=True, DRF makes the Meta's list serializer (which the stubs do not say).
    return cast(EvidenceListSerializer, EvidenceSerializer(many=True, **kwargs))


class NamesField(serializers.ListField):
    """A list of names, such as the other names a source uses for something."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 50)
        super().__init__(child=StrictCharField(max_length=200), **kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class CodeSerializer(serializers.Serializer):
    """
    A clinical code that names the record (causes.codes), with the basis of the mapping.
    Written with its system, code and basis; the display and billable are the table's.
    """

    system = serializers.ChoiceField(list(coding.SYSTEMS), help_text="The code system.")
    code = StrictCharField(
        max_length=10,
        help_text="The code, as the table writes it (R25.3); written without its dot too.",
    )
    display = serializers.CharField(read_only=True, help_text="The code's title in the table.")
    billable = serializers.BooleanField(
        read_only=True,
        help_text="Whether the code is a leaf of the table (billable), not a category.",
    )
    basis_term = StrictCharField(
        max_length=300,
        required=False,
        allow_null=True,
        help_text=(
            "The code's title or inclusion term that names the record by one of its names, "
            "other names or lay terms; null where a reviewer's note is the basis instead."
        ),
    )
    basis_note = StrictCharField(
        max_length=coding.NOTE_MAX_LENGTH,
        required=False,
        allow_null=True,
        help_text="A reviewer's note on why the code fits, where the table's words differ.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        code = coding.normalise(attrs["code"])
        found = coding.look_up(code) if coding.is_well_formed(code) else None
        if found is None:
            raise serializers.ValidationError(
                {"code": [f"{attrs['code']!r} is no category or code of the ICD-10-CM table."]}
            )
        basis = {key: attrs[key] for key in coding.BASIS_KEYS if attrs.get(key) is not None}
        return {
            "system": attrs["system"],
            "code": code,
            "display": found.title,
            "billable": found.billable,
            **basis,
        }


def code_list(**kwargs: Any) -> serializers.ListSerializer:
    """A record's `codes`."""
    kwargs.setdefault("max_length", coding.MAX_CODES)
    return cast(serializers.ListSerializer, CodeSerializer(many=True, **kwargs))
