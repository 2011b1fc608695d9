"""
Several app instances share one database and one Redis: a write through one
instance is seen by the very next read through any other. Reads can go to
replicas, writes always go to the primary.
"""

import re
import secrets
import shutil
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.servers import gunicorn
from tests import ledger
from tests.deployments import APP_WITH_CLOCK, MID_HOUR
from tests.utils import NEW_SYMPTOM, quote, request, without_updated_at

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


def shared_services_with_editors(deploy) -> tuple[dict[str, str], str, str]:
    """Production settings on PostgreSQL and Redis with the content, and two editors' tokens."""
    deployment = deploy(database="postgresql", cache="redis")
    return deployment.env, deployment.tokens["author"], deployment.tokens["reviewer"]


def test_a_change_is_drafted_reviewed_published_recorded_and_restored_across_instances(deploy):
    env, author, reviewer = shared_services_with_editors(deploy)
    cause = "/api/v1/causes/als/"
    filtered = "/api/v1/causes/?symptom=weakness"

    with gunicorn(env, workers=2) as first, gunicorn(env, workers=2) as second:
        # Both instances have the old content in the shared cache.
        for server in (first, second, first, second):
            assert request(server + cause)[0] == 200
        # Bodies and ETags differ by host (links are absolute): compare each instance with itself.
        old = {server: request(server + cause) for server in (first, second)}
        _, old_filtered_headers, old_filtered = request(second + filtered)
        feed_before = request(second + "/api/v1/changes/")[2]["results"]

        # ALS without its other name (so without the code whose title is that name), and
        # without weakness among its symptoms.
        drafted = request(
            first + cause,
            "PATCH",
            {"alternative_names": [], "codes": [], "symptoms": ALS_SPEECH_AND_SWALLOWING},
            token=author,
            **{"If-Match": old[first][1]["ETag"]},
        )
        assert drafted[0] == 202, drafted
        change_set = f"/api/v1/change-sets/{drafted[2]['change_set']}/"
        while_drafted = {server: request(server + cause) for server in (first, second)}
        filtered_while_drafted = request(second + filtered)
        preview = request(f"{second}{cause}?preview=true", token=author)
        by_author = request(f"{first}{change_set}publish/", "POST", {}, author)
        by_reviewer = request(
            f"{first}{change_set}publish/",
            "POST",
            {"review_note": "Checked against item 9."},
            reviewer,
        )
        _, headers, after = request(second + cause)
        _, _, after_filtered = request(second + filtered)
        revalidated = request(second + filtered, **{"If-None-Match": old_filtered_headers["ETag"]})
        history = request(f"{second}{cause}history/", token=author)[2]
        feed = request(second + "/api/v1/changes/")[2]["results"]

        loaded_version = history[-1]["version"]
        restore = request(f"{second}{cause}restore/", "POST", {"version": loaded_version}, author)
        restore_set = f"/api/v1/change-sets/{restore[2]['change_set']}/"
        restored = request(f"{second}{restore_set}publish/", "POST", {}, reviewer)
        _, _, after_restore = request(first + cause)
        servers = (first, second)

    assert drafted[0] == 202
    for server in servers:
        status, drafted_headers, body = while_drafted[server]
        assert (status, drafted_headers["ETag"], body) == (
            200,
            old[server][1]["ETag"],
            old[server][2],
        )
    assert filtered_while_drafted[2] == old_filtered
    assert preview[2]["also_known_as"] == ""
    assert by_author[0] == 403
    assert by_reviewer[0] == 200
    assert after["also_known_as"] == ""
    assert after_filtered["count"] == old_filtered["count"] - 1
    assert "als" not in [cause["slug"] for cause in after_filtered["results"]]
    assert revalidated[0] == 200
    assert headers["ETag"] != old[second][1]["ETag"]
    newest = history[0]
    assert (newest["published_by"], newest["authors"]) == ("reviewer", ["author"])
    assert newest["comment"] == "Checked against item 9."
    assert newest["change_set"] == drafted[2]["change_set"]
    assert newest["changes"]["fields"]["alternative_names"]["after"] == []
    assert newest["changes"]["fields"]["codes"]["before"][0]["code"] == "G12.21"
    assert "weakness" in newest["changes"]["links"]["symptom_links"]["removed"]
    new_entries = feed[len(feed_before) :]
    assert {"resource": "causes", "slug": "als", "action": "updated"} in [
        {key: change[key] for key in ("resource", "slug", "action")} for change in new_entries
    ]
    assert restored[0] == 200
    assert without_updated_at(after_restore) == without_updated_at(old[first][2])


