# syntax=docker/dockerfile:1
# NetFix production image: Gunicorn with Uvicorn workers serves HTTP and WebSockets (gunicorn.conf.py); the same
# image runs the Celery worker and beat.

# --- build: install the locked runtime dependencies, compile translations, collect static files -------------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements-prod.lock ./
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir "uv==0.13.9" \
    && /opt/venv/bin/uv pip sync --python /opt/venv/bin/python --require-hashes requirements-prod.lock \
    && /opt/venv/bin/pip uninstall -y uv
COPY . .
# Throwaway values: production settings refuse to load without them, and nothing here touches a database. The
# signing key is generated for this step only and is not kept in the image.
RUN DJANGO_SETTINGS_MODULE=netfix.settings.production \
    DJANGO_SECRET_KEY=build-only-not-secret DATABASE_URL=sqlite:////tmp/build.sqlite3 ALLOWED_HOSTS=localhost \
    IDP_OIDC_PRIVATE_KEY="$(/opt/venv/bin/python -m netfix.oidc_keys)" NUM_PROXIES=0 \
    STRIPE_SECRET_KEY=build-only STRIPE_PUBLISHABLE_KEY=build-only STRIPE_WEBHOOK_SECRET=build-only \
    sh -c "/opt/venv/bin/python manage.py compilemessages --ignore=.venv -v 0 \
        && /opt/venv/bin/python manage.py collectstatic --noinput -v 0"

# --- runtime: no compilers, no dev dependencies, not root ----------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=netfix.settings.production \
    PORT=8000
RUN groupadd --system netfix && useradd --system --gid netfix --home-dir /app --shell /usr/sbin/nologin netfix
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=netfix:netfix /app /app
WORKDIR /app
RUN mkdir -p /app/media && chown netfix:netfix /app/media
USER netfix
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/healthz', timeout=4)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "netfix.asgi:application"]
