"""The API's writable resources, by the name their URLs use (causes, symptoms, ...)."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import models

from ..models import SluggedModel


@dataclass(frozen=True)
class Resource:
    name: str
    model: type[SluggedModel]
    write_serializer: type
    viewset: type

    def published(self, slug: str) -> SluggedModel | None:
        return self.model._default_manager.filter(slug=slug).first()


@cache
def resources() -> dict[str, Resource]:
    from ..urls import router
    from ..views import ContentViewSet

    return {
        prefix: Resource(prefix, viewset.queryset.model, viewset.write_serializer_class, viewset)
        for prefix, viewset, _ in router.registry
        if issubclass(viewset, ContentViewSet)
    }


def resource_of(model: type[models.Model]) -> Resource | None:
    return next((r for r in resources().values() if r.model is model), None)


def resource(name: str) -> Resource:
    return resources()[name]


__all__: list[Any] = ["Resource", "resource", "resource_of", "resources"]
