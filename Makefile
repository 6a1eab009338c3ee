# Kith: two commands for a fresh machine.
#   make demo   install from the lock files, build the SQLite demo borough, serve on 127.0.0.1:8000
#   make test   install what the tests need and run them all (CI=true: PostgreSQL and Chromium required)
# and:
#   make serve  gunicorn against DATABASE_URL (PostgreSQL)
#   make bench  the benchmarks (ONLY=<name> for one)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VAR := $(CURDIR)/var
CHILDREN ?= 2000
SEED ?= 1
PORT ?= 8000
WORKERS ?= 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/kith
export KITH_VAR_DIR := $(VAR)

DEMO_ENV := KITH_SECRET_KEY=demo-only-secret-never-use-in-production KITH_SECURE_COOKIES=0
TEST_ENV := KITH_SECRET_KEY=test-only-secret KITH_FAST_PASSWORD_HASHING=1 KITH_SECURE_COOKIES=0

.PHONY: install install-dev assets demo serve test lint typecheck bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CURDIR)/var/build/static/kith/kith.css: kith/core/scss/kith.scss node_modules/.installed
	mkdir -p $(dir $@)
	npx --no-install sass --no-source-map --quiet-deps --load-path=node_modules $< $@

install: $(VENV)/.base

install-dev: $(VENV)/.dev

assets: $(CURDIR)/var/build/static/kith/kith.css
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

demo: install assets
	$(DEMO_ENV) $(BIN)/python manage.py migrate --verbosity 0
	$(DEMO_ENV) $(BIN)/python manage.py seed_borough --children $(CHILDREN) --seed $(SEED) --if-empty
	$(DEMO_ENV) $(BIN)/python manage.py demo_sign_ins
	$(DEMO_ENV) $(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile -

serve: install assets
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL, for example $(PG_URL)"; exit 1; }
	@test -n "$$KITH_SECRET_KEY" || { echo "Set KITH_SECRET_KEY"; exit 1; }
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS)

test: install-dev $(CURDIR)/var/build/static/kith/kith.css
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy
	$(TEST_ENV) bash bin/run-tests

lint: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev assets
	$(TEST_ENV) $(BIN)/python -m bench $(if $(ONLY),--only $(ONLY),)

# The children's pages in other languages: compile after changing a .po file (the compiled .mo
# files are committed, so a fresh machine needs no gettext tools).
messages: install
	cd kith/voice && $(DEMO_ENV) ../../$(BIN)/python ../../manage.py compilemessages --verbosity 0

clean:
	rm -rf $(VENV) .venv-validators node_modules $(VAR)

# The DfE return validators in their own virtualenv (they pin pandas < 2 and numpy < 1.25).
VALIDATORS := .venv-validators
.PHONY: validators
$(VALIDATORS)/.installed: requirements/validators.txt
	$(PYTHON) -m venv $(VALIDATORS)
	$(VALIDATORS)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/validators.txt
	touch $@
validators: $(VALIDATORS)/.installed
test demo bench: validators
