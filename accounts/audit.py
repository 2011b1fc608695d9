"""
The audit log: each security event as one JSON line on the `healthapi.audit` logger
(time, user, address, event, request id, and what else it concerns) and as a row that
the admin lists. Nothing secret is ever passed here: a token appears as its 15-character
prefix, which knox stores in clear, and a password never.
"""

import logging
from typing import Any

from healthapi.request_context import current_address, request_id

from .models import SecurityEvent

logger = logging.getLogger("healthapi.audit")

Kind = SecurityEvent.Kind


def record(event: SecurityEvent.Kind, user: str = "", **detail: Any) -> SecurityEvent:
    """Log and keep one event of the current request (or of a management command)."""
    entry = SecurityEvent.objects.create(
        event=event,
        user=user,
        address=current_address(),
        request_id=request_id(),
        detail=detail,
    )
    logger.info(
        event.label,
        extra={"event": event.value, "user": user, "address": entry.address, **detail},
    )
    return entry
