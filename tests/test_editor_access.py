"""
Editors' identity and access: hashed, expiring, revocable tokens (knox), locks on
failed sign-ins (django-axes), a throttle on failed tokens, the audit log and request
ids. Through HTTP, as an editor's client and an attacker would meet them.
"""

import hashlib
import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import EditorToken, SecurityEvent
from tests.ledger import new_password
from tests.utils import create_editor, formatted_as_configured, problem

TOKENS = "/api/v1/auth/tokens/"
LOGIN = "/admin/login/"


def client_with(token: str, address: str = "127.0.0.1") -> APIClient:
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


class ParsedLines(logging.Handler):
    def __init__(self, lines: list[dict]) -> None:
        super().__init__()
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        line = self.format(record)
        assert "\n" not in line
        self.lines.append(json.loads(line))


@pytest.fixture
def log_lines() -> Iterator[list[dict]]:
    """Every log line written meanwhile, formatted as configured, parsed back from JSON."""
    root = logging.getLogger()
    lines: list[dict] = []
    handler = formatted_as_configured(ParsedLines(lines))
    root.addHandler(handler)
    try:
        yield lines
    finally:
        root.removeHandler(handler)


def events(lines: list[dict], event: str) -> list[dict]:
    return [line for line in lines if line.get("event") == event]


# Tokens


def test_a_token_is_stored_only_as_its_digest_and_a_prefix(db):
    secret = create_editor("hashed")

    stored = EditorToken.objects.get(user__username="hashed")
    assert stored.token_key == secret[:15]
    assert stored.digest == hashlib.sha512(secret.encode()).hexdigest()
    columns = [str(value) for value in EditorToken.objects.values().get().values()]
    assert not any(secret in column for column in columns)


def test_plain_drf_tokens_are_gone_after_the_upgrade(db):
    assert "authtoken_token" not in connection.introspection.table_names()


