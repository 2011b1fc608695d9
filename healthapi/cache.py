"""
Django's cache backends, each with one thing changed: the file cache counts
atomically across processes, and the Redis cache reuses its clients.
"""

import fcntl
import os
import pickle
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.core.cache.backends import filebased
from django.core.cache.backends import redis as redis_backend

if TYPE_CHECKING:
    from redis import ConnectionPool, Redis


class FileBasedCache(filebased.FileBasedCache):
    """
    Django's file cache, with two changes:

    - add() and incr() are atomic across the processes of the machine. Django's read
      a file and then write it, so two workers counting a request at once would both
      write the same count (the rate limit counts with them, healthapi.throttling).
      Here they hold an exclusive lock on a file in the cache's folder while they do,
      and incr() rewrites the file in place.
    - get() of a file that has not changed since this process last read it (same
      inode, size and modification time: every set() writes a new file) returns the
      value it read then, instead of reading, decompressing and unpickling it again:
      the content version is read on every request. Values are shared, so they must
      not be changed in place (this project caches immutable ones).
    """

    memo_size = 1024

    if TYPE_CHECKING:  # Django's own, which its stubs leave out
        _dir: str

        def _key_to_file(self, key: str, version: int | None = None) -> str: ...

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._read: dict[str, tuple[tuple[int, int, int], float | None, Any]] = {}

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        fname = self._key_to_file(key, version)
        try:
            stat = os.stat(fname)
        except FileNotFoundError:
            return default
        signature = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        memo = self._read.get(fname)
        if memo is None or memo[0] != signature:
            try:
                with open(fname, "rb") as file:
                    expiry = pickle.load(file)
                    value = pickle.loads(zlib.decompress(file.read()))
            except FileNotFoundError:
                return default
            if len(self._read) >= self.memo_size:
                self._read.clear()
            memo = self._read[fname] = (signature, expiry, value)
        _, expiry, value = memo
        return value if expiry is None or expiry >= time.time() else default

    @contextmanager
    def _locked(self) -> Iterator[None]:
        os.makedirs(self._dir, exist_ok=True)
        with open(os.path.join(self._dir, "counters.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def add(self, *args: Any, **kwargs: Any) -> bool:
        with self._locked():
            return super().add(*args, **kwargs)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        # In place, under the lock: Django's would write a new file and rename it, which
        # costs more than the rest of counting a request. Only add() and incr(), both
        # under the lock, touch a counter's file, so no reader sees it half written.
        with self._locked():
            fname = self._key_to_file(key, version)
            try:
                with open(fname, "r+b") as file:
                    expiry = pickle.load(file)
                    if expiry is not None and expiry < time.time():
                        raise ValueError(f"Key '{key}' not found")
                    value = pickle.loads(zlib.decompress(file.read())) + delta
                    file.seek(0)
                    file.write(pickle.dumps(expiry, self.pickle_protocol))
                    file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
                    file.truncate()
            except FileNotFoundError:
                raise ValueError(f"Key '{key}' not found") from None
            return value


class RedisCacheClient(redis_backend.RedisCacheClient):
    """
    Django's client of the Redis cache, with one redis-py client per connection pool
    instead of a new one for every command: making one costs about as much as the
    command's round trip, and one is safe to share between threads (each command
    takes a connection from the pool).
    """

    if TYPE_CHECKING:  # Django's own, which its stubs leave out
        _client: type[Redis]

        def _get_connection_pool(self, write: bool) -> ConnectionPool: ...

    def get_client(
        self, key: str | bytes | memoryview | None = None, *, write: bool = False
    ) -> "Redis":
        pool = self._get_connection_pool(write)
        clients: dict[ConnectionPool, Redis] = self.__dict__.setdefault("_clients_by_pool", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class RedisCache(redis_backend.RedisCache):
    """Django's Redis cache, with the client above."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
