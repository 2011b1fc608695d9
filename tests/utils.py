import io
import json
from typing import Any

from django.core.management import call_command
from django.http import HttpResponse


def create_editor(username: str) -> str:
    """An editor made by `manage.py create_editor`, as the token that it prints."""
    out = io.StringIO()
    call_command("create_editor", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


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
