# One Map — the two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: run test lint bench clean-db setup-run setup-test region

$(VENV)/.run-installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.test-installed: requirements.txt requirements-dev.txt $(VENV)/.run-installed
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

setup-run: $(VENV)/.run-installed
	@scripts/system_deps.sh run

setup-test: $(VENV)/.test-installed
	@scripts/system_deps.sh test

## make run: set-up, private PostGIS under var/ (unless DATABASE_URL), schema, data, serve
run: setup-run
	$(PY) manage.py run

## make test: set-up and the whole suite (unit, API, real PostGIS, real Chromium)
test: setup-test
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --timeout 600 $(PYTEST_ARGS)

lint: setup-test
	$(PY) -m ruff check .

## make bench: the benchmarks of bench/ (results in bench/results/, quoted in the README)
bench: setup-test
	$(PY) -m bench.run_all

## make region ADCODE=320100 [OUT=DIR]: build a region pack offline, with its own venv
OUT ?= var/regions/$(ADCODE)
region: $(VENV)/.run-installed
	@test -n "$(ADCODE)" || { echo "usage: make region ADCODE=320100 [OUT=DIR]" >&2; exit 2; }
	$(PY) manage.py build-region $(ADCODE) --out $(OUT) --force

clean-db:
	-$(PY) manage.py db-stop
	rm -rf var/pg
