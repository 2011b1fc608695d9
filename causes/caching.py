"""
Reads of content are cached and revalidated against one content version.

The version is a random tag and a timestamp kept in the shared cache (Redis in
production). Any committed change to content replaces it, whatever made the
change (API, admin, fixture load, management command), so every app instance
sees the new version on its next request. Cached responses and ETags carry the
version they were made under; one made under another version is never served.

A lost version (a flushed or restarted cache) is replaced by a new one, which
can only make entries unreachable, never stale.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework.exceptions import NotAcceptable

VERSION_KEY = "content-version"
# Name a new layout of CachedResponse with a new prefix: entries in the old one, which
# the running version would still accept, then stay out of reach instead of failing.
RESPONSE_KEY_PREFIX = "content-response:2:"
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
    return cache.get_or_set(VERSION_KEY, ContentVersion.new, timeout=None)


def bump_version() -> ContentVersion:
    version = ContentVersion.new()
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def content_changed(*, using: str = "default", **kwargs: Any) -> None:
    """Signal receiver: a new version once the change is committed (at once outside one)."""
    transaction.on_commit(bump_version, using=using)


def connect_signals(models: list[type]) -> None:
    """Bump the version on every save, delete and relation change of these models."""
    for model in models:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{model}-saved")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{model}-deleted")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"{through}-changed")


# The headers of a view's response that a cached copy keeps.
CACHED_HEADERS = ("Content-Type", "Link")


@dataclass(frozen=True)
class CachedResponse:
    version_tag: str
    headers: dict[str, str]
    body: bytes


class ConditionalReadMixin:
    """
    For an APIView whose GET responses depend only on the content: every 200 gets an
    ETag and Last-Modified from the content version, a matching If-None-Match (or
    If-Modified-Since) gets a 304 without running the view, and anonymous responses
    are kept in the cache, keyed by absolute URL and negotiated media type.

    Cached and revalidated reads are answered before authentication and throttling:
    like a CDN, they cost the server almost nothing (GitHub's API, likewise, does not
    count a 304 against its rate limit).
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        media_type = self._negotiated_media_type(request, kwargs)
        # The browsable API's pages carry a CSRF token of their own: never shared.
        if media_type is None or media_type.startswith("text/html"):
            return super().dispatch(request, *args, **kwargs)

        key = (
            RESPONSE_KEY_PREFIX
            # The absolute URI: bodies and Link headers hold links with the request's host.
            + hashlib.sha256(f"{media_type}\n{request.build_absolute_uri()}".encode()).hexdigest()
        )
        if not self._is_anonymous(request):
            # Credentials are checked first (an invalid token is a 401), and nothing is cached.
            version = current_version()
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            etag = self._etag(version, key)
            response = get_conditional_response(
                request, etag=etag, last_modified=int(version.changed_at), response=response
            )
            return self._with_cache_headers(response, etag, version)

        use_cache = settings.API_RESPONSE_CACHE
        conditional = not CONDITIONAL_HEADERS.isdisjoint(request.META)
        # One trip to the cache: a revalidation needs the version alone, and mostly gets a 304.
        found = cache.get_many(
            [VERSION_KEY, key] if use_cache and not conditional else [VERSION_KEY]
        )
        version = found.get(VERSION_KEY) or current_version()
        etag = self._etag(version, key)
        if conditional:
            not_modified = get_conditional_response(
                request, etag=etag, last_modified=int(version.changed_at)
            )
            if not_modified is not None:
                return self._with_cache_headers(not_modified, etag, version)
            if use_cache:
                found[key] = cache.get(key)

        cached: CachedResponse | None = found.get(key)
        if cached is not None and cached.version_tag == version.tag:
            response = HttpResponse(cached.body, headers=cached.headers)
            return self._with_cache_headers(response, etag, version)

        response = super().dispatch(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        if use_cache:
            response.render()
            cache.set(
                key,
                CachedResponse(
                    version.tag,
                    {name: response[name] for name in CACHED_HEADERS if response.has_header(name)},
                    response.content,
                ),
                timeout=settings.API_RESPONSE_CACHE_TIMEOUT,
            )
        return self._with_cache_headers(response, etag, version)

    @staticmethod
    def _etag(version: ContentVersion, key: str) -> str:
        return f'"{version.tag}-{key[-16:]}"'

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
    def _is_anonymous(request: HttpRequest) -> bool:
        return (
            "HTTP_AUTHORIZATION" not in request.META
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def _with_cache_headers(
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
