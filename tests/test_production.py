"""
Production mode (DEBUG off), run as it would be deployed: settings checks,
and the docs served by gunicorn with static files collected.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
MANAGE = [sys.executable, str(BASE_DIR / "manage.py")]
ASSET = re.compile(r"""(?:src|href)=["'](/static/[^"']+)["']""")


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*MANAGE, *args], env=env, capture_output=True, text=True, check=False)


def test_deploy_checks_pass_in_production_mode(production_env):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_the_development_secret_key(production_env):
    del production_env["SECRET_KEY"]

    result = run_manage("check", env=production_env)

    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment when DEBUG is off." in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(production_env) -> Iterator[str]:
    """The app under gunicorn with DEBUG off, after migrate, load_content and collectstatic."""
    for command in (["migrate"], ["load_content"], ["collectstatic", "--noinput"]):
        result = run_manage(*command, "-v", "0", env=production_env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "healthapi.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        cwd=BASE_DIR,
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                assert server.poll() is None, "gunicorn exited"
                time.sleep(0.1)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url: str) -> tuple[int, str, bytes]:
    # Behind the TLS proxy that production runs behind; without it, Django redirects to HTTPS.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_and_their_assets_are_served_by_gunicorn(gunicorn, page):
    status, _, body = fetch(gunicorn + page)
    assets = ASSET.findall(body.decode())

    assert status == 200
    assert assets, "the page references no local assets"
    for asset in assets:
        status, _, content = fetch(gunicorn + asset)
        assert status == 200, asset
        assert content, asset


def test_the_api_answers_under_gunicorn(gunicorn):
    status, content_type, body = fetch(gunicorn + "/api/v1/causes/?symptom=weakness")

    assert status == 200
    assert content_type == "application/json"
    assert b'"count":4' in body
