"""How production serves NetFix: Gunicorn keeping Uvicorn workers (ASGI: HTTP and WebSockets), one per core.

One ASGI process runs one request's Python at a time, so a single Daphne process queued requests on a 2-core machine
(``make bench``: even the categories API had p95 143 ms at 10 clients); Gunicorn forks ``WEB_CONCURRENCY`` workers,
restarts any that dies, and stops them gracefully. Read by the Dockerfile, docker-compose.yml and ``make bench``
(decision 0047). ``make run`` keeps Daphne, for Channels' autoreloading development server.
"""

import os


def _cores() -> int:
    """The cores this process may run on (its CPU affinity), where the platform tells; else all of the machine's.

    A container's CPU quota (``--cpus``) does not show here: set ``WEB_CONCURRENCY`` to it.
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 - inside the container
worker_class = "uvicorn_worker.UvicornWorker"
workers = int(os.environ["WEB_CONCURRENCY"]) if os.environ.get("WEB_CONCURRENCY") else _cores()
# A worker busy longer than this is killed and replaced; slow uploads are buffered by the proxy in front.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Uvicorn rewrites the client address and scheme only for these peers; Django itself reads X-Forwarded-For
# (NUM_PROXIES) and X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER), so by default nothing outside is believed here.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None  # netfix.observability logs each request as JSON with its request id
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
