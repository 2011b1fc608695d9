"""
Production mode (DEBUG off), run as it would be deployed: settings checks,
and the docs and the API served by gunicorn with static files collected.
"""

import re
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from bench.servers import gunicorn, manage, production_env
from tests import deployments

ASSET = re.compile(r"""(?:src|href)=["'](/static/[^"']+)["']""")


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return production_env(tmp_path)


def test_deploy_checks_pass_in_production_mode(env):
    env["SECURE_SSL_REDIRECT"] = "true"

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_the_development_secret_key(env):
    del env["SECRET_KEY"]

    result = manage("check", env=env, check=False)

    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment when DEBUG is off." in result.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """One server for the module's tests, which only read."""
    with ExitStack() as stack:
        deployment = deployments.deploy(stack, tmp_path_factory.mktemp("production"))
        yield stack.enter_context(gunicorn(deployment.env))


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read()


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_and_their_assets_are_served_by_gunicorn(server, page):
    status, _, body = fetch(server + page)
    assets = ASSET.findall(body.decode())

    assert status == 200
    assert assets, "the page references no local assets"
    for asset in assets:
        status, _, content = fetch(server + asset)
        assert status == 200, asset
        assert content, asset


def test_the_api_answers_under_gunicorn(server):
    status, content_type, body = fetch(server + "/api/v1/causes/?symptom=weakness")

    assert status == 200
    assert content_type == "application/json"
    assert b'"count":4' in body
