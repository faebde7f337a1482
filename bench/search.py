"""The search scenario of ``make bench``: five searches at 10 000 and 100 000 services, 1 and 10 clients.

Runs against its own PostgreSQL database, ``BENCH_DATABASE_URL`` (default
``postgres://netfix:netfix@127.0.0.1:5432/netfix_bench``, created when missing), never the development or CI one.
For each size the catalogue is topped up with ``bench.seed`` (bulk COPY, index rows written as ``search_reindex``
would), then the production server (``gunicorn.conf.py``) is started twice and the API is measured over HTTP: with
the search cache off (every request counts its facets: the cost of a search nobody made in the last minutes) and on
(the default: the same search again, as popular searches are). Target (issue 9): p95 ≤ 100 ms for every query at
100 000 services. Results: ``bench/results/search.json``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.http import measure

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://netfix:netfix@127.0.0.1:5432/netfix_bench"
SIZES = (10_000, 100_000)
CLIENTS = (1, 10)
REQUESTS_PER_CLIENT = 20
TARGET_P95_MS = 100.0


def queries(today: date) -> list[tuple[str, str]]:
    """The five searches, as API paths (the page runs the same ``search_services``)."""
    day = (today + timedelta(days=7)).isoformat()
    return [
        ("text only", "/api/v1/services/?q=leak+repair"),
        ("text + category + price", "/api/v1/services/?q=repair&category=plumbing&price_min=40&price_max=120"),
        ("distance", "/api/v1/services/?lat=48.8566&lon=2.3522&radius=30&sort=distance"),
        ("available on a date", f"/api/v1/services/?date={day}"),
        ("facets only", "/api/v1/services/?sort=relevance&page_size=1"),
    ]


def _ensure_database(url: str) -> None:
    """Create the bench database when it does not exist (the ``netfix`` role has CREATEDB)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("netfix_bench"):
        raise SystemExit(f"Refusing to benchmark into {name!r}: the bench database name must start with netfix_bench.")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _meets_target(results: list[dict[str, Any]]) -> dict[str, bool]:
    """Per number of clients: every query's p95 within the target, without errors."""
    return {
        str(clients): all(
            row["p95_ms"] <= TARGET_P95_MS and not row["errors"] for row in results if row["clients"] == clients
        )
        for clients in CLIENTS
    }


def _measure(
    size: int,
    cache: str,
    env: dict[str, str],
    start_server: Callable[[dict[str, str]], AbstractContextManager[str]],
) -> list[dict[str, Any]]:
    """The five searches at 1 and 10 clients on a server started with ``env``, after a 5-request warm-up each."""
    results = []
    with start_server(env) as base_url:
        for name, path in queries(datetime.now(UTC).date()):
            measure(name=name, base_url=base_url, path=path, clients=1, requests_per_client=5)  # warm-up
            for clients in CLIENTS:
                result = measure(
                    name=name, base_url=base_url, path=path, clients=clients, requests_per_client=REQUESTS_PER_CLIENT
                )
                results.append(result.as_dict())
                print(
                    f"{size:>7} services  {cache:<8}  {name:<24} {clients:>2} clients  p50 {result.p50_ms:>7} ms  "
                    f"p95 {result.p95_ms:>7} ms  p99 {result.p99_ms:>7} ms  {result.throughput_rps:>6} req/s  "
                    f"errors {result.errors}"
                )
    return results


def run(env: dict[str, str], start_server: Callable[[dict[str, str]], AbstractContextManager[str]]) -> dict[str, Any]:
    """Seed, serve, measure; returns the report written to ``search.json``."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    _ensure_database(url)
    # Connections come from each worker's pool (DATABASE_POOL_SIZE, set by bench/__main__.py as in production).
    env = {**env, "DATABASE_URL": url}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    sizes = [int(size) for size in os.environ.get("BENCH_SEARCH_SIZES", "").split(",") if size] or list(SIZES)
    report: dict[str, Any] = {"target_p95_ms": TARGET_P95_MS, "database": url.split("@")[-1], "sizes": []}
    for size in sizes:
        started = time.perf_counter()
        subprocess.run([python, "-m", "bench.seed", str(size)], cwd=ROOT, env=env, check=True)
        seeded = round(time.perf_counter() - started, 1)
        row: dict[str, Any] = {"services": size, "seed_seconds": seeded}
        for cache, seconds in (("uncached", "0"), ("cached", env.get("SEARCH_CACHE_SECONDS", "600"))):
            results = _measure(size, cache, {**env, "SEARCH_CACHE_SECONDS": seconds}, start_server)
            row[cache] = {"meets_target": _meets_target(results), "results": results}
        report["sizes"].append(row)
    return report