def test_a_token_expires_after_token_ttl_hours(db, settings, log_lines):
    settings.REST_KNOX = {"TOKEN_TTL": timedelta(hours=2)}
    secret = create_editor("expiring")
    stored = EditorToken.objects.get(token_key=secret[:15])
    assert stored.expiry - stored.created == pytest.approx(timedelta(hours=2), abs=timedelta(1))
    client = client_with(secret)
    assert client.get(TOKENS).status_code == 200

    EditorToken.objects.filter(pk=stored.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    response = client.get(TOKENS)

    assert response.status_code == 401
    assert problem(response)["code"] == "authentication_failed"
    assert not EditorToken.objects.filter(pk=stored.pk).exists()
    assert [line["user"] for line in events(log_lines, "token_expired")] == ["expiring"]


def test_an_editor_makes_names_lists_and_revokes_tokens(db):
    first = create_editor("devices")
    client = client_with(first)

    made = client.post(TOKENS, {"name": "laptop"}, format="json")

    assert made.status_code == 201
    second = made.json()["token"]
    assert made.json()["prefix"] == second[:15]
    assert made.json()["name"] == "laptop"
    listed = client_with(second).get(TOKENS).json()["results"]
    assert [token["name"] for token in listed] == ["laptop", "create_editor"]
    assert [token["prefix"] for token in listed] == [second[:15], first[:15]]
    assert all("token" not in token for token in listed)
    assert listed[0]["last_used"] is not None

    revoked = client.delete(f"{TOKENS}{first[:15]}/")

    assert revoked.status_code == 204
    assert client.get(TOKENS).status_code == 401
    assert client_with(second).get(TOKENS).status_code == 200


def test_revoking_all_tokens_stops_every_one_at_once(db):
    first = create_editor("everywhere")
    second = create_editor("everywhere")

    assert client_with(first).post(f"{TOKENS}revoke-all/").status_code == 204

    assert client_with(first).get(TOKENS).status_code == 401
    assert client_with(second).get(TOKENS).status_code == 401


def test_an_editor_sees_and_revokes_only_their_own_tokens(db):
    mine, theirs = create_editor("mine"), create_editor("theirs")

    listed = client_with(mine).get(TOKENS).json()["results"]
    response = client_with(mine).delete(f"{TOKENS}{theirs[:15]}/")

    assert [token["prefix"] for token in listed] == [mine[:15]]
    assert response.status_code == 404
    assert client_with(theirs).get(TOKENS).status_code == 200


def test_tokens_are_for_editors(db):
    from accounts import tokens

    plain = get_user_model().objects.create_user("reader")
    _, secret = tokens.issue(plain, "script")

    anonymous = APIClient().get(TOKENS)
    not_an_editor = client_with(secret).post(TOKENS, {"name": "more"}, format="json")

    assert anonymous.status_code == 401
    assert not_an_editor.status_code == 403


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x" * 101}, {"name": 7}])
def test_a_token_needs_a_short_name(db, body):
    response = client_with(create_editor("naming")).post(TOKENS, body, format="json")

    assert response.status_code == 400
    assert [error["name"] for error in problem(response)["errors"]] == ["name"]


def test_an_editor_holds_at_most_max_tokens_per_editor(db, settings):
    settings.MAX_TOKENS_PER_EDITOR = 2
    client = client_with(create_editor("hoarder"))
    assert client.post(TOKENS, {"name": "second"}, format="json").status_code == 201

    response = client.post(TOKENS, {"name": "third"}, format="json")

    assert response.status_code == 400
    assert "revoke one first" in problem(response)["detail"]


def test_create_editor_prints_a_new_token_each_time(db):
    first, second = create_editor("twice"), create_editor("twice")

    assert first != second
    assert client_with(first).get(TOKENS).status_code == 200
    assert client_with(second).get(TOKENS).status_code == 200


def test_revoke_tokens_revokes_by_name_or_all(db):
    kept = create_editor("scripted")
    out = io.StringIO()
    call_command("create_editor", "scripted", token_name="ci", stdout=out, stderr=io.StringIO())
    ci = out.getvalue().strip()

    call_command("revoke_tokens", "scripted", name="ci", stdout=io.StringIO())
    assert client_with(ci).get(TOKENS).status_code == 401
    assert client_with(kept).get(TOKENS).status_code == 200

    call_command("revoke_tokens", "scripted", stdout=io.StringIO())
    assert client_with(kept).get(TOKENS).status_code == 401
    with pytest.raises(CommandError, match="No user"):
        call_command("revoke_tokens", "nobody", stdout=io.StringIO())


# Guessing is slow


def test_failed_tokens_are_throttled_per_client_address(db, settings, stopped_throttle_clock):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "failed_authentication": "3/minute"},
    }
    valid = create_editor("guessed")
    for guess in range(3):
        assert client_with(f"{guess:064x}").get(TOKENS).status_code == 401

    refused = client_with(f"{4:064x}").get(TOKENS)
    valid_from_there = client_with(valid).get(TOKENS)
    valid_from_elsewhere = client_with(valid, address="10.0.0.9").get(TOKENS)

    assert refused.status_code == 429
    assert problem(refused)["code"] == "throttled"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert valid_from_there.status_code == 429
    assert valid_from_elsewhere.status_code == 200
    # Anonymous reads from that address are not affected: they send no token.
    assert APIClient().get("/api/v1/causes/").status_code == 200


def test_writes_without_credentials_count_as_failed_authentications(
    db, settings, stopped_throttle_clock
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "failed_authentication": "3/minute"},
    }
    anonymous = APIClient()
    statuses = [
        anonymous.post("/api/v1/symptoms/", {}, format="json").status_code for _ in range(5)
    ]

    assert statuses == [401, 401, 401, 429, 429]
    # The refusals past the rate are not logged one by one: the audit log cannot be flooded.
    assert SecurityEvent.objects.filter(event="write_refused").count() == 3
    assert anonymous.get("/api/v1/causes/").status_code == 200


