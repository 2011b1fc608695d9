"""The API is read-only: content changes only through fixtures and the admin."""

import pytest

from causes.models import Cause

WRITES = [
    ("post", "/api/v1/causes/"),
    ("put", "/api/v1/causes/anxiety/"),
    ("patch", "/api/v1/causes/anxiety/"),
    ("delete", "/api/v1/causes/anxiety/"),
]


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_anonymous_writes_are_forbidden(api_client, method, url):
    response = getattr(api_client, method)(url, {"name": "Changed"}, format="json")

    assert response.status_code == 403
    assert Cause.objects.get(slug="anxiety").name == "Anxiety"


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_signed_in_writes_are_not_allowed_either(api_client, admin_user, method, url):
    api_client.force_authenticate(admin_user)

    response = getattr(api_client, method)(url, {"name": "Changed"}, format="json")

    assert response.status_code == 405
    assert response.json()["detail"].startswith("Method ")
    assert Cause.objects.get(slug="anxiety").name == "Anxiety"
