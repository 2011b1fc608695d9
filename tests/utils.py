import io
import json
import logging
import os
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from pythonjsonlogger.json import JsonFormatter

# One list and one detail URL of each resource.
LIST_URLS = [
    "/api/v1/conditions/",
    "/api/v1/causes/",
    "/api/v1/symptoms/",
    "/api/v1/lifestyle-tips/",
    "/api/v1/treatments/",
]
DETAIL_URLS = [
    "/api/v1/conditions/muscle-twitching/",
    "/api/v1/causes/anxiety/",
    "/api/v1/symptoms/weakness/",
    "/api/v1/lifestyle-tips/stay-hydrated/",
    "/api/v1/treatments/surgery/",
]


ARTICLE = "what-causes-muscle-twitching"


def quote(text: str, locator: str) -> list[dict[str, str]]:
    """Evidence of one quote from the muscle-twitching article."""
    return [{"source": ARTICLE, "quote": text, "locator": locator}]


# The sentences of item 9 that decide ALS's category and urgency, quoted on the cause.
ALS_DECIDING_QUOTE = (
    "ALS is a progressive neurological disorder that affects the nerves that control muscle "
    "movement. If you are experiencing muscle twitching along with other symptoms such as "
    "weakness or difficulty speaking or swallowing, it is important to see a doctor to rule "
    "out ALS."
)


# A symptom that item 4 names and the fixtures leave out: a valid body for writes.
NEW_SYMPTOM = {
    "slug": "involuntary-contraction",
    "name": "Muscles contracting involuntarily",
    "alternative_names": [],
    "lay_terms": [],
    "description": "",
    "codes": [],
    "evidence": quote(
        "When you are anxious, your body releases stress hormones that can cause your "
        "muscles to contract involuntarily.",
        "item 4",
    ),
}


def without_updated_at(value: Any) -> Any:
    """An API body without the moments of change, which differ from one load to another."""
    if isinstance(value, dict):
        return {key: without_updated_at(item) for key, item in value.items() if key != "updated_at"}
    if isinstance(value, list):
        return [without_updated_at(item) for item in value]
    return value


def create_editor(username: str, role: str = "author") -> str:
    """An editor made by `manage.py create_editor`, as the token that it prints."""
    out = io.StringIO()
    call_command("create_editor", username, role=role, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def publish(change_set: int, **body: Any) -> HttpResponse:
    """
    Publish a change set as a reviewer who wrote none of it; the answer, a 200. What
    follows the commit of a publication (a new content version) follows it here too,
    although a test's transaction never commits.
    """
    from django.test import TestCase
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor('reviewer', role='reviewer')}")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/api/v1/change-sets/{change_set}/publish/", body, format="json")
    assert response.status_code == 200, response.json()
    return response


def drafted(response: HttpResponse) -> dict[str, Any]:
    """The draft that a write answered with (a 202)."""
    assert response.status_code == 202, response.json()
    return response.json()


def published(response: HttpResponse) -> dict[str, Any]:
    """The draft that a write answered with, once a reviewer has published its change set."""
    draft = drafted(response)
    publish(draft["change_set"])
    return draft


def slugs(response: HttpResponse) -> list[str]:
    """The slugs of a list response's results, in order."""
    return [item["slug"] for item in response.json()["results"]]


def problem(response: HttpResponse) -> dict[str, Any]:
    """The body of an error response, checked to be RFC 9457 problem details."""
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["type"] == "about:blank"
    assert body["status"] == response.status_code
    assert {"title", "detail", "instance", "code"} <= set(body)
    return body


def errors_by_name(response: HttpResponse) -> dict[str, list[str]]:
    """A 400's messages, by the name of the parameter or field at fault."""
    assert response.status_code == 400
    errors: dict[str, list[str]] = {}
    for error in problem(response)["errors"]:
        errors.setdefault(error["name"], []).append(error["detail"])
    return errors


def request(
    url: str, method: str = "GET", body: dict | None = None, token: str = "", **headers: str
):
    """(status, headers, parsed JSON body) of one request on a new connection."""
    headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            status, headers, content = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, content = error.code, error.headers, error.read()
    return status, headers, json.loads(content) if content else None


def formatted_as_configured(handler: logging.Handler) -> logging.Handler:
    """The handler, with the formatter and filters of the configured (JSON) console handler."""
    console = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)
    )
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    return handler


def missing(message: str, requirement: str) -> None:
    """Skip, saying what is missing; with the `requirement` variable set (CI), fail instead."""
    if os.environ.get(requirement):
        pytest.fail(f"{message} ({requirement} is set, so this is a failure)")
    pytest.skip(message)


def service_missing(message: str) -> None:
    """PostgreSQL or Redis, which some tests need, is not reachable."""
    missing(message, "REQUIRE_SERVICES")


def browser_tool_missing(message: str) -> None:
    """Node.js or Chromium, which the client and browser tests need, is not installed."""
    missing(message, "REQUIRE_BROWSER_TOOLS")
