"""
Each viewset names its queryset, serializers and filters; the shared behaviour
lives once in ContentViewSet. Anyone reads; editors with the model permissions
write drafts, which a reviewer publishes (settings.REST_FRAMEWORK, causes.editorial).
"""

from functools import cached_property
from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from .. import filters, jsonld, serializers
from ..caching import ConditionalReadMixin
from ..models import (
    Cause,
    Condition,
    ContentModel,
    ContentQuerySet,
    LifestyleTip,
    Source,
    Symptom,
    Treatment,
)
from ..recognition.index import current_vocabulary
from ..serializers.recognition import SuggestionQuerySerializer, SuggestionSerializer
from ..shaping import FIELDS_PARAM, Shape, requested_shape, shaped_serializer
from .editorial import DraftingMixin, PreviewMixin


def editor_operations(noun: str, delete_note: str = "") -> dict[str, Any]:
    """The schema's summaries and descriptions of the write operations on a resource."""
    needs = (
        "Needs a token or session of a user with the `{perm}` permission on {plural} (an "
        "author or reviewer). The write is a draft in a change set (`change_set`, or your "
        "open one): the answer, a 202, is the draft and what the object would become; "
        "nothing changes for readers until a reviewer publishes it."
    )
    plural = f"{noun.split(' ', 1)[1]}s"
    if_match = " Send If-Match with the object's ETag: a stale one is a 412."
    return {
        "create": extend_schema(
            summary=f"Create {noun}",
            description=f"{needs.format(perm='add', plural=plural)} Related objects are slugs.",
        ),
        "update": extend_schema(
            summary=f"Replace {noun}",
            description=f"{needs.format(perm='change', plural=plural)} Every field is given."
            + if_match,
        ),
        "partial_update": extend_schema(
            summary=f"Change {noun}",
            description=f"{needs.format(perm='change', plural=plural)} Only the fields given."
            + if_match,
        ),
        "destroy": extend_schema(
            summary=f"Delete {noun}",
            description=f"{needs.format(perm='delete', plural=plural)} {delete_note}".strip()
            + if_match,
        ),
    }


class ReadOnlyContentViewSet(ConditionalReadMixin, viewsets.ReadOnlyModelViewSet):
    """
    A resource looked up by slug. Set `detail_serializer_class` when the detail
    shows more than the list. The queryset's `for_list()` and `for_detail()` fetch
    what the read serializers need, and reads take `?fields=` and `?expand=`
    (causes.shaping). Reads are cached and revalidated against the content version
    (causes.caching).
    """

    lookup_field = "slug"
    # Any non-empty path segment, so that an odd slug is this API's JSON 404, not Django's
    # page; but no NUL, which PostgreSQL refuses in a query (a 500 instead of a 404).
    lookup_value_regex = "[^/\x00]+"
    detail_serializer_class: type[BaseSerializer] | None = None
    #: The schema.org JSON-LD of one object (causes.jsonld), if it has one.
    jsonld_serializer_class: type[BaseSerializer] | None = None

    def get_queryset(self) -> Any:
        # Every content model's manager makes ContentQuerySets.
        queryset = cast(ContentQuerySet, super().get_queryset())
        if self.action == "list":
            return queryset.for_list(expand=self.shape.expand)
        if self.action == "retrieve":
            return queryset.for_detail()
        return queryset

    def filter_queryset(self, queryset: Any) -> Any:
        # Query parameters filter lists; any other action finds its object by slug alone.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_renderers(self) -> list:
        renderers = super().get_renderers()
        if self.action == "retrieve" and self.jsonld_serializer_class is not None:
            renderers.append(jsonld.JSONLDRenderer())
        return renderers

    def get_serializer_class(self) -> Any:
        if getattr(self.request, "accepted_media_type", None) == jsonld.MEDIA_TYPE:
            if self.shape != Shape():
                raise ValidationError(
                    {FIELDS_PARAM: ["`fields` and `expand` shape JSON, not JSON-LD."]}
                )
            return self.jsonld_serializer_class
        return shaped_serializer(self.read_serializer_class, self.shape)

    @property
    def read_serializer_class(self) -> Any:
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    @cached_property
    def shape(self) -> Shape:
        if self.action not in ("list", "retrieve") or getattr(self, "swagger_fake_view", False):
            return Shape()
        return requested_shape(self.request, self.read_serializer_class)


