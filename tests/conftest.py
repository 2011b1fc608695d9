import logging
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tests import deployments, ledger
from tests.deployments import Deployment
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


@pytest.fixture
def deploy(tmp_path: Path) -> Iterator[Callable[..., Deployment]]:
    """
    Makes copies of the prepared deployment, each in a folder of this test's (named by
    the first argument): `deploy("primary", database="sqlite", THROTTLE_ANON_RATE="5/hour")`.
    """
    with ExitStack() as stack:
        yield lambda name="app", **kwargs: deployments.deploy(stack, tmp_path / name, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the run's controller, or a run without workers
        os.environ.setdefault(deployments.RUN, uuid.uuid4().hex[:12])


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):
        deployments.remove_run()


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
    assert ledger.leaks == [], "a secret was logged or sent outside any test"


@pytest.fixture(autouse=True)
def _no_secret_shown(_secrets_ledger: None) -> Iterator[None]:
    """
    A test while which a token or a password was logged or sent fails: each test run
    (each pytest-xdist worker too) scans everything that it logs and answers.
    """
    yield
    leaks = list(ledger.leaks)
    ledger.leaks.clear()
    assert leaks == [], f"secrets shown (where, first characters): {leaks}"
