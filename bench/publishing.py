"""
The time to publish a change set of many objects, as editors and a reviewer make
one: each draft is made by the drafting code that the API's writes call (validated
against the change set so far), then the change set is published in one
transaction, committed. It is done twice: a change set that deletes N synthetic
causes, then one that restores them from their history, each with its symptom links
and examples.

    python -m bench.publishing [--objects 100] [--rounds 3]

SQLite by default; PostgreSQL when DATABASE_URL is set (on a database of its own,
dropped afterwards). Prints one line per step, the median over the rounds.
"""

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import django

from bench.servers import database_url, manage, prepare, production_env


def measure(objects: int) -> dict[str, float]:
    """Seconds taken by each step, with `objects` synthetic causes in each change set."""
    from django.contrib.auth import get_user_model

    from causes.editorial import drafting, history, publishing
    from causes.editorial.resources import resource
    from causes.models import Cause, ChangeSet, Draft
    from causes.synthetic import SYNTHETIC_PREFIX

    users = get_user_model().objects
    author, _ = users.get_or_create(username="bench-author")
    reviewer, _ = users.get_or_create(username="bench-reviewer")
    causes = resource("causes")
    slugs = list(
        Cause.objects.filter(slug__startswith=SYNTHETIC_PREFIX)
        .order_by("slug")
        .values_list("slug", flat=True)[:objects]
    )
    assert len(slugs) == objects, f"only {len(slugs)} synthetic causes"
    figures = {}

    def draft_all(action: str, body: Callable[[str], dict]) -> ChangeSet:
        change_set = ChangeSet.objects.create(created_by=author, title=f"{action} {objects}")
        for slug in slugs:
            drafting.make_draft(
                user=author,
                change_set=change_set,
                target=causes,
                action=action,
                slug=slug,
                body=body(slug),
                context={},
            )
        return change_set

    for action in (Draft.Action.DELETE, Draft.Action.RESTORE):
        if action == Draft.Action.DELETE:
            body: Callable[[str], dict] = lambda slug: {}  # noqa: E731
        else:
            body = lambda slug: {  # noqa: E731
                "version": history.versions_of(Cause, slug).first().pk
            }
        started = time.perf_counter()
        change_set = draft_all(action, body)
        drafted = time.perf_counter()
        publishing.publish(change_set.pk, reviewer=reviewer)
        published = time.perf_counter()
        figures[f"draft {objects} ({action})"] = drafted - started
        figures[f"publish {objects} ({action})"] = published - drafted
        expected = 0 if action == Draft.Action.DELETE else objects
        assert Cause.objects.filter(slug__in=slugs).count() == expected
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as workdir,
        database_url("publishing", Path(workdir)) as url,
    ):
        env = production_env(Path(workdir), DATABASE_URL=url)
        prepare(env)
        manage("generate_synthetic_content", "--causes", "1000", "--symptoms", "200", env=env)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthapi.settings")
        django.setup()
        from django.db import connection

        rounds = [measure(args.objects) for _ in range(args.rounds)]
        print(f"{connection.vendor}, {args.rounds} rounds, median seconds:")
        for step in rounds[0]:
            print(f"  {step}: {statistics.median(r[step] for r in rounds):.2f} s")
        connection.close()


if __name__ == "__main__":
    main()
