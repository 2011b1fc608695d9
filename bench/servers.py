"""
The app as it is deployed, for tests and the load test: production settings
(DEBUG off) on a database of its own, served by gunicorn on 127.0.0.1.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent


# The backends that a deployment is given explicitly, never inherited from the
# environment of the process that starts it.
BACKEND_VARIABLES = ("DATABASE_URL", "DATABASE_REPLICA_URLS", "REDIS_URL")


def production_env(workdir: Path, **overrides: str) -> dict[str, str]:
    """
    Production-mode settings with an SQLite database, the file cache and static files
    under `workdir`; other backends only as `overrides` name them.
    """
    inherited = {name: value for name, value in os.environ.items() if name not in BACKEND_VARIABLES}
    return {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "CACHE_DIR": str(workdir / "cache"),
        # A Redis given in the environment is shared; these keys are this server's own.
        "CACHE_KEY_PREFIX": secrets.token_hex(8),
        # Plain HTTP on loopback: there is no TLS proxy in front.
        "SECURE_SSL_REDIRECT": "false",
        **overrides,
    }


def manage(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result


def redis_from_environment() -> dict[str, str]:
    """REDIS_URL as this process's environment gives it, for a benchmark to pass on."""
    return {"REDIS_URL": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}


def prepare(
    env: dict[str, str], editors: dict[str, dict[str, str]] | None = None
) -> dict[str, str]:
    """
    Migrate, load the content and collect the static files, as a deployment does, and
    make `editors` (bench.deployment), in one process; the editors' tokens by username.
    """
    result = subprocess.run(
        [sys.executable, "-m", "bench.deployment", json.dumps(editors or {})],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the deployment failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    env: dict[str, str], *, workers: int = 1, threads: int = 1, app: str | None = None
) -> Iterator[str]:
    """
    Serve the app (or the WSGI application `app`, with the same gunicorn settings) until
    the block ends; yields its base URL.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--config", str(BASE_DIR / "gunicorn.conf.py")]
    if app is not None:
        command.append(app)
    server_env = {
        **env,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_ACCESS_LOG": "",
    }
    server = subprocess.Popen(
        command, cwd=BASE_DIR, env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def scratch_database(server: str, label: str, template: str = "") -> Iterator[str]:
    """
    A new database on the PostgreSQL server of URL `server`, dropped afterwards: empty,
    or a copy of the database named `template`.
    """
    name = f"healthapi_{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        try:
            yield f"{server.rsplit('/', 1)[0]}/{name}"
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextmanager
def database_url(label: str, workdir: Path) -> Iterator[str]:
    """A database of its own: on DATABASE_URL's PostgreSQL server if set, else SQLite in workdir."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        yield f"sqlite:///{workdir / 'db.sqlite3'}"
        return
    with scratch_database(server, label) as url:
        yield url
