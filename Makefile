# NetFix developer commands. `make run` and `make test` work on a fresh clone with nothing but Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install lock run test lint format bench makemessages messages migrate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed: requirements.lock $(BIN)/uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes requirements.lock
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

lock: $(BIN)/uv ## Re-resolve pyproject.toml into requirements.lock (dev) and requirements-prod.lock (Docker image)
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock
	$(BIN)/uv pip compile --quiet pyproject.toml --python-version 3.11 --generate-hashes -o requirements-prod.lock

makemessages: install ## Collect new UI strings into locale/*/django.po (then translate them)
	$(MANAGE) makemessages -l fr -l es -l ar --no-location --no-obsolete \
		--ignore=.venv --ignore=static --ignore=tests --ignore=test-results --ignore=staticfiles --ignore=media \
		--ignore=bench --ignore=docs -v 0

messages: install ## Compile the translation catalogues
	$(MANAGE) compilemessages --ignore=.venv -v 0

migrate: messages
	$(MANAGE) migrate --noinput -v 0

run: migrate ## Serve http://127.0.0.1:8000/ with embedded services (SQLite, eager Celery, console e-mail, localstripe)
	@[ -f .seeded ] || { $(MANAGE) seed_demo && touch .seeded; }
	$(BIN)/python -m marketplace.payments.localstripe_server --port 8420 & trap "kill $$!" EXIT; \
		$(BIN)/daphne -b $(HOST) -p $(PORT) netfix.asgi:application

test: messages ## Run the whole suite with branch coverage (fails under 85 %)
	DJANGO_SETTINGS_MODULE=netfix.settings.test $(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff, mypy and djlint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/djlint templates --lint

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: migrate ## Benchmarks (search: 10k/100k services in PostgreSQL BENCH_DATABASE_URL, default netfix_bench); JSON in bench/results/
	$(BIN)/python -m bench

clean: ## Remove the virtualenv, local database and caches
	rm -rf $(VENV) db.sqlite3 .seeded .pytest_cache .mypy_cache .ruff_cache htmlcov .coverage
