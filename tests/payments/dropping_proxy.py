"""A loopback HTTP proxy that lets Stripe act, then drops the connection before the answer reaches NetFix.

That is the failure idempotency keys exist for: the money moved, but the caller never heard so. The proxy forwards
each request to localstripe, reads the full answer, and for the chosen requests closes the socket without writing
it, so the Stripe SDK sees a dropped connection and retries with the same idempotency key.
"""

from __future__ import annotations

import http.client
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class DropRule:
    """Drop the answers of the first ``times`` requests whose method and path match."""

    method: str
    path: re.Pattern[str]
    times: int
    dropped: int = 0


@dataclass
class DroppingProxy:
    upstream: str
    rules: list[DropRule] = field(default_factory=list)
    forwarded: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, idempotency key
    url: str = ""

    def drop(self, method: str, path: str, times: int = 1) -> None:
        self.rules.append(DropRule(method, re.compile(path), times))

    def _should_drop(self, method: str, path: str) -> bool:
        for rule in self.rules:
            if rule.method == method and rule.path.search(path) and rule.dropped < rule.times:
                rule.dropped += 1
                return True
        return False

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p, _key in self.forwarded if m == method and re.search(path, p))


@contextmanager
def dropping_proxy(upstream: str) -> Iterator[DroppingProxy]:
    proxy = DroppingProxy(upstream)
    target = urlsplit(upstream)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in {"host", "connection"}}
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
            connection.close()
            with lock:
                proxy.forwarded.append((self.command, self.path, self.headers.get("Idempotency-Key", "")))
                drop = proxy._should_drop(self.command, self.path)
            if drop:
                self.close_connection = True
                self.connection.close()  # Stripe acted; NetFix never hears the answer
                return
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in {"transfer-encoding", "connection", "content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_DELETE = _forward

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    proxy.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
