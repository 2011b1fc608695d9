"""Every list is paginated the same way, and bad page input is a 400, not a guess."""

import pytest

from tests.utils import LIST_URLS, errors_by_name, problem, slugs


@pytest.mark.parametrize("url", LIST_URLS)
def test_every_list_has_the_pagination_envelope(api_client, url):
    body = api_client.get(url).json()

    assert set(body) == {"count", "next", "previous", "results"}


def test_pages_walk_through_every_result_once(api_client):
    first = api_client.get("/api/v1/causes/", {"page_size": 10})
    second = api_client.get(first.json()["next"])

    assert first.json()["count"] == 17
    assert first.json()["previous"] is None
    assert "page=2" in first.json()["next"]
    assert "page_size=10" in first.json()["next"]
    assert second.json()["next"] is None
    assert len(set(slugs(first)) | set(slugs(second))) == 17


def test_default_page_size_is_20(api_client):
    assert len(slugs(api_client.get("/api/v1/causes/"))) == 17
    assert len(slugs(api_client.get("/api/v1/causes/", {"page_size": 5}))) == 5


def test_page_size_at_the_maximum_is_accepted(api_client):
    assert api_client.get("/api/v1/causes/", {"page_size": 100}).status_code == 200


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"page_size": 101}, {"page_size": ["Must be at most 100."]}),
        ({"page_size": 0}, {"page_size": ["Must be a whole number from 1 to 999999999."]}),
        ({"page_size": "ten"}, {"page_size": ["Must be a whole number from 1 to 999999999."]}),
        ({"page": "two"}, {"page": ["Must be a whole number from 1 to 999999999."]}),
        ({"page": 0}, {"page": ["Must be a whole number from 1 to 999999999."]}),
        ({"page": -1}, {"page": ["Must be a whole number from 1 to 999999999."]}),
        ({"page": "last"}, {"page": ["Must be a whole number from 1 to 999999999."]}),
        ({"page": "1.5"}, {"page": ["Must be a whole number from 1 to 999999999."]}),
        ({"page": "²"}, {"page": ["Must be a whole number from 1 to 999999999."]}),
        ({"page": "9" * 5000}, {"page": ["Must be a whole number from 1 to 999999999."]}),
    ],
)
def test_bad_page_or_page_size_is_a_400_naming_it(api_client, params, error):
    response = api_client.get("/api/v1/causes/", params)

    assert errors_by_name(response) == error


def test_page_past_the_last_is_a_json_404(api_client):
    response = api_client.get("/api/v1/causes/", {"page": 3, "page_size": 10})

    assert response.status_code == 404
    assert problem(response)["detail"] == "Invalid page."


def test_empty_page_parameters_mean_the_defaults(api_client):
    response = api_client.get("/api/v1/causes/", {"page": "", "page_size": ""})

    assert response.status_code == 200
    assert len(slugs(response)) == 17


@pytest.mark.parametrize(
    ("params", "count", "on_page", "has_next"),
    [
        ({"page_size": 17}, 17, 17, False),  # exactly full: the extra row tells there is no more
        ({"page_size": 16}, 17, 16, True),
        ({"page_size": 100}, 17, 17, False),
        ({"symptom": "snoring"}, 1, 1, False),
        ({"search": "no such words"}, 0, 0, False),
    ],
)
def test_the_first_page_counts_right_whether_or_not_it_is_full(
    api_client, params, count, on_page, has_next
):
    body = api_client.get("/api/v1/causes/", params).json()

    assert body["count"] == count
    assert len(body["results"]) == on_page
    assert (body["next"] is not None) == has_next


def test_a_first_page_that_is_not_full_needs_no_count_query(api_client, django_assert_num_queries):
    # The page (with one row more than fits) and its symptoms; no COUNT.
    with django_assert_num_queries(2):
        api_client.get("/api/v1/causes/", {"page_size": 100})


def test_pages_link_to_each_other_in_a_link_header_also_when_cached(api_client):
    first = api_client.get("/api/v1/causes/", {"page_size": 5, "page": 2})
    cached = api_client.get("/api/v1/causes/", {"page_size": 5, "page": 2})

    expected = (
        '<http://testserver/api/v1/causes/?page=3&page_size=5>; rel="next", '
        '<http://testserver/api/v1/causes/?page_size=5>; rel="prev"'
    )
    assert first["Link"] == expected
    assert cached["Link"] == expected
    assert "Link" not in api_client.get("/api/v1/conditions/")
