from collections.abc import Iterable
from typing import Any

from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's, but a `?format=` that the endpoint does not serve is a 406 naming those it does."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[Any, str]:
        renderers = list(renderers)  # read twice
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:  # DRF's answer to an unknown format
            formats = ", ".join(renderer.format for renderer in renderers)
            raise NotAcceptable(f"This endpoint serves these formats: {formats}.") from None
