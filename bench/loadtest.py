"""
Load test: the API under gunicorn on 127.0.0.1, as deployed, driven by
concurrent clients over a mix of list, filtered list, detail and bad requests.

    python -m bench.loadtest [--connections 32] [--duration 30] [--workers 4]

Prints requests served, status counts and latency percentiles; exits non-zero
on any 5xx or connection error, which is the bar.
"""

import argparse
import http.client
import itertools
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from bench.servers import gunicorn, prepare, production_env

# (kind, path): each client walks this list from its own starting point.
MIX = [
    ("list", "/api/v1/causes/"),
    ("filtered list", "/api/v1/causes/?symptom=weakness&symptom=numbness"),
    ("filtered list", "/api/v1/causes/?symptom=fatigue&symptom_match=all&ordering=name"),
    ("list", "/api/v1/symptoms/?red_flag=true"),
    ("detail", "/api/v1/causes/certain-medications/"),
    ("detail", "/api/v1/conditions/muscle-twitching/"),
    ("detail", "/api/v1/symptoms/weakness/"),
    ("bad request", "/api/v1/causes/?symptom=nonexistent"),
    ("bad request", "/api/v1/causes/?page=0"),
    ("bad request", "/api/v1/causes/no-such-cause/"),
]


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.by_kind: Counter[tuple[str, int]] = Counter()
        self.latencies: list[float] = []
        self.connection_errors: Counter[str] = Counter()

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.by_kind[kind, status] += 1
            self.latencies.append(seconds)

    def error(self, error: Exception) -> None:
        with self.lock:
            self.connection_errors[type(error).__name__] += 1


def client(base_url: str, start: int, deadline: float, results: Results) -> None:
    host, port = urlsplit(base_url).hostname, urlsplit(base_url).port
    requests = itertools.islice(itertools.cycle(MIX), start, None)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    while time.monotonic() < deadline:
        kind, path = next(requests)
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            results.error(error)
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
            continue
        results.record(kind, response.status, time.perf_counter() - began)
        if response.will_close:
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.close()


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def report(results: Results, seconds: float, args: argparse.Namespace) -> None:
    latencies = sorted(results.latencies)
    served = len(latencies)
    print(
        f"{args.connections} connections for {args.duration:g} s against gunicorn "
        f"({args.workers} workers) on SQLite, anonymous rate limit {args.rate}"
    )
    print(f"requests served: {served} ({served / seconds:.0f}/s)")
    print(f"connection errors: {sum(results.connection_errors.values())}", end="")
    print(f" {dict(results.connection_errors)}" if results.connection_errors else "")
    print("status counts:", ", ".join(f"{s}: {n}" for s, n in sorted(results.statuses.items())))
    for kind in dict.fromkeys(kind for kind, _ in MIX):
        counts = {s: n for (k, s), n in sorted(results.by_kind.items()) if k == kind}
        print(f"  {kind:<14} {counts}")
    if latencies:
        print(
            "latency ms: "
            + ", ".join(
                f"p{int(q * 100)} {percentile(latencies, q) * 1000:.1f}" for q in (0.5, 0.9, 0.99)
            )
            + f", max {latencies[-1] * 1000:.1f}, mean {statistics.fmean(latencies) * 1000:.1f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--rate",
        default="1000000/minute",
        help="Anonymous rate limit. All clients share one address, so the default is high "
        "enough to measure the API rather than the limiter.",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        env = production_env(Path(workdir), THROTTLE_ANON_RATE=args.rate)
        prepare(env)
        with gunicorn(env, workers=args.workers) as base_url:
            results = Results()
            began = time.monotonic()
            deadline = began + args.duration
            threads = [
                threading.Thread(target=client, args=(base_url, n, deadline, results))
                for n in range(args.connections)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            report(results, time.monotonic() - began, args)
    server_errors = sum(n for status, n in results.statuses.items() if status >= 500)
    return 1 if server_errors or results.connection_errors else 0


if __name__ == "__main__":
    sys.exit(main())
