"""The cache backend of one machine without Redis: Django's files, counting atomically."""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache.backends import filebased


class FileBasedCache(filebased.FileBasedCache):
    """
    Django's file cache, whose add() and incr() are atomic across the processes of
    the machine. Django's read a file and then write it, so two workers counting a
    request at once would both write the same count (the rate limit counts with
    them, healthapi.throttling). Here they hold an exclusive lock on a file in the
    cache's folder while they do.
    """

    @contextmanager
    def _locked(self) -> Iterator[None]:
        os.makedirs(self._dir, exist_ok=True)
        with open(os.path.join(self._dir, "counters.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def add(self, *args: Any, **kwargs: Any) -> bool:
        with self._locked():
            return super().add(*args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> int:
        with self._locked():
            return super().incr(*args, **kwargs)
