"""
Reads of content are cached and revalidated against one content version.

The version is a random tag and a timestamp kept in the shared cache (Redis in
production). Any committed change to content replaces it, whatever made the
change (API, admin, fixture load, management command), so every app instance
sees the new version on its next request. Cached responses and ETags carry the
version they were made under; one made under another version is never served.

A lost version (a flushed or restarted cache) is replaced by a new one, which
can only make entries unreachable, never stale.

Two layers: ConditionalReadMixin, on the views, gives every 200 its validators
(ETag, Last-Modified) and evaluates a request's preconditions against them;
ResponseCacheMiddleware, the outermost middleware, keeps the final anonymous 200s
(every header that the middleware added included) and answers the next identical
request, or its revalidation, before sessions, authentication and the view.
"""

import hashlib
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db import models as db_models
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.http.response import ResponseHeaders
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.exceptions import NotAcceptable

if TYPE_CHECKING:
    from rest_framework.views import APIView

    _ViewBase = APIView
else:
    _ViewBase = object

VERSION_KEY = "content-version"
# Name a new layout of CachedResponse, or a release whose responses differ for the same
# content (a new field), with a new prefix: entries of the old one, which the running
# version would still accept, then stay out of reach instead of being served.
RESPONSE_KEY_PREFIX = "content-response:4:"
# What a response depends on besides its URL: the format asked for, and the credentials,
# since an invalid token is a 401 where an anonymous read is a 200.
VARY = ("Accept", "Authorization", "Cookie")
CONDITIONAL_HEADERS = {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"}


@dataclass(frozen=True)
class ContentVersion:
    tag: str
    changed_at: float  # seconds since the epoch

    @classmethod
    def new(cls) -> "ContentVersion":
        return cls(tag=secrets.token_hex(8), changed_at=time.time())


def current_version() -> ContentVersion:
    # add(), not set(): workers that find no version at once agree on the first one stored.
    # With a default, get_or_set() answers the stored value or the default: never None.
    return cast(ContentVersion, cache.get_or_set(VERSION_KEY, ContentVersion.new, timeout=None))


def bump_version() -> ContentVersion:
    version = ContentVersion.new()
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def content_changed(*, using: str = "default", **kwargs: Any) -> None:
    """Signal receiver: a new version once the change is committed (at once outside one)."""
    transaction.on_commit(bump_version, using=using)


def connect_signals(models: list[type[db_models.Model]]) -> None:
    """Bump the version on every save, delete and relation change of these models."""
    for model in models:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{model}-saved")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{model}-deleted")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"{through}-changed")


def etag_of(url: str, media_type: str, version: ContentVersion) -> str:
    """The ETag of the representation of `url` in `media_type` under a content version."""
    key = hashlib.sha256(f"{media_type}\n{url}".encode()).hexdigest()
    return f'"{version.tag}-{key[-16:]}"'


# The query parameters with which an editor reads drafts (causes.views.editorial).
PREVIEW_PARAMS = ("preview", "change_set")


def is_preview(request: HttpRequest) -> bool:
    """Whether a read asks for drafts: its answer is no one else's, and never kept."""
    return any(request.GET.get(name) for name in PREVIEW_PARAMS)


