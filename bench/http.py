"""A small HTTP load driver: N clients on loopback, bounded in requests and time, reporting percentiles."""

from __future__ import annotations

import statistics
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Result:
    name: str
    path: str
    clients: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    throughput_rps: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return round(ordered[index], 2)


def measure(*, name: str, base_url: str, path: str, clients: int, requests_per_client: int) -> Result:
    """Send ``clients × requests_per_client`` GETs to ``base_url + path``; only loopback URLs are allowed."""
    if not base_url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
        raise ValueError("Benchmarks only target this machine.")
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        for _ in range(requests_per_client):
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base_url + path, timeout=30) as response:  # noqa: S310 - loopback only
                    response.read()
                    ok = 200 <= response.status < 400
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return Result(
        name=name,
        path=path,
        clients=clients,
        requests=len(latencies),
        errors=errors,
        p50_ms=round(statistics.median(latencies), 2),
        p95_ms=_percentile(latencies, 0.95),
        p99_ms=_percentile(latencies, 0.99),
        throughput_rps=round(len(latencies) / wall, 1),
    )
