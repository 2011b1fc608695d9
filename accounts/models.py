"""
Editors' API tokens, stored hashed (django-rest-knox), and the security events of the
audit log (accounts.audit).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from knox.models import AbstractAuthToken


class EditorToken(AbstractAuthToken):
    """
    One of an editor's API tokens: knox keeps the SHA-512 digest of the secret and its
    first 15 characters (`token_key`, to find it and to tell tokens apart), never the
    secret. Each has a name (a device or a script) and an expiry (TOKEN_TTL_HOURS).
    """

    # Annotated: knox's base class has no types, so the plugin does not see a model here.
    name: models.CharField[str, str] = models.CharField(
        max_length=100, help_text="What the token is for, e.g. a laptop."
    )
    last_used: models.DateTimeField[datetime.datetime | None, datetime.datetime | None] = (
        models.DateTimeField(
            null=True, blank=True, help_text="When it last authenticated a request, to the hour."
        )
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.token_key}… ({self.name}) of {self.user}"


class SecurityEvent(models.Model):
    """One authentication event or refused write: what the audit log writes, to list."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Sign-in failed"
        LOCKOUT = "lockout", "Locked out"
        TOKEN_CREATED = "token_created", "Token created"
        TOKEN_FIRST_USED = "token_first_used", "Token used for the first time"
        TOKEN_REVOKED = "token_revoked", "Token revoked"
        TOKEN_EXPIRED = "token_expired", "Token expired"
        TOKEN_REFUSED = "token_refused", "Token refused"
        WRITE_REFUSED = "write_refused", "Write refused"

    time = models.DateTimeField(default=timezone.now, db_index=True)
    event = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    # The name as given, not a foreign key: the record outlives the user, and a failed
    # sign-in may name no user at all.
    user = models.CharField(max_length=150, blank=True, db_index=True)
    address = models.CharField(max_length=64, blank=True, db_index=True)
    request_id = models.CharField(max_length=128, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.event} {self.user or '-'}"
