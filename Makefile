# Portal Dewan Smart City — the two commands of the README, and a few helpers.
#   make run   serve the portal with demo data on the embedded defaults (SQLite, Celery eager)
#   make test  install what the tests need and run the whole suite (ruff, migrations, pytest)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.requirements-installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: WeasyPrint's Pango and fonts to run; Chromium and poppler to test.
RUN_DEBS  := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation2
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils postgresql-client-15 zbar-tools

.PHONY: run test lint check venv debs-run debs-test worker beat bench bench-national backup restore clean

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $(STAMP)

venv: $(STAMP)

# python3-venv makes the virtualenv on a fresh machine (the image has its own Python).
VENV_DEBS := python3-venv

debs-run:
	@missing="$$(for p in $(VENV_DEBS) $(RUN_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

debs-test:
	@missing="$$(for p in $(VENV_DEBS) $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

run: debs-run $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(VENV)/bin/ruff check .

check: $(STAMP)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

test: debs-test $(STAMP) lint check
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

worker: $(STAMP)
	$(VENV)/bin/celery -A dewan worker -Q reports,default -l info

beat: $(STAMP)
	$(VENV)/bin/celery -A dewan beat -l info

bench: debs-test $(STAMP)
	$(PY) bench/report_speed.py --runs 5

# The national data set (514 regencies) in PostgreSQL, every main page in-process at 0.1x and
# 1x, then gunicorn under wrk beside the two floors (figures for docs/performance.md).
bench-national: debs-test $(STAMP)
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) -m bench.national.run --scales 0.1 1

# Backup and restore: the database (pg_dump, or the SQLite file) and the uploaded files.
#   make backup                      into backups/<date-time>/
#   make restore FROM=backups/...    into an empty database (FORCE=1 replaces what is there)
backup: $(STAMP)
	$(PY) manage.py backup $(TO)

restore: $(STAMP)
	@test -n "$(FROM)" || { echo "usage: make restore FROM=backups/<date-time>"; exit 2; }
	$(PY) manage.py restore "$(FROM)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
