"""
No token and no password is ever written to a log or sent in a response, other than
the one answer that shows a new token once. tests/conftest.py scans every log line
and every response of the whole suite for every token issued and every password set
(tests/ledger.py), and fails the test while which one was shown. This test walks
through each editor path itself and checks that the scan looked where a leak would be.
"""

from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from tests import ledger
from tests.utils import create_editor


def walk_every_editor_path(settings) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    password = ledger.new_password()
    reviewer = create_editor("leak-reviewer", role="reviewer")
    user = get_user_model().objects.get(username="leak-reviewer")
    user.set_password(password)
    user.save()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {reviewer}")
    made = api.post("/api/v1/auth/tokens/", {"name": "laptop"}, format="json").json()["token"]
    laptop = APIClient()
    laptop.credentials(HTTP_AUTHORIZATION=f"Token {made}")
    laptop.get("/api/v1/auth/tokens/")
    laptop.patch("/api/v1/causes/anxiety/", {"position": 99}, format="json")
    laptop.get("/api/v1/change-sets/?format=api", HTTP_ACCEPT="text/html")
    laptop.get("/api/v1/causes/anxiety/history/")
    laptop.delete(f"/api/v1/auth/tokens/{reviewer[:15]}/")
    api.get("/api/v1/auth/tokens/")  # a revoked token, refused
    browser = Client()
    browser.post("/admin/login/", {"username": "leak-reviewer", "password": password})
    browser.get("/admin/accounts/securityevent/")
    for _ in range(3):  # failed, then locked out
        wrong = ledger.new_password()
        Client().post("/admin/login/", {"username": "leak-reviewer", "password": wrong})
    laptop.post("/api/v1/auth/tokens/revoke-all/")
    laptop.get("/api/v1/auth/tokens/")


def test_no_token_or_password_appears_in_any_log_line_or_response(db, settings):
    before = dict(ledger.scanned)

    walk_every_editor_path(settings)

    assert ledger.tokens
    assert ledger.passwords
    scanned = {kind: ledger.scanned[kind] - before[kind] for kind in before}
    assert scanned["log lines"] > 0
    assert scanned["responses"] > 0
    # The scan saw tokens named where a leak would be (by their prefix, which is allowed).
    assert scanned["naming a token prefix"] > 0
    assert ledger.leaks == []
