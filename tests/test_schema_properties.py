"""
Schemathesis generates requests for every operation of /api/schema/, valid and
invalid, and checks every response against the schema: no server error, only
documented statuses, content types and bodies, valid data accepted, invalid
data refused. Settings (seed, expected statuses) are in schemathesis.toml;
SCHEMATHESIS_MAX_EXAMPLES sets the examples per operation (`make fuzz`: 200).
"""

import os
from collections.abc import Callable

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from accounts.models import EditorToken
from causes.models import ChangeSet
from healthapi.wsgi import application
from tests.utils import create_editor

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))


@pytest.fixture(autouse=True)
def _requests_keep_the_test_connection():
    """
    As in Django's test client: the WSGI app would close the database connection after
    each request, and with it the test's transaction (PostgreSQL really closes it).
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _failed_authentications_unlimited(settings) -> None:
    """
    Writes without credentials and bad tokens (the `ignored_auth` check sends both) would
    be a 429 past FAILED_AUTHENTICATION_RATE, not the 401 checked here;
    tests/test_editor_access.py checks that limit.
    """
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "failed_authentication": None},
    }


@pytest.fixture
def reviewer_token(db) -> Callable[[], str]:
    """A reviewer's token that works: a new one after an example revoked the last."""
    token = ""

    def live_token() -> str:
        nonlocal token
        if not EditorToken.objects.filter(token_key=token[:15]).exists():
            token = create_editor("fuzzer", role="reviewer")
        return token

    return live_token


FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    # Replaying saved failures would make runs differ; the seed makes them repeatable.
    database=None,
    # One reviewer serves every example of an operation, each example's writes in a change
    # set of their own (see below).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_conforms_to_the_schema(case, reviewer_token):
    # As a reviewer, to whom every operation is open, so that writes get past
    # authentication; the `ignored_auth` check also sends each write without it and
    # expects a 401.
    token = reviewer_token()
    # Writes go to the editor's open change set: the earlier examples' drafts, discarded
    # (as an editor would), so that each example drafts into a change set of its own.
    ChangeSet.objects.filter(created_by__username="fuzzer", state=ChangeSet.State.OPEN).update(
        state=ChangeSet.State.DISCARDED
    )
    case.call_and_validate(headers={"Authorization": f"Token {token}"})


@schema.parametrize()
@FUZZ_SETTINGS
def test_every_operation_conforms_to_the_schema_without_credentials(case, db):
    # As the public: reads answer, and what is for editors is a 401 that the schema
    # documents. Valid data refused with a 401 is right here, so the check that valid
    # data is accepted (which the test above makes as an editor) is left out.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
