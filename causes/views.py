"""
Read-only endpoints. Each viewset names its queryset, serializers and filters;
the shared behaviour lives once in ContentViewSet.
"""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.serializers import BaseSerializer

from . import filters, serializers
from .models import Cause, Condition, LifestyleTip, Symptom, Treatment


class ContentViewSet(viewsets.ReadOnlyModelViewSet):
    """
    A read-only resource looked up by slug. Set `detail_serializer_class` when
    the detail shows more than the list; the queryset's `for_list()` and
    `for_detail()` fetch what each serializer needs.
    """

    lookup_field = "slug"
    # Any non-empty path segment, so that an odd slug is this API's JSON 404, not Django's page.
    lookup_value_regex = "[^/]+"
    detail_serializer_class: type[BaseSerializer] | None = None

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        return queryset.for_detail() if self.action == "retrieve" else queryset.for_list()

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()


@extend_schema_view(
    list=extend_schema(
        summary="List conditions",
        description="Health topics, each with a summary and its medical disclaimer.",
    ),
    retrieve=extend_schema(
        summary="Get a condition",
        description=(
            "A condition with everything its source says: overview, outlook, when to see a "
            "doctor and its warning signs, causes, lifestyle tips, treatments, the source "
            "article's metadata and the medical disclaimer."
        ),
    ),
)
class ConditionViewSet(ContentViewSet):
    queryset = Condition.objects.all()
    serializer_class = serializers.ConditionSerializer
    detail_serializer_class = serializers.ConditionDetailSerializer
    filterset_class = filters.ConditionFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="List causes",
        description=(
            "Possible causes, in the source's order. Filter by the symptoms that come with "
            "them (`symptom`, any or all of them) to get causes ranked by how many match."
        ),
    ),
    retrieve=extend_schema(
        summary="Get a cause",
        description=(
            "A cause with the source's explanation and advice, its named examples (drugs, "
            "diseases, ...), accompanying symptoms, lifestyle tips and treatments."
        ),
    ),
)
class CauseViewSet(ContentViewSet):
    queryset = Cause.objects.all()
    serializer_class = serializers.CauseSerializer
    detail_serializer_class = serializers.CauseDetailSerializer
    filterset_class = filters.CauseFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="List symptoms",
        description="Symptoms that can come with a condition; `red_flag` marks warning signs.",
    ),
    retrieve=extend_schema(
        summary="Get a symptom", description="A symptom and the causes it can come with."
    ),
)
class SymptomViewSet(ContentViewSet):
    queryset = Symptom.objects.all()
    serializer_class = serializers.SymptomSerializer
    detail_serializer_class = serializers.SymptomDetailSerializer
    filterset_class = filters.SymptomFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="List lifestyle tips",
        description="Changes a reader can make, with the conditions and causes they address.",
    ),
    retrieve=extend_schema(summary="Get a lifestyle tip", description="One lifestyle tip."),
)
class LifestyleTipViewSet(ContentViewSet):
    queryset = LifestyleTip.objects.all()
    serializer_class = serializers.LifestyleTipSerializer
    filterset_class = filters.LifestyleTipFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="List treatments",
        description="Treatment options, with the conditions and causes they apply to.",
    ),
    retrieve=extend_schema(summary="Get a treatment", description="One treatment option."),
)
class TreatmentViewSet(ContentViewSet):
    queryset = Treatment.objects.all()
    serializer_class = serializers.TreatmentSerializer
    filterset_class = filters.TreatmentFilterSet
