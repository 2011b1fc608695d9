"""Issuing and revoking editors' API tokens, for the API and the management commands alike."""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import audit
from .models import EditorToken

# A token's last use is written at most this often, so that authenticating is not a
# write per request.
LAST_USED_PRECISION = timedelta(hours=1)


def issue(user: AbstractBaseUser, name: str) -> tuple[EditorToken, str]:
    """A new token of the user's, and its secret: shown once, stored only hashed."""
    token, secret = EditorToken.objects.create(user=user, name=name)
    audit.record(
        audit.Kind.TOKEN_CREATED, user.get_username(), token=token.token_key, token_name=name
    )
    return token, secret


def live(user: AbstractBaseUser) -> QuerySet[EditorToken]:
    """The user's tokens that have not expired."""
    return EditorToken.objects.filter(
        Q(expiry__isnull=True) | Q(expiry__gt=timezone.now()), user=user
    )


def revoke(tokens: QuerySet[EditorToken], by: str) -> int:
    """Revoke these tokens (each one logged); how many there were."""
    revoked = list(tokens.select_related("user"))
    for token in revoked:
        token.delete()
        audit.record(
            audit.Kind.TOKEN_REVOKED,
            token.user.get_username(),
            token=token.token_key,
            token_name=token.name,
            by=by,
        )
    return len(revoked)


def note_use(token: EditorToken) -> None:
    """Keep when the token was last used, and log the first use once, across instances."""
    now = timezone.now()
    if token.last_used is None:
        first = EditorToken.objects.filter(pk=token.pk, last_used__isnull=True).update(
            last_used=now
        )
        if first:
            audit.record(
                audit.Kind.TOKEN_FIRST_USED,
                token.user.get_username(),
                token=token.token_key,
                token_name=token.name,
            )
    elif token.last_used < now - LAST_USED_PRECISION:
        EditorToken.objects.filter(pk=token.pk).update(last_used=now)
