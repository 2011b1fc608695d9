"""The changes feed's cursors: opaque, signed, and good for a configured time."""

import datetime

from django.conf import settings
from django.core import signing
from rest_framework.exceptions import ValidationError

SALT = "causes.changes-feed"


def cursor(change_id: int) -> str:
    """The cursor after the change with this id."""
    return signing.dumps(change_id, salt=SALT)


def position(cursor: str) -> int:
    """The id of the change that `cursor` follows; a 400 naming `since` if it is not one."""
    max_age = datetime.timedelta(days=settings.CHANGES_CURSOR_MAX_AGE_DAYS)
    try:
        value = signing.loads(cursor, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(
            {"since": ["This cursor has expired: read the content again, then the feed anew."]}
        ) from None
    except (signing.BadSignature, UnicodeError, ValueError):
        raise ValidationError({"since": ["Not a cursor of this feed."]}) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({"since": ["Not a cursor of this feed."]})
    return value
