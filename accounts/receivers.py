"""The audit log of what Django (sign-in), django-axes (lockout) and knox (expiry) signal."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from knox.signals import token_expired

from . import audit


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(audit.Kind.LOGIN, user.get_username())


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password in `credentials`; only the name is kept.
    audit.record(audit.Kind.LOGIN_FAILED, str(credentials.get("username", "")))


@receiver(user_locked_out)
def on_lockout(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    audit.record(audit.Kind.LOCKOUT, username or "", locked_address=ip_address)


@receiver(token_expired)
def on_token_expired(sender: Any, username: str, source: str, **kwargs: Any) -> None:
    audit.record(audit.Kind.TOKEN_EXPIRED, username)
