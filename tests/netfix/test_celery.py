"""Celery: a real worker on the Redis broker runs tasks, retries failures with backoff, and sends e-mail once."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from netfix.celery import app
from netfix.tasks import NetFixTask, send_email


@app.task(bind=True, base=NetFixTask, name="tests.flaky_counter")
def flaky_counter(self, key: str, failures: int) -> int:
    """Fail with a transient error ``failures`` times, then succeed; the count lives in Redis."""
    from django.conf import settings

    attempts = redis.Redis.from_url(settings.REDIS_URL).incr(key)
    if attempts <= failures:
        raise ConnectionError(f"transient failure {attempts}")
    return attempts


@app.task(bind=True, base=NetFixTask, name="tests.always_broken")
def always_broken(self) -> None:
    raise ValueError("a bug, not a transient failure")


@pytest.fixture
def worker(settings, transactional_db):
    """Switch the app from eager mode to the real Redis broker and run a worker thread for one test."""
    saved = {name: app.conf[name] for name in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL, result_backend=settings.REDIS_URL)
    try:
        with start_worker(app, perform_ping_check=False, pool="threads", concurrency=2, shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(saved)


@pytest.mark.redis
def test_worker_runs_a_task(worker, settings):
    key = f"test:celery:{uuid.uuid4().hex}"
    result = flaky_counter.delay(key, 0)
    assert result.get(timeout=20) == 1


@pytest.mark.redis
def test_failing_task_is_retried_until_it_succeeds(worker, settings):
    key = f"test:celery:{uuid.uuid4().hex}"
    result = flaky_counter.delay(key, 2)
    assert result.get(timeout=30) == 3
    assert int(redis.Redis.from_url(settings.REDIS_URL).get(key)) == 3


@pytest.mark.redis
def test_non_transient_error_is_not_retried(worker):
    result = always_broken.delay()
    with pytest.raises(ValueError, match="a bug"):
        result.get(timeout=20)
    assert result.result.__class__ is ValueError


@pytest.mark.redis
def test_email_task_sends_once_per_idempotency_key(worker, mailoutbox):
    key = f"booking-1-accepted-{uuid.uuid4().hex}"
    first = send_email.delay(idempotency_key=key, subject="Accepted", body="See you", to=["a@example.com"])
    second = send_email.delay(idempotency_key=key, subject="Accepted", body="See you", to=["a@example.com"])
    # The two copies run concurrently on two worker threads: whichever claims the key first sends.
    assert sorted([first.get(timeout=20), second.get(timeout=20)]) == [False, True]
    assert len(mailoutbox) == 1


def test_eager_email_task_attaches_html_and_files(mailoutbox):
    sent = send_email.delay(
        idempotency_key="k1",
        subject="Hi",
        body="text",
        html="<p>html</p>",
        to=["b@example.com"],
        attachments=[("booking.ics", "BEGIN:VCALENDAR", "text/calendar")],
    ).result  # the eager result's value (``.get()`` refuses once a worker thread ran in this process)
    assert sent is True
    (message,) = mailoutbox
    assert message.alternatives[0].content == "<p>html</p>"
    assert message.attachments[0][0] == "booking.ics"


def test_task_convention_retries_transient_errors_only():
    assert ConnectionError in NetFixTask.autoretry_for
    assert ValueError not in NetFixTask.autoretry_for
    assert NetFixTask.retry_backoff is True
    assert NetFixTask.retry_jitter is True


def test_failed_send_releases_the_claim_for_the_retry(mailoutbox, settings):
    """A send that fails must not mark the key done, or the retry would silently drop the e-mail."""
    kwargs = {"idempotency_key": "k-retry", "subject": "Hi", "body": "text", "to": ["c@example.com"]}
    # Given an SMTP server that refuses connections (a closed port on loopback) ...
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with pytest.raises(ConnectionRefusedError):
        send_email.run(**kwargs)
    # ... when it is back, the retry sends the e-mail, and only once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_email.run(**kwargs) is True
    assert send_email.run(**kwargs) is False
    assert len(mailoutbox) == 1


def test_a_worker_knows_every_task_that_beat_or_the_code_sends(settings):
    """What ``celery -A netfix worker`` registers, asked of a fresh process (this one has imported everything)."""
    script = "from netfix.celery import app; app.loader.import_default_modules(); print(*sorted(app.tasks))"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "netfix.settings.test"}
    answer = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    registered = set(answer.stdout.split())
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    sent = {
        "marketplace.send_booking_event_emails",
        "marketplace.send_payment_receipt",
        "marketplace.process_stripe_event",
        "marketplace.pay_out_booking",
        "marketplace.retry_refund",
        "marketplace.send_review_hidden_email",
        "netfix.send_email",
    }
    assert scheduled | sent <= registered, answer.stderr[-2000:]
