"""Reads from the replicas, writes to the primary (settings.DATABASE_REPLICA_URLS)."""

import random
from typing import Any

from django.conf import settings
from django.db import connections, models

# Editors' work in progress, its history and their credentials: an editor reads at once
# what they just wrote (a token just made works), which a replica may not have yet. Only
# the public reads need the replicas.
PRIMARY_ONLY = {
    "causes.changeset",
    "causes.draft",
    "causes.publication",
    "reversion.revision",
    "reversion.version",
    # A token works, is revoked or a sign-in locked at once, on every instance.
    "accounts.editortoken",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
}


class PrimaryReplicaRouter:
    """
    Each read goes to a replica picked at random; writes and migrations go to the
    primary. All of them hold the same data, so objects relate across them.
    """

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str:
        # Inside a transaction on the primary (a preview, a draft, a publication)
        # reads must see what that transaction wrote, which no replica has.
        if connections["default"].in_atomic_block or model._meta.label_lower in PRIMARY_ONLY:
            return "default"
        return random.choice(settings.REPLICA_DATABASES)

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
