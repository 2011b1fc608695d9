"""
Editorial governance through the API: writes make drafts, reviewers publish change
sets, editors read the history and preview drafts, and anyone reads the changes feed.
"""

from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    APIException,
    NotFound,
    ValidationError,
)
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from .. import caching
from ..editorial import drafting, feed, history, publishing
from ..editorial.resources import Resource, resources
from ..models import Change, ChangeSet, Draft
from ..permissions import IsEditor, MayPublish, editor_only, signed_in_user
from ..schema import CHANGE_SET_ERRORS, FEED_ERRORS
from ..serializers.editorial import (
    ChangeSerializer,
    ChangeSetSerializer,
    ChangesPageSerializer,
    DraftSerializer,
    HistoryEntrySerializer,
    PublishSerializer,
    RestoreSerializer,
)

if TYPE_CHECKING:
    # What the mixins below are mixed into (causes.views.content).
    _ReadViewSet = viewsets.ReadOnlyModelViewSet
    _ViewSet = viewsets.GenericViewSet
else:
    _ReadViewSet = _ViewSet = object


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = "The object has changed since you read it: read it again."


def preview_change_set(request: Request) -> ChangeSet | None:
    """
    The change set whose drafts a read shows (`?preview=true`: the user's open one;
    `?change_set=<number>`), or None for a read of what is published.
    """
    preview = request.query_params.get("preview", "")
    change_set_id = request.query_params.get("change_set") or None
    if preview.lower() not in ("", "true", "false"):
        raise ValidationError({"preview": ["Must be true or false."]})
    if preview.lower() != "true" and change_set_id is None:
        return None
    user = editor_only(request, "A preview")
    change_set = drafting.open_change_set(user, change_set_id, create=False)
    if change_set is None:
        raise ValidationError({"preview": ["You have no open change set to preview."]})
    return change_set


class PreviewMixin(_ReadViewSet):
    """A content viewset's reads, optionally as a change set would leave the content."""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self.previewing():
            return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with self.previewing():
            return super().retrieve(request, *args, **kwargs)

    def previewing(self) -> AbstractContextManager:
        # The body is made inside (lists and details serialize eagerly); only its
        # rendering to bytes comes after the drafts are undone.
        change_set = preview_change_set(self.request)
        return nullcontext() if change_set is None else drafting.previewing(change_set)


class DraftingMixin(_ViewSet):
    """
    Writes make drafts: POST, PUT, PATCH and DELETE validate the write as publishing
    would apply it and keep it in a change set (`?change_set=<number>`, or the editor's
    open one), answering 202 with the draft and what the object would become. Each
    takes If-Match with the object's ETag, and answers 412 if it is stale.
    """

    success_responses = {
        **dict.fromkeys(
            ("create", "update", "partial_update", "destroy", "restore"),
            (status.HTTP_202_ACCEPTED, DraftSerializer),
        ),
        "history": (status.HTTP_200_OK, HistoryEntrySerializer(many=True)),
    }

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.META.get("HTTP_IF_MATCH", "").strip():
            raise ValidationError(
                {
                    "If-Match": [
                        "A create has no object to match: send If-Match with PUT, PATCH or DELETE."
                    ]
                }
            )
        body = self._body(request)
        slug = body.get("slug")
        return self._draft(Draft.Action.CREATE, slug if isinstance(slug, str) else "", body)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        self._check_if_match(request)
        action_ = Draft.Action.CHANGE if partial else Draft.Action.REPLACE
        return self._draft(action_, kwargs[self.lookup_field], self._body(request))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._check_if_match(request)
        return self._draft(Draft.Action.DELETE, kwargs[self.lookup_field], {})

    @staticmethod
    def _body(request: Request) -> dict[str, Any]:
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["The body must be a JSON object."]})
        return dict(request.data)

    def resource(self) -> Resource:
        return next(r for r in resources().values() if r.viewset is type(self))

    def _check_if_match(self, request: Request) -> None:
        header = request.META.get("HTTP_IF_MATCH", "").strip()
        if not header:  # as any empty value: not given
            return
        slug = self.kwargs[self.lookup_field]
        if self.resource().published(slug) is None:
            # The ETag was of the published object; there is none (a draft's is not one).
            raise NotFound(f"No published {self.resource().model._meta.verbose_name} is {slug}.")
        if header == "*":
            return
        etag = caching.etag_of(
            request.build_absolute_uri(request.path),
            self.renderer_classes[0].media_type,
            caching.current_version(),
        )
        if etag not in [tag.strip() for tag in header.split(",")]:
            raise PreconditionFailed()

    def _draft(self, action_: str, slug: str, body: dict[str, Any]) -> Response:
        user = signed_in_user(self.request)
        change_set = drafting.open_change_set(user, self.request.query_params.get("change_set"))
        draft, result = drafting.make_draft(
            user=user,
            change_set=change_set,
            target=self.resource(),
            action=action_,
            slug=slug,
            body=body,
            context=self.get_serializer_context(),
        )
        location = reverse("changeset-detail", args=[change_set.pk])
        return Response(
            DraftSerializer(draft, context={"result": result}).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": self.request.build_absolute_uri(location)},
        )

    @extend_schema(
        summary="History",
        description="Editors only. The object's published versions, newest first, with who "
        "published each, its change set and review note, and what it changed (fields, and "
        "links with their evidence). A deleted object's history stays readable by its slug.",
    )
    @action(detail=True, methods=["get"], permission_classes=[IsEditor])
    def history(self, request: Request, **kwargs: Any) -> Response:
        slug = kwargs[self.lookup_field]
        model = self.resource().model
        entries = history.history(model, slug)
        if not entries and not model._default_manager.filter(slug=slug).exists():
            raise NotFound(f"No {model._meta.verbose_name} has had the slug {slug}.")
        return Response(HistoryEntrySerializer(entries, many=True).data)

    @extend_schema(
        summary="Restore a version",
        description="Drafts the object back to a version of its history (`/history/`), with "
        "the links and examples it had then, also after it was deleted. Like any draft, a "
        "reviewer publishes it.",
        request=RestoreSerializer,
    )
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, **kwargs: Any) -> Response:
        body = RestoreSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._draft(Draft.Action.RESTORE, kwargs[self.lookup_field], dict(body.data))


