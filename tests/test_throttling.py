"""
Anonymous clients are throttled per address (settings.REST_FRAMEWORK's anon rate);
editors are not. The address cannot be forged with X-Forwarded-For. Reads served
from the response cache, and 304s, are not counted.
"""

import pytest
from rest_framework.settings import api_settings

from healthapi.throttling import AnonRateThrottle
from tests.utils import create_editor, problem

URL = "/api/v1/causes/"


def uncached(n: int) -> str:
    """A URL that no earlier request of the test has put in the response cache."""
    return f"{URL}?page_size={n + 1}"


@pytest.fixture(autouse=True)
def three_requests_a_minute(monkeypatch, stopped_throttle_clock) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})


@pytest.fixture
def num_proxies(settings):
    def set_num_proxies(count: int) -> None:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return set_num_proxies


def test_over_the_anonymous_rate_is_a_429_with_retry_after(api_client):
    statuses = [api_client.get(uncached(n)).status_code for n in range(4)]
    response = api_client.get(uncached(5))

    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert problem(response)["code"] == "throttled"


def test_editors_are_not_throttled_by_the_anonymous_rate(api_client):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor('editor')}")

    assert {api_client.get(URL).status_code for _ in range(6)} == {200}


def test_a_forged_forwarded_for_header_does_not_reset_the_count(api_client, num_proxies):
    num_proxies(0)
    statuses = [
        api_client.get(uncached(n), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_behind_one_proxy_the_address_it_appends_is_the_client(api_client, num_proxies):
    num_proxies(1)
    assert api_settings.NUM_PROXIES == 1

    # The proxy appends the real client address; anything before it is the client's own claim.
    forged = [
        api_client.get(uncached(n), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7").status_code
        for n in range(4)
    ]
    other_client = api_client.get(uncached(5), HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert forged == [200, 200, 200, 429]
    assert other_client.status_code == 200


def test_cached_reads_and_304s_are_not_counted(api_client):
    first = api_client.get(URL)
    repeats = [api_client.get(URL).status_code for _ in range(5)]
    revalidations = [
        api_client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code for _ in range(5)
    ]
    statuses = [api_client.get(uncached(n)).status_code for n in range(3)]

    assert repeats == [200] * 5
    assert revalidations == [304] * 5
    # Only the first read and these did work that counts: the third is over the rate.
    assert statuses == [200, 200, 429]