class ContentViewSet(DraftingMixin, PreviewMixin, ReadOnlyContentViewSet):
    """
    A resource that editors also write, in drafts (causes.views.editorial);
    `write_serializer_class` is the shape they write.
    """

    write_serializer_class: type[BaseSerializer]
    queryset: QuerySet[ContentModel]  # every resource names one (causes.editorial.resources)

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
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
    **editor_operations(
        "a condition", "A condition that still has causes cannot be deleted (409)."
    ),
)
class ConditionViewSet(ContentViewSet):
    queryset = Condition.objects.all()
    serializer_class = serializers.ConditionSerializer
    detail_serializer_class = serializers.ConditionDetailSerializer
    write_serializer_class = serializers.ConditionWriteSerializer
    jsonld_serializer_class = jsonld.ConditionJSONLDSerializer
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
    **editor_operations("a cause", "Its examples are deleted with it."),
)
class CauseViewSet(ContentViewSet):
    queryset = Cause.objects.all()
    serializer_class = serializers.CauseSerializer
    detail_serializer_class = serializers.CauseDetailSerializer
    write_serializer_class = serializers.CauseWriteSerializer
    jsonld_serializer_class = jsonld.CauseJSONLDSerializer
    filterset_class = filters.CauseFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="List symptoms",
        description="Symptoms that can come with a condition; `red_flag` marks warning signs.",
    ),
    retrieve=extend_schema(
        summary="Get a symptom", description="A symptom and the causes it can come with."
    ),
    **editor_operations("a symptom", "Causes and conditions that list it no longer do."),
)
class SymptomViewSet(ContentViewSet):
    queryset = Symptom.objects.all()
    serializer_class = serializers.SymptomSerializer
    detail_serializer_class = serializers.SymptomDetailSerializer
    write_serializer_class = serializers.SymptomWriteSerializer
    filterset_class = filters.SymptomFilterSet
    success_responses = {
        **ContentViewSet.success_responses,
        "suggest": (
            status.HTTP_200_OK,
            OpenApiResponse(SuggestionSerializer(many=True), "At most 10 symptoms, best first."),
        ),
    }

    @extend_schema(
        summary="Suggest symptoms as a person types",
        description=(
            "For a symptom box that completes as the person types: at most 10 symptoms whose "
            "name, other name or lay term starts with what is typed (at the start of the "
            "term, then at one of its words: “swal” finds “Difficulty swallowing”), then "
            "those whose terms start with something one or two edits away (“tingel”), each "
            "once with the term that matched."
        ),
        parameters=[SuggestionQuerySerializer],
    )
    @action(detail=False, pagination_class=None, filter_backends=[])
    def suggest(self, request: Request) -> Response:
        query = SuggestionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        suggestions = current_vocabulary().suggest(query.validated_data["q"])
        return Response(SuggestionSerializer(suggestions, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="List lifestyle tips",
        description="Changes a reader can make, with the conditions and causes they address.",
    ),
    retrieve=extend_schema(
        summary="Get a lifestyle tip",
        description="One lifestyle tip, with the quotes for it and for each cause it addresses.",
    ),
    **editor_operations("a lifestyle tip"),
)
class LifestyleTipViewSet(ContentViewSet):
    queryset = LifestyleTip.objects.all()
    serializer_class = serializers.LifestyleTipSerializer
    detail_serializer_class = serializers.LifestyleTipDetailSerializer
    write_serializer_class = serializers.LifestyleTipWriteSerializer
    filterset_class = filters.LifestyleTipFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="List treatments",
        description="Treatment options, with the conditions and causes they apply to.",
    ),
    retrieve=extend_schema(
        summary="Get a treatment",
        description="One treatment option, with the quotes for it and for each cause.",
    ),
    **editor_operations("a treatment"),
)
class TreatmentViewSet(ContentViewSet):
    queryset = Treatment.objects.all()
    serializer_class = serializers.TreatmentSerializer
    detail_serializer_class = serializers.TreatmentDetailSerializer
    write_serializer_class = serializers.TreatmentWriteSerializer
    filterset_class = filters.TreatmentFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="List sources",
        description=(
            "The published articles that the content restates, with their metadata and the "
            "checksum of their text. Every quote of `evidence` names one by its slug."
        ),
    ),
    retrieve=extend_schema(
        summary="Get a source",
        description="A source with its full text, word for word: every quote from it is in it.",
    ),
)
class SourceViewSet(ReadOnlyContentViewSet):
    """
    Read-only: a source is an article file in the project with its checksum, added and
    reviewed with the fixtures, not through the API.
    """

    queryset = Source.objects.all()
    serializer_class = serializers.SourceSerializer
    detail_serializer_class = serializers.SourceDetailSerializer
