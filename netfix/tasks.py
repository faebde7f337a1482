"""Conventions for every Celery task, and the e-mail task they all use.

Tasks are retried with exponential backoff and jitter when a dependency fails for a moment (network, SMTP,
broker), and are idempotent: a caller passes an ``idempotency_key`` and a task that already finished for that key
does nothing (``run_once``), so a retry after a lost acknowledgement, or a message delivered twice, never sends a
second e-mail.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Task, shared_task
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives

# Transient failures worth another try; anything else is a bug and fails at once.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError, OSError, smtplib.SMTPException)
DONE_TTL_SECONDS = 7 * 24 * 3600
CLAIM_TTL_SECONDS = 10 * 60


class NetFixTask(Task):
    """Base class: retry transient errors up to 6 times, backing off 1 s, 2 s, 4 s ... (max 10 min), with jitter."""

    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 6
    acks_late = True


class AlreadyClaimed(Exception):
    """Another run of the task has finished, or is running, for this idempotency key."""


@contextmanager
def run_once(task_name: str, idempotency_key: str) -> Iterator[None]:
    """Let exactly one run of ``task_name`` do its work for ``idempotency_key``.

    The claim is an atomic ``cache.add``, so two copies of one message running at the same time cannot both pass.
    If the work fails the claim is released so that the retry can take it; if a worker dies mid-way the claim
    lapses after ``CLAIM_TTL_SECONDS``. After success the key is kept for ``DONE_TTL_SECONDS``.
    """
    key = f"task-once:{task_name}:{idempotency_key}"
    if not cache.add(key, "running", timeout=CLAIM_TTL_SECONDS):
        raise AlreadyClaimed(key)
    try:
        yield
    except BaseException:
        cache.delete(key)
        raise
    cache.set(key, "done", timeout=DONE_TTL_SECONDS)


@shared_task(base=NetFixTask, bind=True, name="netfix.send_email")
def send_email(
    self: Task,
    *,
    idempotency_key: str,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
    headers: dict[str, Any] | None = None,
) -> bool:
    """Send one e-mail once. Returns False when it had already been sent for this key."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, headers=headers or {})
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    try:
        with run_once(self.name, idempotency_key):
            message.send()
    except AlreadyClaimed:
        return False
    return True
