"""``make bench``: start the app as in production (Daphne, production-like settings) and measure key pages.

Each later capability adds its scenario here (search adds ``bench/results/search.json``). Results are written to
``bench/results/<scenario>.json`` with the machine's core count, so numbers can be compared run to run.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

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


def main() -> int:
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "netfix.settings.dev")}
    env.setdefault("DJANGO_DEBUG", "false")
    env.setdefault("LOG_LEVEL", "WARNING")
    # The benchmark is one client address hammering the API: lift the per-IP throttle it would otherwise measure.
    env.setdefault("API_THROTTLE_ANON", "1000000/min")
    python = sys.executable
    subprocess.run([python, "manage.py", "seed_demo", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [python, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "netfix.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base_url}/healthz")
        results = []
        for name, path in PAGES:
            measure(name=name, base_url=base_url, path=path, clients=1, requests_per_client=5)  # warm-up
            for clients in (1, 10):
                result = measure(name=name, base_url=base_url, path=path, clients=clients, requests_per_client=50)
                results.append(result.as_dict())
                print(
                    f"{name:<16} {clients:>2} clients  p50 {result.p50_ms:>7} ms  p95 {result.p95_ms:>7} ms  "
                    f"p99 {result.p99_ms:>7} ms  {result.throughput_rps:>7} req/s  errors {result.errors}"
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {
        "scenario": "pages",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "server": "daphne (1 process)",
        "database": env.get("DATABASE_URL", "sqlite").split("@")[-1],
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "results": results,
    }
    (RESULTS / "pages.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {RESULTS / 'pages.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
