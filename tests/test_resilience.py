"""
The API under gunicorn, as deployed, when things go wrong: the database is
unreachable, editors write while readers read, clients exceed the rate.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.servers import gunicorn, manage, prepare, production_env
from tests.utils import NEW_SYMPTOM, quote, request, within_one_clock_hour


def test_unreachable_database_is_a_503_until_it_is_back_without_a_restart(tmp_path: Path):
    database = tmp_path / "not-yet" / "db.sqlite3"  # a folder that does not exist yet
    env = production_env(tmp_path, DATABASE_URL=f"sqlite:///{database}")
    manage("collectstatic", "--noinput", "-v", "0", env=env)

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

        database.parent.mkdir()
        manage("migrate", "-v", "0", env=env)
        manage("load_content", "-v", "0", env=env)

        assert request(f"{server}/api/v1/causes/")[0] == 200
        assert request(f"{server}/healthz/ready")[0] == 200


@pytest.fixture
def deployed(tmp_path: Path) -> dict[str, str]:
    env = production_env(tmp_path)
    prepare(env)
    return env


def test_anonymous_rate_is_counted_across_all_workers(deployed):
    # Per hour, in one clock hour: the limit counts per window of the clock.
    deployed["THROTTLE_ANON_RATE"] = "5/hour"
    within_one_clock_hour(120)

    with gunicorn(deployed, workers=2) as server:
        # Each a different page size, so that none is a cached read (those are not counted).
        statuses = [request(f"{server}/api/v1/symptoms/?page_size={n}")[0] for n in range(1, 11)]

    # Per-process counters would let each of the two workers serve five.
    assert statuses == [200] * 5 + [429] * 5


@pytest.fixture(params=["files", "redis"])
def shared_cache(request, deployed) -> dict[str, str]:
    """The deployment with each of the shared caches that the rate limit counts in."""
    if request.param == "redis":
        deployed["REDIS_URL"] = request.getfixturevalue("redis_url")
    return deployed


def test_concurrent_requests_are_counted_exactly_across_workers(shared_cache):
    """Counting with a list of timestamps, read and written back, lost some of these."""
    deployed = shared_cache
    deployed.update(THROTTLE_ANON_RATE="20/hour", API_RESPONSE_CACHE="false")
    within_one_clock_hour(15)

    with gunicorn(deployed, workers=2, threads=4) as server:
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


def test_reads_never_fail_while_editors_write_and_reviewers_publish(deployed):
    authors = [
        manage("create_editor", f"author-{n}", env=deployed).stdout.strip() for n in range(3)
    ]
    reviewer = manage("create_editor", "reviewer", "--role", "reviewer", env=deployed)
    reviewer_token = reviewer.stdout.strip()
    deadline = time.monotonic() + 5

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

        n = 0
        while time.monotonic() < deadline:
            slug = f"symptom-{worker}-{n}"
            n += 1
            # Changing links reads and then writes in one transaction: the case that
            # fails with "database is locked" when SQLite transactions start deferred.
            links = {"symptoms": ANXIETY_SYMPTOMS[: 1 + n % 2]}
            publish([("POST", symptoms, {**NEW_SYMPTOM, "slug": slug}), ("PATCH", cause, links)])
            publish([("DELETE", f"{symptoms}{slug}/", None)])
        return statuses

    def read(url: str) -> list[int]:
        statuses = []
        while time.monotonic() < deadline:
            statuses.append(request(url)[0])
        return statuses

    with gunicorn(deployed, workers=2, threads=4) as server:
        symptoms = f"{server}/api/v1/symptoms/"
        cause = f"{server}/api/v1/causes/anxiety/"
        readers = [f"{server}/api/v1/causes/?symptom=weakness", symptoms, cause] * 2
        with ThreadPoolExecutor(len(readers) + 3) as pool:
            writes = [pool.submit(write, worker) for worker in range(3)]
            reads = [pool.submit(read, url) for url in readers]
            write_statuses = [status for future in writes for status in future.result()]
            read_statuses = [status for future in reads for status in future.result()]

    assert write_statuses
    assert read_statuses
    assert {200, 201, 202} <= set(write_statuses)
    # A 404: the deletion of a symptom whose change set was discarded.
    assert set(write_statuses) <= {200, 201, 202, 204, 404, 409}, sorted(set(write_statuses))
    assert set(read_statuses) == {200}
