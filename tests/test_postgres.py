"""
On PostgreSQL, search and the symptom filter are served by indexes. These run in
CI's PostgreSQL pass (DATABASE_URL=postgres://...); on SQLite they skip.
"""

import pytest
from django.db import connection

from causes.filters import CauseFilterSet
from causes.models import Cause


@pytest.fixture(autouse=True)
def _postgresql_only(db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://... (CI's second pass)")


def plan(queryset) -> str:
    """The plan PostgreSQL makes when a table scan is not an option, as on large data."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def test_search_uses_the_full_text_index():
    assert "cause_search" in plan(Cause.objects.search("nerve"))


def test_the_symptom_filter_uses_the_index_on_cause_symptoms():
    causes = CauseFilterSet({"symptom": ["weakness"]}, queryset=Cause.objects.for_list()).qs

    assert "causes_causesymptom_symptom_id" in plan(causes)


@pytest.mark.parametrize("field", ["category", "urgency", "name"])
def test_cause_filters_and_orderings_have_an_index(field):
    assert f"causes_caus_{field[:7]}" in plan(Cause.objects.filter(**{field: "x"}))
