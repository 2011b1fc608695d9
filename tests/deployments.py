"""
Served tests (gunicorn, as deployed) share one prepared deployment per test run: a
migrated and loaded SQLite file, a PostgreSQL template database with the same
content, the static files collected once, and the same editors in each. Each
test gets a copy of its own, on the backends that it names or that the run's pass
says (CI's second pass sets DATABASE_URL and REDIS_URL).

Whichever pytest-xdist worker first needs a prepared deployment makes it, under a
file lock; the others wait for it and read its editors' tokens from the same folder.
The run's folder and template database are named after HEALTHAPI_TEST_RUN, which
tests/conftest.py sets before the workers start, and removed when the run ends.
"""

import json
import os
import shutil
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import psycopg
import redis
from filelock import FileLock

from bench.servers import prepare, production_env, scratch_database
from tests import ledger
from tests.utils import service_missing

Database = Literal["pass", "sqlite", "postgresql"]
Cache = Literal["pass", "files", "redis"]

RUN = "HEALTHAPI_TEST_RUN"
POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
REDIS_SERVER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")

# The app with the rate limits' clock standing still at THROTTLE_CLOCK (tests/clock_wsgi.py),
# and a moment to stand at: half past midnight on 1 January 1970, in the middle of a
# minute's and of an hour's window.
APP_WITH_CLOCK = "tests.clock_wsgi:application"
MID_HOUR = "1800"

# The editors of every prepared deployment. `remote` can also sign in to the admin.
AUTHORS = ("author", "author-1", "author-2")
EDITORS = {
    **{name: {"role": "author"} for name in AUTHORS},
    "reviewer": {"role": "reviewer"},
    "remote": {"role": "author"},
}


def run_folder() -> Path:
    """This run's folder of prepared deployments, shared by its workers."""
    folder = Path(tempfile.gettempdir(), f"healthapi-tests-{os.environ[RUN]}")
    folder.mkdir(exist_ok=True)
    return folder


def template_name() -> str:
    return f"healthapi_prepared_{os.environ[RUN]}"


def pass_database() -> Literal["sqlite", "postgresql"]:
    """The database of this pass: PostgreSQL when DATABASE_URL names one."""
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def pass_cache() -> Literal["files", "redis"]:
    return "redis" if os.environ.get("REDIS_URL") else "files"


@dataclass(frozen=True)
class Deployment:
    """
    A deployment: the environment to serve it with (or, prepared, to copy it from), its
    editors' tokens by username, and the password with which `remote` signs in.
    """

    env: dict[str, str]
    tokens: dict[str, str]
    password: str


def prepared(database: Literal["sqlite", "postgresql"]) -> Deployment:
    """This run's prepared deployment on `database`, made by the first worker to ask."""
    folder = run_folder()
    made = folder / f"{database}.json"
    with FileLock(folder / f"{database}.lock"):
        if not made.exists():
            # Anew, whatever an earlier attempt that failed left.
            workdir = folder / database
            shutil.rmtree(workdir, ignore_errors=True)
            workdir.mkdir()
            overrides = {}
            if database == "postgresql":
                with psycopg.connect(POSTGRES_SERVER, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{template_name()}"')
                    admin.execute(f'CREATE DATABASE "{template_name()}"')
                overrides["DATABASE_URL"] = f"{POSTGRES_SERVER.rsplit('/', 1)[0]}/{template_name()}"
            env = production_env(workdir, **overrides)
            password = ledger.new_password()
            editors = {**EDITORS, "remote": {**EDITORS["remote"], "password": password}}
            tokens = prepare(env, editors)
            made.write_text(json.dumps({"env": env, "tokens": tokens, "password": password}))
    found = Deployment(**json.loads(made.read_text()))
    for token in found.tokens.values():
        ledger.remember_token(token)
    ledger.passwords.add(found.password)
    return found


def deploy(
    stack: ExitStack,
    workdir: Path,
    *,
    database: Database = "pass",
    cache: Cache = "pass",
    **overrides: str,
) -> Deployment:
    """
    A copy of the prepared deployment in `workdir`, on `database` with `cache` (each
    "pass" for this pass's); a PostgreSQL copy is dropped when `stack` closes. Skipped
    (or, in CI, failed) when a service it names is not reachable.
    """
    database = pass_database() if database == "pass" else database
    cache = pass_cache() if cache == "pass" else cache
    if database == "postgresql":
        require_postgresql()
    if cache == "redis":
        require_redis()
    source = prepared(database)
    workdir.mkdir(parents=True, exist_ok=True)
    backends = {"STATIC_ROOT": source.env["STATIC_ROOT"]}
    if database == "postgresql":
        url = stack.enter_context(scratch_database(POSTGRES_SERVER, "test", template_name()))
        backends["DATABASE_URL"] = url
    else:
        shutil.copy(Path(source.env["DATABASE_URL"].removeprefix("sqlite:///")), workdir)
    if cache == "redis":
        backends["REDIS_URL"] = REDIS_SERVER
    env = production_env(workdir, **backends, **overrides)
    return Deployment(env, dict(source.tokens), source.password)


def require_postgresql() -> None:
    try:
        psycopg.connect(POSTGRES_SERVER, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        service_missing(
            f"PostgreSQL is not reachable at {POSTGRES_SERVER} (TEST_POSTGRES_URL): {error}"
        )


def require_redis() -> None:
    try:
        redis.Redis.from_url(REDIS_SERVER, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        service_missing(f"Redis is not reachable at {REDIS_SERVER} (TEST_REDIS_URL): {error}")


def remove_run() -> None:
    """What the run prepared: its folder and its template database."""
    shutil.rmtree(run_folder(), ignore_errors=True)
    try:
        with psycopg.connect(POSTGRES_SERVER, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{template_name()}" WITH (FORCE)')
    except psycopg.OperationalError:
        pass  # no PostgreSQL here, so nothing was made on it