def test_every_instance_recognises_a_lay_term_once_it_is_published(deploy):
    env, author, reviewer = shared_services_with_editors(deploy)

    def snoring_seen_by_each(servers: tuple[str, ...]) -> list[list[str]]:
        # Texts that differ, so that none is answered from the response cache: each of
        # the requests runs the recognition of whichever worker takes it.
        texts = [f"I am sawing logs all night, {n} nights now" for n in range(4)]
        return [
            [
                found["slug"]
                for found in request(
                    f"{server}/api/v1/recognize/?{urllib.parse.urlencode({'text': text})}"
                )[2]["symptoms"]
            ]
            for server in servers
            for text in texts
        ]

    with gunicorn(env, workers=2) as first, gunicorn(env, workers=2) as second:
        before = snoring_seen_by_each((first, second))  # every worker builds its vocabulary
        drafted = request(
            first + "/api/v1/symptoms/snoring/", "PATCH", {"lay_terms": ["sawing logs"]}, author
        )
        while_drafted = snoring_seen_by_each((first, second))
        published = request(
            f"{second}/api/v1/change-sets/{drafted[2]['change_set']}/publish/",
            "POST",
            {},
            reviewer,
        )
        after = snoring_seen_by_each((second, first))

    assert drafted[0] == 202
    assert published[0] == 200
    assert before == while_drafted == [[]] * 8
    assert after == [["snoring"]] * 8


def test_a_deleted_cause_is_restored_with_its_examples_and_links_across_instances(deploy):
    env, author, reviewer = shared_services_with_editors(deploy)
    cause = "/api/v1/causes/certain-medications/"
    tip = "/api/v1/lifestyle-tips/"

    with gunicorn(env, workers=2) as first, gunicorn(env, workers=2) as second:
        _, _, old = request(second + cause)
        deleted = request(second + cause, "DELETE", token=author)
        change_set = f"/api/v1/change-sets/{deleted[2]['change_set']}/"
        assert request(f"{first}{change_set}publish/", "POST", {}, reviewer)[0] == 200
        gone = request(second + cause)
        feed = request(first + "/api/v1/changes/?limit=1000")[2]["results"]

        history = request(f"{first}{cause}history/", token=reviewer)[2]
        restore = request(
            f"{first}{cause}restore/", "POST", {"version": history[0]["version"]}, author
        )
        change_set = f"/api/v1/change-sets/{restore[2]['change_set']}/"
        assert request(f"{second}{change_set}publish/", "POST", {}, reviewer)[0] == 200
        _, _, back = request(second + cause)
        tips = request(first + tip)[2]

    assert gone[0] == 404
    assert ("causes", "certain-medications", "deleted") in [
        (change["resource"], change["slug"], change["action"]) for change in feed
    ]
    assert restore[0] == 202
    assert without_updated_at(back) == without_updated_at(old)
    assert [example["name"] for example in back["examples"]] == ["Corticosteroids", "Diuretics"]
    assert tips["count"] >= 1


