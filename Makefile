# Chợ Số: `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-load migrate seed lint format messages bench e2e loadtest audit clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# gunicorn, django-storages and locust: only for the load test (and production nodes).
LOAD_STAMP := $(VENV)/.load-stamp
$(LOAD_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,prod,load]"
	@touch $(LOAD_STAMP)

install-load: $(LOAD_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -m "not postgres" $(PYTEST_ARGS)

e2e: install
	$(BIN)/pytest tests/e2e -p no:cacheprovider $(PYTEST_ARGS)

bench: install
	$(BIN)/pytest tests/benchmarks -s $(PYTEST_ARGS)

# 50 simulated people for LOAD_SECONDS (60) against gunicorn + PostgreSQL + Redis.
LOAD_SECONDS ?= 60
loadtest: install-load
	LOAD_SECONDS=$(LOAD_SECONDS) $(PY) loadtest/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in every installed (pinned) dependency, by pip-audit against
# PyPI's advisory data. It prints how many packages the service could really check;
# AUDIT_STRICT=1 makes an unchecked package a failure (where the service is reachable);
# AUDIT_ARGS go to pip-audit (e.g. AUDIT_ARGS="-s osv").
audit: install
	$(PY) -m pip install --quiet -e ".[audit]"
	$(BIN)/pip-audit --skip-editable --progress-spinner off -f json $(AUDIT_ARGS) 2>/dev/null \
	  | $(PY) .ci/audit_summary.py $(if $(AUDIT_STRICT),--strict)

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(PY) manage.py makemessages -l vi -l en --ignore=.venv --ignore=tests --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