def is_anonymous(request: HttpRequest) -> bool:
    """A request with no credentials: one whose answer is the same for every such client."""
    return "HTTP_AUTHORIZATION" not in request.META and (
        "HTTP_COOKIE" not in request.META or settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def names_current_etag(request: HttpRequest, etag: str) -> bool:
    """Whether If-None-Match lists `etag` itself (weak comparison; `*` does not count)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    return header is not None and _opaque(etag) in {_opaque(tag) for tag in parse_etags(header)}


def not_modified(request: HttpRequest, etag: str, last_modified: float) -> bool:
    """
    RFC 9110, section 13.2.2, for a GET or HEAD whose answer would be a 200 with these
    validators: If-None-Match, when given, decides (`*` matches any current
    representation); otherwise If-Modified-Since, unless it is not a valid date or is
    later than now, which the RFC says to ignore.
    """
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match == etag:  # what clients send back, without parsing it
        return True
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        return tags == ["*"] or _opaque(etag) in {_opaque(tag) for tag in tags}
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and since <= time.time() and int(last_modified) <= since


def headers_of_a_304(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Every header of a 200 but those that describe its body, which its 304 has not."""
    return tuple(
        (name, value)
        for name, value in headers
        if name.lower() not in ("content-type", "content-length")
    )


def not_modified_response(response: HttpResponseBase) -> HttpResponseNotModified:
    """A 304 with every header of the 200 it stands for but those describing the body."""
    return HttpResponseNotModified(headers=dict(headers_of_a_304(response.items())))


class ConditionalReadMixin(_ViewBase):
    """
    For an APIView whose GET responses depend only on the content: every 200 gets an
    ETag and Last-Modified from the content version, and then the request's
    preconditions: a 304 where they say the client holds it (RFC 9110).

    Preconditions are evaluated only on what would otherwise be a 200: an error stays
    an error whatever If-None-Match says (`*` on a page that does not exist is a 404).
    The one exception is an anonymous If-None-Match naming the current ETag of this very
    URL and format: that ETag was given to a 200 under the current content, so the 304
    is answered without running the view, authentication or throttling (like a CDN;
    GitHub's API does not count a 304 against its rate limit either).

    Anonymous 200s are marked (`content_version`) for ResponseCacheMiddleware to keep.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        if is_preview(request):
            response = super().dispatch(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-store"
            return response
        media_type = self._negotiated_media_type(request, kwargs)
        # The browsable API's pages carry a CSRF token of their own: never shared.
        if media_type is None or media_type.startswith("text/html"):
            return super().dispatch(request, *args, **kwargs)

        version = current_version()
        # The absolute URI: bodies and Link headers hold links with the request's host.
        etag = etag_of(request.build_absolute_uri(), media_type, version)
        anonymous = is_anonymous(request)
        # Credentials are checked first for everyone else (an invalid token is a 401).
        if anonymous and names_current_etag(request, etag):
            return self._with_validators(HttpResponseNotModified(), etag, version)

        response = super().dispatch(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response = self._with_validators(response, etag, version)
        if not_modified(request, etag, version.changed_at):
            return not_modified_response(response)
        if anonymous:
            response.content_version = version.tag  # type: ignore[attr-defined]  # a mark for ResponseCacheMiddleware
        return response

    def _negotiated_media_type(self, request: HttpRequest, kwargs: dict) -> str | None:
        self.format_kwarg = self.get_format_suffix(**kwargs)
        asks_for_any = request.META.get("HTTP_ACCEPT", "*/*") == "*/*"
        if asks_for_any and not self.format_kwarg and "format" not in request.GET:
            # DRF's choice for the commonest request, without parsing it: the first renderer.
            return self.renderer_classes[0].media_type
        try:
            _, media_type = self.perform_content_negotiation(self.initialize_request(request))
        except (NotAcceptable, Http404):  # the view answers 406 or 404
            return None
        return media_type

    @staticmethod
    def _with_validators(
        response: HttpResponseBase, etag: str, version: ContentVersion
    ) -> HttpResponseBase:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(version.changed_at)
        # Browsers and CDNs may store a response but must revalidate it (a cheap 304)
        # before use, unless the operator allows some staleness with a max-age.
        max_age = settings.API_CACHE_MAX_AGE
        response["Cache-Control"] = f"public, max-age={max_age}" if max_age else "public, no-cache"
        if response.has_header("Vary"):  # DRF's own responses vary by Accept already
            patch_vary_headers(response, VARY)
        else:
            response["Vary"] = ", ".join(VARY)
        return response


class ValidatedHeaders(ResponseHeaders):
    """
    Headers that Django validated when the response was first made, copied into a new
    response without validating each again: on a cache hit that costs more than the
    rest of the answer. (ResponseHeaders keeps them in `_store`, by lower-cased name.)
    """

    def __init__(self, headers: Iterable[tuple[str, str]]) -> None:
        super().__init__({})
        self._store = {name.lower(): (name, value) for name, value in headers}


@dataclass(frozen=True)
class CachedResponse:
    """A final 200, as the client got it: every header, the body, and its content version."""

    version_tag: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @classmethod
    def of(cls, response: HttpResponse, version_tag: str) -> "CachedResponse":
        return cls(version_tag, tuple(response.items()), response.content)

    @cached_property
    def etag(self) -> str:
        return next(value for name, value in self.headers if name == "ETag")

    @cached_property
    def not_modified_headers(self) -> tuple[tuple[str, str], ...]:
        return headers_of_a_304(self.headers)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.body)
        response.headers = ValidatedHeaders(self.headers)
        return response

    def not_modified(self) -> HttpResponseNotModified:
        response = HttpResponseNotModified()
        response.headers = ValidatedHeaders(self.not_modified_headers)
        return response


class LocalResponses:
    """
    This process's copies of cached responses, so that a hit reads only the content
    version from the shared cache, not the response too. A copy is used only while its
    version is the current one; at most `size` are kept, the oldest dropped first.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.responses: dict[str, CachedResponse] = {}
        self.lock = threading.Lock()

    def get(self, key: str, version_tag: str) -> CachedResponse | None:
        cached = self.responses.get(key)
        return cached if cached is not None and cached.version_tag == version_tag else None

    def put(self, key: str, cached: CachedResponse) -> None:
        with self.lock:
            self.responses.pop(key, None)
            while len(self.responses) >= self.size:
                del self.responses[next(iter(self.responses))]
            self.responses[key] = cached


class ResponseCacheMiddleware:
    """
    The shared cache of anonymous reads, as the outermost middleware: a read that was
    answered before under the current content version is answered again from the cache
    (or with a 304 when the client holds it) before any other middleware or the view
    runs, so that it costs about what serving stored bytes costs.

    What it stores is the final response, with every header the other middleware added
    (CORS, Content-Security-Policy, security headers, validators), keyed by what those
    depend on: the absolute URL, Accept and Origin (CORS answers vary by Origin). Only
    responses that ConditionalReadMixin marked are stored: anonymous 200s of content
    (never the browsable API's pages, errors, or editors' reads). With
    API_RESPONSE_CACHE off, it stores and answers nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.local = LocalResponses()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not (
            settings.API_RESPONSE_CACHE
            and request.method in ("GET", "HEAD")
            and request.path.startswith("/api/")
            and is_anonymous(request)
        ):
            return self.get_response(request)

        # The request as it came, unvalidated: a Host that ALLOWED_HOSTS refuses is a 400,
        # never stored, so it can only miss.
        meta = request.META
        described = "\n".join(
            (
                request.scheme or "",
                meta.get("HTTP_HOST", ""),
                request.path,
                meta.get("QUERY_STRING", ""),
                meta.get("HTTP_ACCEPT", ""),
                meta.get("HTTP_ORIGIN", ""),
            )
        )
        key = RESPONSE_KEY_PREFIX + hashlib.sha256(described.encode()).hexdigest()
        version = cache.get(VERSION_KEY)
        cached = self._find(key, version)
        if cached is not None:
            if not_modified(request, cached.etag, version.changed_at):
                return cached.not_modified()
            return cached.response()

        response = self.get_response(request)
        version_tag = getattr(response, "content_version", None)
        if (
            version_tag is not None
            and request.method == "GET"
            and response.status_code == 200
            and isinstance(response, HttpResponse)  # a body to keep, not a stream
        ):
            cached = CachedResponse.of(response, version_tag)
            cache.set(key, cached, timeout=settings.API_RESPONSE_CACHE_TIMEOUT)
            self.local.put(key, cached)
        return response

    def _find(self, key: str, version: ContentVersion | None) -> CachedResponse | None:
        """The response stored under `key` for the current version: this process's or shared."""
        if version is None:
            return None
        cached = self.local.get(key, version.tag)
        if cached is None:
            cached = cache.get(key)
            if cached is None or cached.version_tag != version.tag:
                return None
            self.local.put(key, cached)
        return cached