def test_reads_go_to_the_replica_and_writes_to_the_primary(deploy, tmp_path: Path):
    primary, replica = tmp_path / "primary", tmp_path / "replica"
    # The replica starts as a copy; only it then has this name, so a read that shows
    # the name was served by the replica.
    replica.mkdir()
    deployment = deploy(
        "primary",
        database="sqlite",
        DATABASE_REPLICA_URLS=f"sqlite:///{replica / 'db.sqlite3'}",
        # Without the response cache, every read reaches a database.
        API_RESPONSE_CACHE="false",
    )
    env, token, reviewer = (
        deployment.env,
        deployment.tokens["author"],
        deployment.tokens["reviewer"],
    )
    shutil.copy(primary / "db.sqlite3", replica / "db.sqlite3")
    with sqlite3.connect(replica / "db.sqlite3") as db:
        db.execute("UPDATE causes_symptom SET name = 'On the replica' WHERE slug = 'weakness'")

    with gunicorn(env) as server:
        read = request(f"{server}/api/v1/symptoms/weakness/")
        written = request(
            f"{server}/api/v1/symptoms/",
            "POST",
            {**NEW_SYMPTOM, "slug": "new-symptom"},
            token=token,
        )
        publication = f"{server}/api/v1/change-sets/{written[2]['change_set']}/publish/"
        published = request(publication, "POST", {}, reviewer)

    assert read[2]["name"] == "On the replica"
    assert (written[0], published[0]) == (202, 200)
    with sqlite3.connect(primary / "db.sqlite3") as db:
        query = "SELECT count(*) FROM causes_symptom WHERE slug = 'new-symptom'"
        assert db.execute(query).fetchone() == (1,)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(server: str, username: str, password: str) -> int:
    """The status of a sign-in to the admin: 302 in, 200 the form again, 429 locked."""
    with urllib.request.urlopen(f"{server}/admin/login/", timeout=30) as page:
        cookies = "; ".join(page.headers.get_all("Set-Cookie"))
        form = page.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookies)[1]
    csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    body = {"csrfmiddlewaretoken": csrf_token, "username": username, "password": password}
    attempt = urllib.request.Request(
        f"{server}/admin/login/",
        data=urllib.parse.urlencode(body).encode(),
        headers={"Cookie": f"csrftoken={csrf_cookie}"},
    )
    try:
        with urllib.request.build_opener(_NoRedirects).open(attempt, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_locks_throttles_and_revocations_hold_on_every_instance(deploy):
    deployment = deploy(
        database="postgresql",
        cache="redis",
        AXES_FAILURE_LIMIT="3",
        FAILED_AUTHENTICATION_RATE="3/minute",
        THROTTLE_CLOCK=MID_HOUR,
    )
    # `remote` can sign in to the admin with this password.
    env, token, password = deployment.env, deployment.tokens["remote"], deployment.password
    tokens = "/api/v1/auth/tokens/"

    with (
        gunicorn(env, app=APP_WITH_CLOCK) as first,
        gunicorn(env, app=APP_WITH_CLOCK) as second,
    ):
        # A token made through one instance works through the other; revoked there, here too.
        made = request(first + tokens, "POST", {"name": "laptop"}, token)[2]["token"]
        ledger.remember_token(made)
        assert request(second + tokens, token=made)[0] == 200
        assert request(second + f"{tokens}{made[:15]}/", "DELETE", token=token)[0] == 204
        assert request(first + tokens, token=made)[0] == 401

        # Failed sign-ins through one instance lock the account on the other.
        assert [sign_in(first, "remote", secrets.token_hex(8)) for _ in range(3)] == [
            200,
            200,
            429,
        ]
        assert sign_in(second, "remote", password) == 429

        # Failed tokens through one instance count on the other (the counter is in Redis).
        for _ in range(2):  # one failure was the revoked token above
            assert request(first + tokens, token=secrets.token_hex(32))[0] == 401
        status, headers, body = request(second + tokens, token=token)
        assert status == 429
        assert body["code"] == "throttled"
        assert int(headers["Retry-After"]) >= 1
