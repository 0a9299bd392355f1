# Chợ Số: `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-load migrate seed lint format messages bench bench-http e2e loadtest probes audit clean

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)

# `make run` installs what the site needs; `make test` (and the other developer targets)
# add the test extra (browser driver, property tests, S3 mock...) on top.
RUN_STAMP := $(VENV)/.run-stamp
$(RUN_STAMP): pyproject.toml | $(PY)
	@echo "Installing the site's packages into $(VENV) (the first time takes a few minutes)..."
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check .
	@touch $@

$(STAMP): pyproject.toml | $(RUN_STAMP)
	@echo "Installing the test tools into $(VENV)..."
	@$(PY) -m pip install --quiet --disable-pip-version-check ".[test]"
	@touch $@

install: $(STAMP)

# gunicorn, django-storages and locust: only for the load test (and production nodes).
LOAD_STAMP := $(VENV)/.load-stamp
$(LOAD_STAMP): pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e ".[test,prod,load]"
	@touch $(LOAD_STAMP)

install-load: $(LOAD_STAMP)

migrate: $(RUN_STAMP)
	@echo "Preparing the database..."
	@$(PY) manage.py migrate --noinput -v 0

seed: migrate
	@$(PY) manage.py seed_demo

# SITE_URL follows HOST and PORT, so that the QR labels printed from this server scan;
# on 0.0.0.0 (every interface) labels carry this machine's first address on the network.
SITE_HOST = $(if $(filter 0.0.0.0,$(HOST)),$(or $(firstword $(shell hostname -I 2>/dev/null)),127.0.0.1),$(HOST))
run: export SITE_URL ?= http://$(SITE_HOST):$(PORT)
run: seed
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -m "not postgres" $(PYTEST_ARGS)

e2e: install
	$(BIN)/pytest tests/e2e -p no:cacheprovider $(PYTEST_ARGS)

# In-process timings (test client, DEBUG off) of each page beside the floor in the same run:
# a visitor, a shopper with a cart, and cold caches; about 3-5 minutes on SQLite (add
# DATABASE_URL for PostgreSQL). BENCH_FULL=1 adds the load-scale cases (100,000 products,
# 1,000,000 households on PostgreSQL); skipped ones are listed ("set BENCH_FULL=1 for ...").
# `make bench | grep '^BENCH'` gives the table (docs/performance.md).
bench: install
	$(BIN)/pytest tests/benchmarks -s -rs $(PYTEST_ARGS)

# The same pages over HTTP: gunicorn (2 workers) and wrk (apt-get install wrk), on SQLite
# then PostgreSQL + Redis, BENCH_PRODUCTS (10000) load-scale products, each page's req/s
# against the floor's (`make bench-http | grep ^HTTP` gives the table).
bench-http: install-load
	$(PY) loadtest/http_bench.py

# A mixed load against gunicorn (2 workers) + PostgreSQL + Redis, by default an open model:
# requests start at each of LOAD_RATES (req/s) for LOAD_STEP_SECONDS whatever the answers,
# until a rate is not held (p95 over 500 ms, or an error); about 3 minutes in all.
# LOAD_MODEL=closed runs locust's 50 people with think time for LOAD_SECONDS instead.
LOAD_MODEL ?= open
LOAD_RATES ?= 10,20,30,40,60,80,120
LOAD_STEP_SECONDS ?= 15
LOAD_SECONDS ?= 60
loadtest: install-load
	LOAD_MODEL=$(LOAD_MODEL) LOAD_RATES=$(LOAD_RATES) LOAD_STEP_SECONDS=$(LOAD_STEP_SECONDS) \
	  LOAD_SECONDS=$(LOAD_SECONDS) $(PY) loadtest/run.py

# Three hardening probes (guest hoarding, upload memory, webhook shapes) replayed against
# gunicorn + PostgreSQL + Redis as for the load test; exits non-zero on a fault found.
probes: install-load
	$(PY) loadtest/probes.py

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

# Lighthouse mobile (simulated slow 4G and 3G) on home, catalog, a product, a storefront
# and a trace page, served with DEBUG off on 127.0.0.1:8107 from a fresh SQLite demo.
# Lighthouse is installed outside the repo (see docs/performance.md); reports go to
# test-artifacts/lighthouse/. LIGHTHOUSE_RUNS=3 keeps the median run of three. Needs only
# the site's packages (no test tools).
.PHONY: lighthouse
lighthouse: $(RUN_STAMP)
	$(PY) loadtest/lighthouse.py
