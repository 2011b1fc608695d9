"""
Benchmark: the API as deployed (gunicorn with gunicorn.conf.py, the production
settings, DEBUG off) on 127.0.0.1, driven by wrk, each endpoint against a baseline
that is a separate, bare Django app (bench.bare: no middleware, no database, no
cache) served side by side by gunicorn with the same settings, answering
precomputed bytes of the same size, or a 304 for a revalidation.

    python -m bench.run [--duration 3] [--rounds 3] [--output bench/results.md]

SQLite with the file cache by default; PostgreSQL when DATABASE_URL is set (the
benchmark makes its own databases on that server and drops them), and Redis as the
cache when REDIS_URL is set. Small data is the real fixtures; large adds 10,000
synthetic causes. Cold runs a server with the response cache off; warm one with it
on; revalidated sends the ETag in If-None-Match. The rate limit is raised to
1000/second, since all the load comes from one address. Rounds interleave every case
with its baseline; each figure is the median over the rounds.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import django
import gunicorn as gunicorn_package
import rest_framework

from bench.servers import (
    BASE_DIR,
    database_url,
    gunicorn,
    manage,
    prepare,
    production_env,
    redis_from_environment,
)

ENDPOINTS = {
    "cause list": "/api/v1/causes/",
    "filtered by 1 symptom": "/api/v1/causes/?symptom=weakness",
    "filtered by 2 symptoms": "/api/v1/causes/?symptom=weakness&symptom=numbness",
    "cause detail": "/api/v1/causes/certain-medications/",
    "condition detail": "/api/v1/conditions/muscle-twitching/",
    "schema": "/api/schema/",
}
SCALES = {"small": None, "large": ["--causes", "10000", "--symptoms", "2000"]}
MODES = ("cold", "warm", "revalidated")
# Targets, as requests/s ratios to the bare baseline; the schema has none.
TARGET_BY_MODE = {"cold": 0.12, "warm": 0.8, "revalidated": 0.85}
TARGETS = {
    (mode, endpoint): target
    for mode, target in TARGET_BY_MODE.items()
    for endpoint in ENDPOINTS
    if endpoint != "schema"
}
LARGE_COST_TARGET = 1.5
WORKERS = os.cpu_count() or 2
WRK_THREADS, WRK_CONNECTIONS = 2, 16
BARE_APP = "bench.bare.wsgi"


@dataclass
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


@dataclass
class Case:
    scale: str
    mode: str
    endpoint: str
    url: str
    headers: dict[str, str]
    baseline: str
    size: int
    queries: int
    runs: list[Run] = field(default_factory=list)
    baseline_runs: list[Run] = field(default_factory=list)

    def median(self, runs: list[Run], attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in runs)

    @property
    def ratio(self) -> float:
        # Each run against the baseline run next to it, so that drift between rounds cancels.
        return statistics.median(
            run.requests_per_second / baseline.requests_per_second
            for run, baseline in zip(self.runs, self.baseline_runs, strict=True)
        )


def database_is_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, headers: dict[str, str], duration: int) -> Run:
    command = [
        "wrk",
        f"--threads={WRK_THREADS}",
        f"--connections={WRK_CONNECTIONS}",
        f"--duration={duration}s",
        "--latency",
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"wrk printed no latency percentiles for {url}:\n{output}")
    return Run(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=milliseconds(percentiles["50"]),
        p99_ms=milliseconds(percentiles["99"]),
    )


def probe(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one request; a 304 is an answer, not an error."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


# Run by `manage.py shell -c`, with the list of paths put in for %r.
QUERY_COUNTS = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
counts = {}
for path in %r:
    with CaptureQueriesContext(connection) as queries:
        Client(HTTP_HOST="127.0.0.1").get(path)
    counts[path] = len(queries)
print(json.dumps(counts))
"""


