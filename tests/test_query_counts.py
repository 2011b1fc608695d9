"""
List and detail endpoints make a fixed number of SQL queries, whatever the page
size and however much data there is: related rows come from the querysets'
prefetches, never one query per row. "large" adds 10,000 synthetic causes and
2,000 symptoms to the real content, for this module only.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from causes.recognition.index import current_vocabulary
from causes.synthetic import generate


@pytest.fixture(scope="module", params=["small", "large"])
def data_size(request, django_db_setup, django_db_blocker):
    if request.param == "small":
        yield request.param
        return
    with django_db_blocker.unblock(), transaction.atomic():
        counts = generate(causes=10_000, symptoms=2_000)
        assert counts.causes == 10_000
        yield request.param
        transaction.set_rollback(True)


# count + page + one per prefetched relation
LIST_QUERY_BUDGETS = [
    ("/api/v1/conditions/", {}, 2),
    ("/api/v1/causes/", {}, 3),
    ("/api/v1/causes/", {"search": "nerve", "ordering": "-name"}, 3),
    ("/api/v1/causes/", {"symptom": ["weakness", "numbness"]}, 4),
    ("/api/v1/causes/", {"condition": "muscle-twitching", "category": "neurological"}, 4),
    ("/api/v1/symptoms/", {}, 4),
    ("/api/v1/symptoms/", {"cause": "als"}, 5),
    ("/api/v1/lifestyle-tips/", {}, 4),
    ("/api/v1/lifestyle-tips/", {"cause": "dehydration"}, 5),
    ("/api/v1/treatments/", {"kind": "test"}, 4),
    # One query more per relation that `expand` adds; none for what the list fetches anyway.
    ("/api/v1/causes/", {"expand": "condition,symptoms"}, 3),
    ("/api/v1/causes/", {"expand": "condition,symptoms,examples,lifestyle_tips,treatments"}, 6),
    ("/api/v1/causes/", {"symptom": "weakness", "expand": "lifestyle_tips,treatments"}, 6),
    ("/api/v1/lifestyle-tips/", {"expand": "conditions,causes"}, 5),
    ("/api/v1/treatments/", {"expand": "conditions,causes", "fields": "slug,conditions,causes"}, 5),
    # Evidence is a column of each row, links' evidence a column of the links: no query.
    ("/api/v1/causes/", {"expand": "evidence"}, 3),
    ("/api/v1/symptoms/", {"expand": "evidence", "red_flag": "true"}, 4),
    ("/api/v1/sources/", {}, 4),
]

# The object, then one query per relation it shows (links come with their other end, and
# with their evidence); a condition's sources bring their related articles.
DETAIL_QUERY_BUDGETS = [
    ("/api/v1/conditions/muscle-twitching/", 8),
    ("/api/v1/causes/certain-medications/", 6),
    ("/api/v1/symptoms/weakness/", 3),
    ("/api/v1/lifestyle-tips/increase-water-intake/", 4),
    ("/api/v1/treatments/switch-medication/", 4),
    ("/api/v1/sources/what-causes-muscle-twitching/", 3),
]


@pytest.mark.parametrize(("url", "params", "budget"), LIST_QUERY_BUDGETS)
@pytest.mark.parametrize("page_size", [1, 100])
def test_list_query_count_does_not_grow_with_page_size_or_data(
    data_size, api_client, django_assert_max_num_queries, url, params, budget, page_size
):
    with django_assert_max_num_queries(budget):
        response = api_client.get(url, {**params, "page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) >= 1


@pytest.mark.parametrize("page_size", [1, 100])
def test_a_list_ranked_by_text_asks_no_more_than_one_ranked_by_symptom(
    data_size, api_client, django_assert_max_num_queries, page_size
):
    current_vocabulary()  # built once per content version, not per request
    with django_assert_max_num_queries(3):
        response = api_client.get(
            "/api/v1/causes/", {"text": "fingers numb after coffee", "page_size": page_size}
        )

    assert response.status_code == 200
    assert len(response.json()["results"]) >= 1


@pytest.mark.parametrize(("url", "budget"), DETAIL_QUERY_BUDGETS)
def test_detail_query_count_does_not_grow_with_data(
    data_size, api_client, django_assert_max_num_queries, url, budget
):
    with django_assert_max_num_queries(budget):
        response = api_client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [{"category": "sleep"}, {"urgency": "self_care"}, {"condition": "muscle-twitching"}],
)
def test_filters_that_cannot_repeat_a_row_ask_for_no_distinct(api_client, params):
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get("/api/v1/causes/", params).status_code == 200

    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)
