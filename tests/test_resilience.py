"""
The API under gunicorn, as deployed, when things go wrong: the database is
unreachable, editors write while readers read, clients exceed the rate.
"""

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from bench.servers import gunicorn
from tests import deployments
from tests.deployments import APP_WITH_CLOCK, MID_HOUR
from tests.utils import NEW_SYMPTOM, quote, request


def test_unreachable_database_is_a_503_until_it_is_back_without_a_restart(deploy, tmp_path: Path):
    deployment = deploy()
    if deployments.pass_database() == "postgresql":
        # A database that does not exist yet on the server, made later from the prepared one.
        missing = deployment.env["DATABASE_URL"] + "_not_yet"
        name = missing.rsplit("/", 1)[1]

        def bring_back() -> None:
            with psycopg.connect(deployments.POSTGRES_SERVER, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{deployments.template_name()}"')

        def drop() -> None:
            with psycopg.connect(deployments.POSTGRES_SERVER, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    else:
        database = tmp_path / "not-yet" / "db.sqlite3"  # a folder that does not exist yet
        missing = f"sqlite:///{database}"

        def bring_back() -> None:
            database.parent.mkdir()
            shutil.copy(tmp_path / "app" / "db.sqlite3", database)

        def drop() -> None:
            pass

    env = {**deployment.env, "DATABASE_URL": missing}

    with gunicorn(env) as server:
        status, headers, body = request(f"{server}/api/v1/causes/")
        ready, _, _ = request(f"{server}/healthz/ready")
        alive, _, _ = request(f"{server}/healthz")
        # Outside the API's views: the admin looks the session up in the database.
        admin, _, admin_body = request(f"{server}/admin/", Cookie=f"sessionid={'a' * 32}")

        assert status == 503
        assert headers["Content-Type"] == "application/problem+json"
        assert int(headers["Retry-After"]) > 0
        assert body["code"] == "service_unavailable"
        assert (ready, alive) == (503, 200)
        assert admin == 503
        assert admin_body["code"] == "service_unavailable"

        try:
            bring_back()

            assert request(f"{server}/api/v1/causes/")[0] == 200
            assert request(f"{server}/healthz/ready")[0] == 200
        finally:
            drop()


def test_anonymous_rate_is_counted_across_all_workers(deploy):
    env = deploy(THROTTLE_ANON_RATE="5/hour", THROTTLE_CLOCK=MID_HOUR).env

    with gunicorn(env, workers=2, app=APP_WITH_CLOCK) as server:
        # Each a different page size, so that none is a cached read (those are not counted).
        statuses = [request(f"{server}/api/v1/symptoms/?page_size={n}")[0] for n in range(1, 11)]

    # Per-process counters would let each of the two workers serve five.
    assert statuses == [200] * 5 + [429] * 5


@pytest.mark.parametrize("cache", ["files", "redis"])
def test_concurrent_requests_are_counted_exactly_across_workers(deploy, cache):
    """Counting with a list of timestamps, read and written back, lost some of these."""
    env = deploy(
        cache=cache,
        THROTTLE_ANON_RATE="20/hour",
        API_RESPONSE_CACHE="false",
        THROTTLE_CLOCK=MID_HOUR,
    ).env

    with gunicorn(env, workers=2, threads=4, app=APP_WITH_CLOCK) as server:
        urls = [f"{server}/api/v1/symptoms/?page_size={n % 50 + 1}" for n in range(60)]
        with ThreadPoolExecutor(16) as pool:
            statuses = [status for status, _, _ in pool.map(request, urls)]

    assert (statuses.count(200), statuses.count(429)) == (20, 40)


# Anxiety's symptoms, as item 4 names them.
ANXIETY_SYMPTOMS = [
    {
        "symptom": slug,
        "kind": "produces",
        "strength": "may_be_helpful",
        "evidence": quote(
            "If you are experiencing muscle twitching along with other symptoms of anxiety, such "
            "as racing thoughts or a rapid heartbeat, it may be helpful to seek treatment for "
            "your anxiety.",
            "item 4",
        ),
    }
    for slug in ("racing-thoughts", "rapid-heartbeat")
]


# Rounds of each author's writes while the readers read: a bounded count of requests,
# not a length of time (`make loadtest` is the soak).
WRITE_ROUNDS = 4
# Three names that NEW_SYMPTOM's quote holds, one for each author's new symptom.
NAMES_IN_THE_QUOTE = [
    "Muscles contracting involuntarily",
    "Muscles contracting",
    "Contracting involuntarily",
]


def test_reads_never_fail_while_editors_write_and_reviewers_publish(deploy):
    deployment = deploy()
    authors = [deployment.tokens[name] for name in deployments.AUTHORS]
    reviewer_token = deployment.tokens["reviewer"]
    written = threading.Event()

    def write(worker: int) -> list[int]:
        token = authors[worker]
        statuses: list[int] = []

        def publish(drafts: list[tuple[str, str, dict | None]]) -> None:
            status, _, change_set = request(f"{server}/api/v1/change-sets/", "POST", {}, token)
            statuses.append(status)
            drafted = [
                request(f"{url}?change_set={change_set['id']}", method, body, token)[0]
                for method, url, body in drafts
            ]
            statuses.extend(drafted)
            change_set_url = f"{server}/api/v1/change-sets/{change_set['id']}/"
            # Two authors' drafts of anxiety conflict: the later publication is a 409,
            # and its author discards the change set (as one whose symptom was never
            # published, so that its deletion was a 404).
            if set(drafted) == {202}:
                status = request(f"{change_set_url}publish/", "POST", {}, reviewer_token)[0]
                statuses.append(status)
                if status == 200:
                    return
            statuses.append(request(change_set_url, "DELETE", token=token)[0])

        for n in range(1, WRITE_ROUNDS + 1):
            slug = f"symptom-{worker}-{n}"
            # Changing links reads and then writes in one transaction: the case that
            # fails with "database is locked" when SQLite transactions start deferred.
            links = {"symptoms": ANXIETY_SYMPTOMS[: 1 + n % 2]}
            # Names of their own: two symptoms cannot share one.
            new = {**NEW_SYMPTOM, "slug": slug, "name": NAMES_IN_THE_QUOTE[worker]}
            publish([("POST", symptoms, new), ("PATCH", cause, links)])
            publish([("DELETE", f"{symptoms}{slug}/", None)])
        return statuses

    def read(url: str) -> list[int]:
        statuses = [request(url)[0]]
        while not written.is_set():
            statuses.append(request(url)[0])
        return statuses

    with gunicorn(deployment.env, workers=2, threads=4) as server:
        symptoms = f"{server}/api/v1/symptoms/"
        cause = f"{server}/api/v1/causes/anxiety/"
        readers = [f"{server}/api/v1/causes/?symptom=weakness", symptoms, cause] * 2
        with ThreadPoolExecutor(len(readers) + 3) as pool:
            writes = [pool.submit(write, worker) for worker in range(3)]
            reads = [pool.submit(read, url) for url in readers]
            try:
                write_statuses = [status for future in writes for status in future.result()]
            finally:
                written.set()
            read_statuses = [status for future in reads for status in future.result()]

    assert write_statuses
    assert read_statuses
    assert {200, 201, 202} <= set(write_statuses)
    # A 404: the deletion of a symptom whose change set was discarded.
    assert set(write_statuses) <= {200, 201, 202, 204, 404, 409}, sorted(set(write_statuses))
    assert set(read_statuses) == {200}
