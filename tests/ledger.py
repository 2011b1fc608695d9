"""
What the suite must never show: every API token made and every password used, and
each place where one was shown. tests/conftest.py feeds it from every log line and
every response of the suite; tests/test_no_secret_leaks.py reads it after all other
tests.
"""

import re
import secrets as random
from collections import deque

# A token's secret: knox makes 64 hexadecimal characters.
TOKEN = re.compile(r"[0-9a-f]{64}")

tokens: set[str] = set()
recent_tokens: deque[str] = deque(maxlen=20)
passwords: set[str] = set()
# Where a secret was found: (what was scanned, the first characters of the secret).
leaks: list[tuple[str, str]] = []
# How many log lines and responses were scanned, and how many of them named a token by
# its prefix (which is not secret): evidence that the scan looked where a leak would be.
scanned = {"log lines": 0, "responses": 0, "naming a token prefix": 0}


def new_password() -> str:
    """A password for a test editor, remembered so that the scan looks for it."""
    password = random.token_urlsafe(18)
    passwords.add(password)
    return password


def scan(where: str, text: str) -> None:
    kind = "log lines" if where.startswith("log") else "responses"
    scanned[kind] += 1
    for candidate in TOKEN.findall(text):
        if candidate in tokens:
            leaks.append((where, candidate[:8]))
    for password in passwords:
        if password in text:
            leaks.append((where, password[:4]))
    if any(token[:15] in text for token in recent_tokens):
        scanned["naming a token prefix"] += 1


def remember_token(token: str) -> None:
    tokens.add(token)
    recent_tokens.append(token)