@extend_schema_view(
    list=extend_schema(
        summary="List change sets",
        description="Editors only. Change sets, newest first; `state` keeps those in one state.",
        parameters=[
            OpenApiParameter(
                "state",
                str,
                enum=ChangeSet.State.values,
                description="open, published or discarded.",
            )
        ],
    ),
    retrieve=extend_schema(
        summary="Get a change set",
        description="Editors only. A change set with its drafts, in the order they apply.",
    ),
    create=extend_schema(
        summary="Make a change set",
        description="Editors only. An empty change set, to add drafts to with `?change_set=`.",
    ),
    destroy=extend_schema(
        summary="Discard a change set",
        description="Editors only. Its drafts never go live; it stays, discarded, to read.",
    ),
)
class ChangeSetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """
    Change sets: drafts that go live together. Editors list, make and read them; a
    reviewer who wrote none of a change set's drafts publishes it; DELETE discards one
    that is open (its drafts never go live).
    """

    queryset = ChangeSet.objects.select_related("created_by", "published_by").prefetch_related(
        "drafts__created_by", "reviewed_conditions"
    )
    serializer_class = ChangeSetSerializer
    permission_classes = [IsEditor]
    error_responses = CHANGE_SET_ERRORS
    success_responses = {"publish": (status.HTTP_200_OK, ChangeSetSerializer)}

    def get_queryset(self) -> QuerySet:
        state = self.request.query_params.get("state")
        if state and state not in ChangeSet.State.values:
            raise ValidationError({"state": [f"Choose from: {', '.join(ChangeSet.State.values)}."]})
        return self.queryset.filter(state=state) if state else self.queryset

    def perform_create(self, serializer: BaseSerializer[ChangeSet]) -> None:
        serializer.save(created_by=signed_in_user(self.request))

    def perform_destroy(self, change_set: ChangeSet) -> None:
        if change_set.state != ChangeSet.State.OPEN:
            raise publishing.Conflict(f"Change set {change_set.pk} is {change_set.state}.")
        change_set.state = ChangeSet.State.DISCARDED
        change_set.save(update_fields=["state"])

    @extend_schema(
        summary="Publish a change set",
        description="Reviewers only, and not a reviewer who wrote any of it "
        "(REVIEW_REQUIRES_SECOND_PERSON). All its drafts go live in one transaction, or none: "
        "a conflict with what was published since they were drafted is a 409 naming it. The "
        "conditions named in `reviewed_conditions` are dated as reviewed.",
        request=PublishSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[IsEditor, MayPublish])
    def publish(self, request: Request, pk: str) -> Response:
        change_set = self.get_object()
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        publishing.publish(
            change_set.pk,
            reviewer=signed_in_user(request),
            review_note=body.validated_data.get("review_note", ""),
            reviewed_conditions=body.validated_data.get("reviewed_conditions", []),
            context={"request": request},
        )
        return Response(ChangeSetSerializer(self.get_object()).data)


LIMIT = 100
MAX_LIMIT = 1000


@extend_schema(
    summary="Changes feed",
    description="Published changes, in the order they went live: each object created, updated "
    "(its fields, its links, or what it shows of a related object) or deleted, with a cursor. "
    "A mirror that fetches what changed (and drops what was deleted) holds the public "
    "content. Continue with `since`; a cursor is good for CHANGES_CURSOR_MAX_AGE_DAYS days.",
    parameters=[
        OpenApiParameter("since", str, description="The cursor of the last change you hold."),
        OpenApiParameter(
            "limit",
            int,
            description=f"Changes per page (default {LIMIT}, at most {MAX_LIMIT}).",
        ),
    ],
)
class ChangesView(caching.ConditionalReadMixin, generics.GenericAPIView):
    """The public changes feed, for mirrors: anonymous, cached and revalidated."""

    serializer_class = ChangeSerializer
    queryset = Change.objects.all()
    pagination_class = None
    filter_backends: list = []
    error_responses = FEED_ERRORS
    success_responses = {"get": (status.HTTP_200_OK, ChangesPageSerializer)}

    def get(self, request: Request) -> Response:
        since = request.query_params.get("since") or None
        after = feed.position(since) if since is not None else 0
        limit = self._limit(request.query_params.get("limit"))
        changes = list(Change.objects.filter(pk__gt=after).order_by("pk")[: limit + 1])
        more, changes = len(changes) > limit, changes[:limit]
        for change in changes:
            change.feed_cursor = feed.cursor(change.pk)
        next_url = None
        if more:
            query = {"since": changes[-1].feed_cursor, "limit": limit}
            next_url = request.build_absolute_uri(
                f"{request.path}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
            )
        return Response({"results": ChangeSerializer(changes, many=True).data, "next": next_url})

    @staticmethod
    def _limit(raw: str | None) -> int:
        if not raw:
            return LIMIT
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw[:6]) <= MAX_LIMIT:
            raise ValidationError({"limit": [f"Must be a whole number from 1 to {MAX_LIMIT}."]})
        return int(raw)
