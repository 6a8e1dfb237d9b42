# Two commands for a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONPATH := site

.PHONY: run test install install-dev assets migrate demo serve lint format check bench clean lock

$(VENV)/bin/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found). Set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements-pip.lock

# Installed only from the hash-locked files: every package, transitive ones included,
# must be the exact file recorded there (scripts/lock.sh recompiles them).
$(VENV)/.installed: requirements.lock $(VENV)/bin/activate
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

build/static/css/main.css: node_modules/.package-lock.json frontend/build.mjs $(wildcard frontend/scss/*.scss)
	npm run --silent build

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
assets: build/static/css/main.css

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo

# Serves HTTP and WebSockets on one port, with the task worker beside it.
run: install assets demo
	@echo "Serving on http://$(HOST):$(PORT) (Ctrl+C stops the server and the worker)"
	@# The trap clears itself first: "kill 0" signals this shell too, and a trap that
	@# re-entered itself would recurse until the shell crashed.
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --queue-name '*' & \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev assets
	bash scripts/test.sh

# Recompile the hash-locked requirements after editing requirements*.txt.
lock: install-dev
	bash scripts/lock.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install-dev
	$(PY) bench/home_page_bench.py

clean:
	rm -rf $(VENV) node_modules build var
