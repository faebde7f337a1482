"""The production server (``gunicorn.conf.py``: Gunicorn keeping Uvicorn workers) serves HTTP and WebSockets.

The Dockerfile, docker-compose.yml and ``make bench`` all start this command; here it runs on a free loopback port
with two workers against a throwaway SQLite database (the liveness probe and the WebSocket handshake need no data).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE", "REDIS"))},
        "DJANGO_SETTINGS_MODULE": "netfix.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    log = tmp_path / "server.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "netfix.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    base = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://{base}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError(f"The server did not come up:\n{log.read_text()}") from None
                time.sleep(0.2)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_production_server_answers_http_from_its_workers(server):
    base, log = server
    for _ in range(4):
        with urllib.request.urlopen(f"http://{base}/healthz", timeout=5) as response:
            assert response.status == 200
            assert b'"ok"' in response.read()
    assert log.read_text().count("Booting worker") == 2


def test_the_production_server_hands_websockets_to_channels(server):
    """The Channels router answers the handshake: a foreign origin is refused by its origin validator (403)."""
    base, _log = server
    with pytest.raises(InvalidStatus) as refused:
        connect(f"ws://{base}/ws/anything/", origin="https://evil.example", open_timeout=10)  # type: ignore[arg-type]
    assert refused.value.response.status_code == 403
