"""
Token authentication for the API: knox's (hashed, expiring tokens), slowed down for
guessers. A client address whose authentications failed FAILED_AUTHENTICATION_RATE
times in the window (a bad token, or a write without credentials) gets a 429 with
Retry-After for any token until the window ends, a valid one included, since a guesser
cannot be told apart from its address's editors.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from knox import auth
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header
from rest_framework.request import Request

from healthapi.throttling import FailedAuthenticationThrottle

from . import audit, tokens
from .models import EditorToken


class TooManyFailures(exceptions.Throttled):
    default_detail = _("Too many failed authentications from this address.")
    extra_detail_plural = "Try again in {wait} seconds."
    extra_detail_singular = "Try again in {wait} second."


def failed_authentication(request: Request) -> TooManyFailures | None:
    """
    Count a failed authentication of the request's client address; past the rate, the
    refusal to answer instead of the failure (and nothing is counted).
    """
    throttle = FailedAuthenticationThrottle()
    if throttle.exhausted(request):
        return TooManyFailures(throttle.wait())
    throttle.record_failure(request)
    return None


class TokenAuthentication(auth.TokenAuthentication):
    """`Authorization: Token <secret>`, as DRF's own scheme took it."""

    def authenticate(self, request: Request) -> tuple[Any, EditorToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.authenticate_header(request).encode().lower():
            return None
        throttle = FailedAuthenticationThrottle()
        if throttle.exhausted(request):
            raise TooManyFailures(throttle.wait())
        try:
            user, token = super().authenticate(request)
        except exceptions.AuthenticationFailed as failure:
            throttle.record_failure(request)
            audit.record(audit.Kind.TOKEN_REFUSED, reason=str(failure.detail))
            raise
        tokens.note_use(token)
        return user, token

    def authenticate_credentials(self, token: bytes) -> tuple[Any, EditorToken]:
        # knox decodes the token as UTF-8 and would fail with a 500 on other bytes.
        try:
            token.decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        return super().authenticate_credentials(token)
