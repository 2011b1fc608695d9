"""
Conditional reads follow RFC 9110: preconditions are evaluated only when the request
would otherwise succeed (section 13.2.1), so an error stays the same error whatever
If-None-Match or If-Modified-Since says, and a cache in front never stores a "not
modified" for a page that does not exist. An If-Modified-Since in the future is
ignored (section 13.1.3).
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils.http import http_date

from tests.utils import create_editor

ERRORS = [
    ("/api/v1/causes/no-such-cause/", 404),  # an unknown slug
    ("/api/v1/causes/?page_size=500", 400),  # a bad parameter
    ("/api/v1/causes/?symptom=nonexistent", 400),  # an unknown slug in a filter
    ("/api/v1/causes/?page=99", 404),  # a page past the last
    ("/api/v1/sources/no-such-source/", 404),
    ("/api/v1/causes/als/?fields=nonsense", 400),
    ("/api/v1/symptoms/?format=jsonld", 406),
]
OK = "/api/v1/causes/als/"


@pytest.fixture(params=["anonymous", "editor"])
def client(request, api_client):
    if request.param == "editor":
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor('editor')}")
    return api_client


def current_etag(client, url: str) -> str:
    return client.get(url)["ETag"]


@pytest.mark.parametrize(("url", "status"), ERRORS)
def test_an_error_stays_an_error_whatever_if_none_match_says(client, url, status):
    stale = current_etag(client, OK).replace('"', '"stale-', 1)
    for etag in ("*", stale, current_etag(client, OK), '"x", *'):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)

        assert response.status_code == status, etag
        assert "ETag" not in response


@pytest.mark.parametrize(("url", "status"), ERRORS)
def test_an_error_stays_an_error_whatever_if_modified_since_says(client, url, status):
    response = client.get(url, HTTP_IF_MODIFIED_SINCE=http_date())

    assert response.status_code == status


def test_if_none_match_star_on_a_page_that_exists_is_a_304(client):
    client.get(OK)  # cached, for anonymous clients

    assert client.get(OK, HTTP_IF_NONE_MATCH="*").status_code == 304
    assert client.get("/api/v1/causes/dehydration/", HTTP_IF_NONE_MATCH="*").status_code == 304


def test_a_stale_etag_gets_the_page(client):
    stale = current_etag(client, OK).replace('"', '"stale-', 1)

    response = client.get(OK, HTTP_IF_NONE_MATCH=stale)

    assert response.status_code == 200
    assert response.json()["slug"] == "als"


def test_a_current_etag_gets_a_304_with_the_validators(client):
    etag = current_etag(client, OK)

    response = client.get(OK, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_an_if_modified_since_in_the_future_is_ignored(client):
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).timestamp()

    assert client.get(OK, HTTP_IF_MODIFIED_SINCE=http_date(tomorrow)).status_code == 200


def test_an_if_modified_since_after_the_last_change_is_a_304(client):
    last_modified = client.get(OK)["Last-Modified"]

    assert client.get(OK, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(OK, HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200
    assert client.get(OK, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


def test_if_none_match_decides_and_if_modified_since_is_then_ignored(client):
    last_modified = client.get(OK)["Last-Modified"]
    stale = '"stale"'

    response = client.get(OK, HTTP_IF_NONE_MATCH=stale, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 200
