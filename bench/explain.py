"""
The query plans of the cause list's filters on PostgreSQL at 10,000 causes:
EXPLAIN ANALYZE of the exact queries the API runs (page and count).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python -m bench.explain

It makes a database of its own on that server, and drops it afterwards.
"""

import os
import sys
import tempfile
from pathlib import Path

import django

from bench.servers import database_url, manage, prepare, production_env

QUERIES = {
    "symptom filter": {"symptom": ["weakness"]},
    "two symptoms, all of them": {"symptom": ["weakness", "numbness"], "symptom_match": "all"},
    "category filter": {"category": ["sleep"]},
    "search": {"search": "nerve"},
    "ordering by name": {"ordering": "name"},
}


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1/test")
    with tempfile.TemporaryDirectory() as workdir, database_url("explain", Path(workdir)) as url:
        env = production_env(Path(workdir), DATABASE_URL=url)
        prepare(env)
        print(manage("generate_synthetic_content", "--causes", "10000", env=env).stdout.strip())
        os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="healthapi.settings")
        django.setup()
        from django.db import connection

        from causes.filters import CauseFilterSet
        from causes.models import Cause

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for name, params in QUERIES.items():
            causes = CauseFilterSet(params, queryset=Cause.objects.for_list()).qs
            assert causes.exists(), name
            print(f"\n## {name}: {params}\n\n### page\n")
            print(causes[:20].explain(analyze=True))
            print("\n### count\n")
            print(causes.values("pk").order_by().explain(analyze=True))
        connection.close()


if __name__ == "__main__":
    main()
