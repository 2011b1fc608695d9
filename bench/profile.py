"""
Where a read's time goes: cProfile over many requests to one endpoint, in the
production settings, through the whole WSGI stack, middleware included, in one of the
benchmark's modes: cold (the response cache off), warm (a cache hit) or revalidated
(a 304). Prints the share of time spent in each package (own time of its functions)
and the functions with the most own time.

    python -m bench.profile [--url /api/v1/causes/?symptom=weakness] [--mode cold]
                            [--requests 500]

SQLite and the file cache by default; PostgreSQL when DATABASE_URL is set (on a
database of its own), Redis when REDIS_URL is set.
"""

import argparse
import cProfile
import io
import os
import pstats
import tempfile
from collections import Counter
from pathlib import Path

import django

from bench.servers import database_url, prepare, production_env, redis_from_environment

PACKAGES = (
    "django/db",
    "django/core",
    "django/middleware",
    "django/http",
    "django/utils",
    "django/test",
    "django",
    "rest_framework",
    "django_filters",
    "corsheaders",
    "csp",
    "whitenoise",
    "causes",
    "healthapi",
    "json",
    "sqlite3",
    "psycopg",
    "redis",
    "pickle",
)


def package_of(filename: str) -> str:
    if filename.startswith(("~", "<")):
        return "built-ins"
    for package in PACKAGES:
        if f"/{package}/" in filename:
            return package
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="/api/v1/causes/?symptom=weakness")
    parser.add_argument("--mode", choices=["cold", "warm", "revalidated"], default="cold")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir, database_url("profile", Path(workdir)) as url:
        env = production_env(
            Path(workdir),
            DATABASE_URL=url,
            **redis_from_environment(),
            API_RESPONSE_CACHE="false" if args.mode == "cold" else "true",
            THROTTLE_ANON_RATE="100000/second",
        )
        prepare(env)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthapi.settings")
        django.setup()
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        first = client.get(args.url)  # connections, imports and the cache warm
        assert first.status_code == 200
        headers = {"HTTP_IF_NONE_MATCH": first["ETag"]} if args.mode == "revalidated" else {}
        expected = 304 if args.mode == "revalidated" else 200
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            response = client.get(args.url, **headers)
        profiler.disable()
        assert response.status_code == expected, response.status_code

    stats = pstats.Stats(profiler, stream=io.StringIO())
    own: Counter[str] = Counter()
    total = 0.0
    for (filename, _, _), (_, _, own_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        own[package_of(filename)] += own_time
        total += own_time
    each = 1000 * total / args.requests
    print(f"{args.url}: {args.requests} {args.mode} requests, {each:.3f} ms each (profiled)")
    print("own time by package:")
    for package, seconds in own.most_common():
        print(f"  {package:20} {100 * seconds / total:5.1f} %")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
