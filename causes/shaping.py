"""
`?fields=` and `?expand=`: the response shapes that a frontend picks.

`fields` keeps only the named top-level fields of each object (lists and
details). `expand` embeds related objects where a list shows slugs or summaries,
or adds related objects that the list leaves out; the read serializer names
them in `expandable_fields`, and the queryset's `for_list(expand=...)` fetches
them with a fixed number of queries. Both take comma-separated names (or the
parameter repeated); an unknown or empty name is a 400 that lists the known ones.

Each shape is a subclass of the read serializer with its own `Meta.fields`, so
that DRF builds and represents it as usual. A few hundred are kept.
"""

import copy
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from .serializers import ReadSerializer

FIELDS_PARAM = "fields"
EXPAND_PARAM = "expand"
MAX_SHAPES = 256


@dataclass(frozen=True)
class Shape:
    #: The fields to show, in the serializer's order; empty for all of them.
    fields: tuple[str, ...] = ()
    #: The expandable fields to embed, in the serializer's order.
    expand: tuple[str, ...] = ()


def field_names(serializer_class: type[ReadSerializer]) -> list[str]:
    """Every name that `fields` takes: the default fields, then those shown only expanded."""
    default = list(serializer_class.Meta.fields)
    return [*default, *(name for name in serializer_class.expandable_fields if name not in default)]


def requested_shape(request: Request, serializer_class: type[ReadSerializer]) -> Shape:
    """The shape that the request's `fields` and `expand` ask for; a 400 if they cannot be."""
    expandable = list(serializer_class.expandable_fields)
    expand = _names(request, EXPAND_PARAM, expandable)
    fields = _names(request, FIELDS_PARAM, field_names(serializer_class))
    default = serializer_class.Meta.fields
    errors = {}
    not_expanded = [name for name in fields if name not in default and name not in expand]
    if not_expanded:
        errors[FIELDS_PARAM] = [
            f"{', '.join(not_expanded)}: shown only with `{EXPAND_PARAM}` naming them too."
        ]
    left_out = [name for name in expand if fields and name not in fields]
    if left_out:
        errors[EXPAND_PARAM] = [f"{', '.join(left_out)}: left out by `{FIELDS_PARAM}`."]
    if errors:
        raise ValidationError(errors)
    return Shape(fields=fields, expand=expand)


def _names(request: Request, param: str, allowed: list[str]) -> tuple[str, ...]:
    # An empty value means "not given", as for every parameter; an empty name is a mistake.
    given = {
        name for value in request.query_params.getlist(param) if value for name in value.split(",")
    }
    if "" in given:
        raise ValidationError({param: ["Separate names with single commas, and leave none empty."]})
    if not allowed and given:
        raise ValidationError({param: ["This endpoint has nothing to expand."]})
    unknown = sorted(given.difference(allowed))
    if unknown:
        raise ValidationError(
            {param: [f"Unknown: {', '.join(unknown)}. Choose from: {', '.join(allowed)}."]}
        )
    return tuple(name for name in allowed if name in given)


@functools.lru_cache(maxsize=MAX_SHAPES)
def shaped_serializer(serializer_class: type[ReadSerializer], shape: Shape) -> type:
    """The read serializer for `shape`: serializer_class itself for the default shape."""
    if shape == Shape():
        return serializer_class
    shown = shape.fields or [
        *serializer_class.Meta.fields,
        *(name for name in shape.expand if name not in serializer_class.Meta.fields),
    ]
    meta = type("Meta", (serializer_class.Meta,), {"fields": list(shown)})
    expanded = {
        name: copy.deepcopy(serializer_class.expandable_fields[name]) for name in shape.expand
    }
    return type(
        serializer_class.__name__,
        (serializer_class,),
        {"__module__": serializer_class.__module__, "Meta": meta, **expanded},
    )


def _names_schema(names: Iterable[str]) -> dict:
    return {"type": "array", "items": {"type": "string", "enum": list(names)}}


def schema_parameters(serializer_class: type[ReadSerializer]) -> list[OpenApiParameter]:
    """The OpenAPI description of `fields` (and `expand`, where there is any) for a shape."""
    parameters = [
        OpenApiParameter(
            FIELDS_PARAM,
            _names_schema(field_names(serializer_class)),
            explode=False,
            description=(
                "Only these top-level fields of each object, comma-separated "
                "(`fields=slug,name`). Without it, every field that is not shown only "
                "expanded. A response property is then absent when not asked for."
            ),
        )
    ]
    if serializer_class.expandable_fields:
        parameters.append(
            OpenApiParameter(
                EXPAND_PARAM,
                _names_schema(serializer_class.expandable_fields),
                explode=False,
                description=(
                    "Related objects to embed whole, comma-separated "
                    "(`expand=condition,treatments`): a field that is otherwise a slug or "
                    "a summary becomes the object, and a field that is shown only expanded "
                    "is added. The number of database queries does not grow with it."
                ),
            )
        )
    return parameters