def query_counts(env: dict[str, str]) -> dict[str, int]:
    """The SQL queries of one uncached read of each endpoint, counted in another process."""
    code = QUERY_COUNTS % (list(ENDPOINTS.values()),)
    output = manage("shell", "-c", code, env={**env, "API_RESPONSE_CACHE": "false"}).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_scale(scale: str, duration: int, rounds: int) -> list[Case]:
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        env = production_env(
            workdir,
            DATABASE_URL=stack.enter_context(database_url(scale, workdir)),
            **redis_from_environment(),
            # All the load comes from one address: the documented rate would refuse it.
            THROTTLE_ANON_RATE="1000/second",
        )
        print(f"[{scale}] preparing the database", file=sys.stderr)
        prepare(env)
        if SCALES[scale]:
            print(manage("generate_synthetic_content", *SCALES[scale], env=env).stdout.strip())
        queries = query_counts(env)
        servers = {
            "cold": stack.enter_context(
                gunicorn({**env, "API_RESPONSE_CACHE": "false"}, workers=WORKERS)
            ),
            "warm": stack.enter_context(gunicorn(env, workers=WORKERS)),
        }
        servers["revalidated"] = servers["warm"]
        bare = stack.enter_context(gunicorn(env, workers=WORKERS, app=BARE_APP))

        cases = []
        for mode in MODES:
            for endpoint, path in ENDPOINTS.items():
                url = servers[mode] + path
                status, headers, body = probe(url)
                assert status == 200, f"{url}: {status}"
                conditional = {"If-None-Match": headers["ETag"]} if mode == "revalidated" else {}
                status, headers, _ = probe(url, conditional)
                assert status == (304 if conditional else 200), f"{url}: {status}"
                baseline = f"{bare}/not-modified/" if conditional else f"{bare}/bytes/{len(body)}/"
                cases.append(
                    Case(
                        scale, mode, endpoint, url, conditional, baseline, len(body), queries[path]
                    )
                )
        for number in range(1, rounds + 1):
            print(f"[{scale}] round {number} of {rounds}", file=sys.stderr)
            for case in cases:
                case.baseline_runs.append(wrk(case.baseline, {}, duration))
                case.runs.append(wrk(case.url, case.headers, duration))
        return cases


def report(cases: list[Case], duration: int, rounds: int) -> str:
    database = os.environ.get("DATABASE_URL", "").split(":", 1)[0] or "sqlite"
    lines = [
        "# Benchmark results",
        "",
        f"{datetime.date.today()}, `make bench`: {os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"DRF {rest_framework.__version__}, gunicorn {gunicorn_package.__version__}, database "
        f"{database}, cache {'redis' if os.environ.get('REDIS_URL') else 'files'}; the "
        f"production settings, gunicorn.conf.py with {WORKERS} sync workers; wrk "
        f"{WRK_THREADS} threads, {WRK_CONNECTIONS} connections, {duration} s a run, on the "
        f"same machine; median of {rounds} rounds that interleave each case with its baseline.",
        "",
        "Ratio: the endpoint's requests/s over the baseline's, the median of the rounds' "
        "ratios. The baseline is a separate bare Django app (bench/bare: no middleware, no "
        "database, no cache) under gunicorn with the same settings, answering precomputed "
        "bytes of the same size, or a 304 for the revalidated mode. Requests/s and latencies "
        "are medians too; latencies: endpoint (baseline). Queries: of an uncached read.",
        "",
        "| data | mode | endpoint | req/s | baseline req/s | ratio | target | p50 ms | p99 ms "
        "| queries/req |",
        "|---|---|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for case in cases:
        target = TARGETS.get((case.mode, case.endpoint))
        verdict = (
            "" if target is None else f"{target} {'met' if case.ratio >= target else 'MISSED'}"
        )
        p50 = case.median(case.runs, "p50_ms"), case.median(case.baseline_runs, "p50_ms")
        p99 = case.median(case.runs, "p99_ms"), case.median(case.baseline_runs, "p99_ms")
        lines.append(
            f"| {case.scale} | {case.mode} | {case.endpoint} "
            f"| {case.median(case.runs, 'requests_per_second'):.0f} "
            f"| {case.median(case.baseline_runs, 'requests_per_second'):.0f} "
            f"| {case.ratio:.3f} | {verdict} | {p50[0]:.2f} ({p50[1]:.2f}) "
            f"| {p99[0]:.2f} ({p99[1]:.2f}) | {case.queries} |"
        )
    by_key = {(case.scale, case.mode, case.endpoint): case for case in cases}
    lines += ["", "Large data (10,000 synthetic causes) against the real fixtures, cold:", ""]
    for endpoint in ENDPOINTS:
        small, large = (
            by_key.get(("small", "cold", endpoint)),
            by_key.get(("large", "cold", endpoint)),
        )
        if small and large:
            # Cost is time per request relative to the baseline, so that drift cancels out.
            cost = small.ratio / large.ratio
            verdict = "met" if cost <= LARGE_COST_TARGET else "MISSED"
            target = f" (target: at most {LARGE_COST_TARGET}, {verdict})"
            lines.append(
                f"- {endpoint}: large costs {cost:.2f} times small"
                + (target if endpoint.startswith("filtered") else "")
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="Seconds per wrk run.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scales", nargs="+", default=list(SCALES), choices=list(SCALES))
    default = "results-postgresql.md" if database_is_postgresql() else "results.md"
    parser.add_argument("--output", type=Path, default=BASE_DIR / "bench" / default)
    args = parser.parse_args()

    cases = [
        case for scale in args.scales for case in measure_scale(scale, args.duration, args.rounds)
    ]
    table = report(cases, args.duration, args.rounds)
    print(table)
    args.output.write_text(table)


if __name__ == "__main__":
    main()
