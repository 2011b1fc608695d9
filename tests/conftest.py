import logging
import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
import redis
from django.core.management import call_command
from rest_framework.test import APIClient

from bench.servers import scratch_database
from tests import ledger
from tests.utils import formatted_as_configured


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker) -> None:
    """The real content, loaded once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture
def api_client(db: None) -> APIClient:
    return APIClient()


@pytest.fixture(scope="session")
def schema(django_db_setup, django_db_blocker) -> dict:
    """The OpenAPI schema, as JSON, as a client fetches it."""
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(autouse=True)
def _own_cache(settings) -> None:
    """Each test starts with an empty cache of its own, so throttle counts do not carry over."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(uuid.uuid4()),
        }
    }


@pytest.fixture
def stopped_throttle_clock(monkeypatch) -> None:
    """
    The rate limits' clock stands still, mid-minute: they count per window of the clock
    (healthapi.throttling.FixedWindow), and a window that ended among a test's requests
    would start the count again.
    """
    from healthapi.throttling import FixedWindow

    monkeypatch.setattr(FixedWindow, "timer", lambda self: 30.0, raising=False)


def missing(message: str, requirement: str) -> None:
    """Skip, saying what is missing; with the `requirement` variable set (CI), fail instead."""
    if os.environ.get(requirement):
        pytest.fail(f"{message} ({requirement} is set, so this is a failure)")
    pytest.skip(message)


def service_missing(message: str) -> None:
    missing(message, "REQUIRE_SERVICES")


def browser_tool_missing(message: str) -> None:
    """Node.js or Chromium, which the client and browser tests need, is not installed."""
    missing(message, "REQUIRE_BROWSER_TOOLS")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for a served app, dropped afterwards."""
    server = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    try:
        psycopg.connect(server, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        service_missing(f"PostgreSQL is not reachable at {server} (TEST_POSTGRES_URL): {error}")
    with scratch_database(server, "test") as url:
        yield url


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        service_missing(f"Redis is not reachable at {url} (TEST_REDIS_URL): {error}")
    return url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `last` run after all others (they read what the others left)."""
    items.sort(key=lambda item: item.get_closest_marker("last") is not None)


class _LedgerHandler(logging.Handler):
    """Every log line of the suite, formatted as production formats it, scanned for secrets."""

    def emit(self, record: logging.LogRecord) -> None:
        ledger.scan(f"log line of {record.name}", self.format(record))


@pytest.fixture(scope="session", autouse=True)
def _secrets_ledger() -> Iterator[None]:
    """Feeds tests/ledger.py: every token issued, every log line and every response."""
    from django.test import Client
    from knox import models as knox_models

    make_token, request = knox_models.get_digest_token, Client.request

    def making_token(*args, **kwargs):
        # Where knox makes every secret, before anything could log it.
        digest, secret = make_token(*args, **kwargs)
        ledger.remember_token(secret)
        return digest, secret

    def requesting(self, **kwargs):
        response = request(self, **kwargs)
        shown_once = (
            kwargs.get("PATH_INFO") == "/api/v1/auth/tokens/"
            and kwargs.get("REQUEST_METHOD") == "POST"
            and response.status_code == 201
        )
        if not response.streaming and not shown_once:
            head = "\n".join(f"{name}: {value}" for name, value in response.items())
            body = response.content.decode("utf-8", "replace")
            ledger.scan(f"response to {kwargs.get('PATH_INFO')}", f"{head}\n{body}")
        return response

    root = logging.getLogger()
    handler = formatted_as_configured(_LedgerHandler())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(knox_models, "get_digest_token", making_token)
        patch.setattr(Client, "request", requesting)
        root.addHandler(handler)
        try:
            yield
        finally:
            root.removeHandler(handler)