def test_behind_proxies_failed_tokens_count_against_the_forwarded_address(
    db, settings, stopped_throttle_clock
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": 1,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "failed_authentication": "2/minute"},
    }
    guesser = client_with("0" * 64)
    for _ in range(2):
        guesser.get(TOKENS, HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert guesser.get(TOKENS, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert guesser.get(TOKENS, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 401


def test_a_token_that_is_not_utf8_is_a_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token caf\xe9")

    assert client.get(TOKENS).status_code == 401


def editor_with_password(username: str) -> str:
    password = new_password()
    create_editor(username)
    user = get_user_model().objects.get(username=username)
    user.set_password(password)
    user.save()
    return password


def sign_in(username: str, password: str, address: str) -> int:
    response = Client(REMOTE_ADDR=address).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )
    return response.status_code


def test_failed_sign_ins_lock_the_account_and_the_address(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    password = editor_with_password("target")
    other_password = editor_with_password("bystander")
    for _ in range(2):
        assert sign_in("target", "wrong", "10.0.0.1") == 200  # the form again, with an error
    assert sign_in("target", "wrong", "10.0.0.1") == 429  # the third failure locks

    assert sign_in("target", password, "10.0.0.1") == 429
    # The account, from every address; the address, for every account.
    assert sign_in("target", password, "10.0.0.2") == 429
    assert sign_in("bystander", other_password, "10.0.0.1") == 429
    assert sign_in("bystander", other_password, "10.0.0.3") == 302


def test_a_lock_ends_after_the_cool_off_time(db, settings):
    settings.AXES_FAILURE_LIMIT = 2
    password = editor_with_password("patient")
    for _ in range(2):
        sign_in("patient", "wrong", "10.0.0.1")
    assert sign_in("patient", password, "10.0.0.1") == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)

    assert sign_in("patient", password, "10.0.0.1") == 302


def test_an_admin_lifts_a_lock(db, settings, admin_user):
    settings.AXES_FAILURE_LIMIT = 2
    password = editor_with_password("forgetful")
    for _ in range(2):
        sign_in("forgetful", "wrong", "10.0.0.1")
    assert sign_in("forgetful", password, "10.0.0.1") == 429
    admin = Client()
    admin.force_login(admin_user)
    listed = admin.get("/admin/axes/accessattempt/")
    assert listed.status_code == 200
    assert b"forgetful" in listed.content

    admin.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    assert not AccessAttempt.objects.exists()
    assert sign_in("forgetful", password, "10.0.0.1") == 302


# The audit log

LINE_KEYS = {"time", "level", "logger", "message", "request_id", "event", "user", "address"}


def test_each_security_event_is_one_json_line_with_who_where_and_which_request(
    db, settings, log_lines
):
    settings.AXES_FAILURE_LIMIT = 2
    password = editor_with_password("audited")
    answers = []
    anonymous = APIClient(REMOTE_ADDR="192.0.2.1")
    answers.append(anonymous.post("/api/v1/symptoms/", {}, format="json"))  # write refused
    answers.append(client_with("f" * 64, "192.0.2.2").get(TOKENS))  # token refused
    first = create_editor("audited")  # token created
    answers.append(client_with(first, "192.0.2.3").get(TOKENS))  # first use
    answers.append(client_with(first, "192.0.2.3").post("/api/v1/change-sets/1/publish/"))
    answers.append(client_with(first, "192.0.2.3").delete(f"{TOKENS}{first[:15]}/"))  # revoked
    assert sign_in("audited", password, "192.0.2.4") == 302  # login
    for _ in range(2):
        sign_in("audited", "wrong", "192.0.2.5")  # failed, then locked out

    audit = [line for line in log_lines if line.get("logger") == "healthapi.audit"]
    assert all(set(line) >= LINE_KEYS for line in audit)
    by_event: dict[str, dict] = {}
    for line in audit:
        by_event.setdefault(line["event"], line)
    assert {
        "write_refused",
        "token_refused",
        "token_created",
        "token_first_used",
        "token_revoked",
        "login",
        "login_failed",
        "lockout",
    } <= set(by_event)
    assert by_event["write_refused"]["address"] == "192.0.2.1"
    assert by_event["write_refused"]["request_id"] == answers[0]["X-Request-ID"]
    assert by_event["token_refused"]["request_id"] == answers[1]["X-Request-ID"]
    assert by_event["token_first_used"]["user"] == "audited"
    assert by_event["token_first_used"]["token"] == first[:15]
    assert by_event["token_revoked"]["request_id"] == answers[4]["X-Request-ID"]
    assert by_event["login"]["address"] == "192.0.2.4"
    assert by_event["lockout"]["user"] == "audited"
    assert [line["status"] for line in events(audit, "write_refused")] == [401, 403]
    assert set(SecurityEvent.objects.values_list("event", flat=True)) >= set(by_event)


def test_deleting_tokens_in_the_admin_revokes_them(db, admin_user, log_lines):
    secret = create_editor("admin-revoked")
    admin = Client()
    admin.force_login(admin_user)

    admin.post(
        "/admin/accounts/editortoken/",
        {
            "action": "delete_selected",
            "_selected_action": [EditorToken.objects.get(token_key=secret[:15]).pk],
            "post": "yes",
        },
    )

    assert client_with(secret).get(TOKENS).status_code == 401
    revoked = events(log_lines, "token_revoked")
    assert [(line["token"], line["by"]) for line in revoked] == [(secret[:15], "admin")]


def test_the_admin_lists_security_events(db, admin_user):
    create_editor("listed")
    client_with("e" * 64).get(TOKENS)
    admin = Client()
    admin.force_login(admin_user)

    listed = admin.get("/admin/accounts/securityevent/")
    refused = admin.get("/admin/accounts/securityevent/?event__exact=token_refused")

    assert listed.status_code == 200
    shown = [(event.event, event.user) for event in listed.context["cl"].result_list]
    assert ("token_created", "listed") in shown
    assert refused.status_code == 200
    assert {event.event for event in refused.context["cl"].result_list} == {"token_refused"}


def test_the_audit_log_takes_the_address_behind_num_proxies(db, settings, log_lines):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    APIClient().post(
        "/api/v1/symptoms/", {}, format="json", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )

    assert SecurityEvent.objects.get(event="write_refused").address == "198.51.100.7"


# Request ids


def test_every_answer_has_a_request_id_of_its_own(db):
    client = APIClient()
    answers = [
        client.get("/api/v1/causes/als/"),
        client.get("/api/v1/causes/als/"),  # from the response cache
        client.get("/api/v1/causes/als/", HTTP_IF_NONE_MATCH="*"),  # a 304
        client.get("/api/v1/causes/no-such-cause/"),  # a problem document
        client.get("/no-such-page"),  # Django's own 404
    ]

    ids = [answer["X-Request-ID"] for answer in answers]
    assert len(set(ids)) == len(ids)
    assert [answer.status_code for answer in answers] == [200, 200, 304, 404, 404]
    assert problem(answers[3])["request_id"] == ids[3]
    assert problem(answers[4])["request_id"] == ids[4]


def test_a_request_id_sent_by_a_client_is_not_taken(db):
    response = APIClient().get("/api/v1/causes/", HTTP_X_REQUEST_ID="chosen-by-the-client")

    assert response["X-Request-ID"] != "chosen-by-the-client"


@pytest.mark.parametrize(
    ("sent", "taken"),
    [("edge-7f3a.42", True), ("x" * 129, False), ("two words", False), ('a"}{', False)],
)
def test_a_trusted_proxys_request_id_is_taken_if_it_is_a_plain_token(db, settings, sent, taken):
    settings.REQUEST_ID_FROM_PROXY = True

    response = APIClient().get("/api/v1/causes/no-such-cause/", HTTP_X_REQUEST_ID=sent)

    assert (response["X-Request-ID"] == sent) is taken
    assert problem(response)["request_id"] == response["X-Request-ID"]


def test_every_log_line_of_a_request_has_its_id(db, log_lines):
    response = client_with("d" * 64).post("/api/v1/symptoms/", {}, format="json")

    assert response.status_code == 401
    loggers = {line["logger"] for line in log_lines}
    assert {"healthapi.audit", "django.request"} <= loggers
    assert {line["request_id"] for line in log_lines} == {response["X-Request-ID"]}


def test_frontends_can_read_the_request_id(db):
    response = APIClient().get("/api/v1/causes/", HTTP_ORIGIN="https://app.example")

    assert "X-Request-ID" in response["Access-Control-Expose-Headers"]
