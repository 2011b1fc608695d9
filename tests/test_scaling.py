"""
Several app instances share one database and one Redis: a write through one
instance is seen by the very next read through any other. Reads can go to
replicas, writes always go to the primary.
"""

import shutil
import sqlite3
from pathlib import Path

from bench.servers import gunicorn, manage, prepare, production_env
from tests.utils import NEW_SYMPTOM, quote, request

ALS_SPEECH_AND_SWALLOWING = [
    {
        "symptom": slug,
        "kind": "see_doctor_with",
        "strength": "important",
        "evidence": quote(
            "If you are experiencing muscle twitching along with other symptoms such as weakness "
            "or difficulty speaking or swallowing, it is important to see a doctor to rule out "
            "ALS.",
            "item 9",
        ),
    }
    for slug in ("difficulty-speaking", "difficulty-swallowing")
]


def test_a_write_through_one_instance_is_read_at_once_through_another(
    tmp_path: Path, postgres_url: str, redis_url: str
):
    env = production_env(tmp_path, DATABASE_URL=postgres_url, REDIS_URL=redis_url)
    prepare(env)
    token = manage("create_editor", "editor", env=env).stdout.strip()
    cause = "/api/v1/causes/als/"
    filtered = "/api/v1/causes/?symptom=weakness"

    with gunicorn(env, workers=2) as first, gunicorn(env, workers=2) as second:
        # Both instances have the old content in the shared cache.
        for server in (first, second, first, second):
            assert request(server + cause)[0] == 200
        _, old_headers, old = request(second + filtered)
        assert request(first + filtered)[0] == 200

        # ALS without its other name, and without weakness among its symptoms.
        changed = request(
            first + cause,
            "PATCH",
            {"alternative_names": [], "symptoms": ALS_SPEECH_AND_SWALLOWING},
            token=token,
        )
        _, headers, after = request(second + cause)
        _, _, after_filtered = request(second + filtered)
        revalidated = request(second + filtered, **{"If-None-Match": old_headers["ETag"]})

    assert changed[0] == 200
    assert after["also_known_as"] == ""
    assert after_filtered["count"] == old["count"] - 1
    assert "als" not in [cause["slug"] for cause in after_filtered["results"]]
    assert revalidated[0] == 200
    assert headers["ETag"] != old_headers["ETag"]


def test_reads_go_to_the_replica_and_writes_to_the_primary(tmp_path: Path):
    primary, replica = tmp_path / "primary", tmp_path / "replica"
    primary.mkdir()
    prepare(production_env(primary))
    token = manage("create_editor", "editor", env=production_env(primary)).stdout.strip()
    # The replica starts as a copy; only it then has this name, so a read that shows
    # the name was served by the replica.
    replica.mkdir()
    shutil.copy(primary / "db.sqlite3", replica / "db.sqlite3")
    with sqlite3.connect(replica / "db.sqlite3") as db:
        db.execute("UPDATE causes_symptom SET name = 'On the replica' WHERE slug = 'weakness'")
    env = production_env(
        primary,
        DATABASE_REPLICA_URLS=f"sqlite:///{replica / 'db.sqlite3'}",
        # Without the response cache, every read reaches a database.
        API_RESPONSE_CACHE="false",
    )

    with gunicorn(env) as server:
        read = request(f"{server}/api/v1/symptoms/weakness/")
        written = request(
            f"{server}/api/v1/symptoms/",
            "POST",
            {**NEW_SYMPTOM, "slug": "new-symptom"},
            token=token,
        )

    assert read[2]["name"] == "On the replica"
    assert written[0] == 201
    with sqlite3.connect(primary / "db.sqlite3") as db:
        query = "SELECT count(*) FROM causes_symptom WHERE slug = 'new-symptom'"
        assert db.execute(query).fetchone() == (1,)
