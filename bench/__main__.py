"""``make bench``: start the app as in production (Gunicorn + Uvicorn workers) and measure key pages.

Scenarios: ``pages`` (key pages, default database) and ``search`` (``bench/search.py``: its own PostgreSQL
database, 10 000 and 100 000 services, ``bench/results/search.json``); ``python -m bench search`` runs one.
Results are written to ``bench/results/<scenario>.json`` with the machine's core count, so runs can be compared.
"""

from __future__ import annotations

import json
import os
import platform
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bench import search
from bench.http import measure

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PAGES = [
    ("liveness", "/healthz"),
    ("readiness", "/readyz"),
    ("home page", "/en/"),
    ("categories API", "/api/v1/categories/"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"The server at {url} did not come up.")


SERVER_COMMAND = "gunicorn --config gunicorn.conf.py netfix.asgi:application (Uvicorn workers, as in the Dockerfile)"


@contextmanager
def _serve(env: dict[str, str]) -> Iterator[str]:
    """The production server command (the Dockerfile's) on a free loopback port; yields its base URL."""
    port = _free_port()
    log = open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "a")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "netfix.asgi:application"],
        cwd=ROOT,
        env={**env, "HOST": "127.0.0.1", "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base_url}/healthz")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def _pages(env: dict[str, str]) -> None:
    python = sys.executable
    subprocess.run([python, "manage.py", "seed_demo", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    results = []
    with _serve(env) as base_url:
        for name, path in PAGES:
            measure(name=name, base_url=base_url, path=path, clients=1, requests_per_client=5)  # warm-up
            for clients in (1, 10):
                result = measure(name=name, base_url=base_url, path=path, clients=clients, requests_per_client=50)
                results.append(result.as_dict())
                print(
                    f"{name:<16} {clients:>2} clients  p50 {result.p50_ms:>7} ms  p95 {result.p95_ms:>7} ms  "
                    f"p99 {result.p99_ms:>7} ms  {result.throughput_rps:>7} req/s  errors {result.errors}"
                )
    _write(
        "pages",
        {
            "server": SERVER_COMMAND,
            "workers": env["WEB_CONCURRENCY"],
            "database": env.get("DATABASE_URL", "sqlite").split("@")[-1],
            "results": results,
        },
    )


def _write(scenario: str, body: dict[str, object]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {
        "scenario": scenario,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        **body,
    }
    (RESULTS / f"{scenario}.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {RESULTS / f'{scenario}.json'}")


def main() -> int:
    """``python -m bench [pages] [search]`` (both by default)."""
    scenarios = sys.argv[1:] or ["pages", "search"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "netfix.settings.dev")}
    env.setdefault("DJANGO_DEBUG", "false")
    # As in production: one worker per core, a connection pool per worker, the shared cache in Redis.
    # gunicorn.conf.py decides the workers (one per core unless WEB_CONCURRENCY says); read here to record it.
    env.setdefault("WEB_CONCURRENCY", str(runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]))
    env.setdefault("DATABASE_POOL_SIZE", "4")
    env.setdefault("REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"))
    env.setdefault("LOG_LEVEL", "WARNING")
    # The benchmark is one client address hammering the API: lift the per-IP throttle it would otherwise measure.
    env.setdefault("API_THROTTLE_ANON", "1000000/min")
    env.setdefault("API_THROTTLE_USER", "1000000/min")  # UserRateThrottle also counts anonymous clients by address
    if "pages" in scenarios:
        _pages(env)
    if "search" in scenarios:
        _write("search", {"server": SERVER_COMMAND, "workers": env["WEB_CONCURRENCY"], **search.run(env, _serve)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
