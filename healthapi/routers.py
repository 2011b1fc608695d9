"""Reads from the replicas, writes to the primary (settings.DATABASE_REPLICA_URLS)."""

import random
from typing import Any

from django.conf import settings
from django.db import models


class PrimaryReplicaRouter:
    """
    Each read goes to a replica picked at random; writes and migrations go to the
    primary. All of them hold the same data, so objects relate across them.
    """

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str:
        return random.choice(settings.REPLICA_DATABASES)

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
