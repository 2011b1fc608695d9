# The two commands of the README: `make run` and `make test`. Both install first.

VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve migrate load test fuzz loadtest bench lint typecheck format schema screenshots clean bench-publishing bench-recognition

$(INSTALLED): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

install: $(INSTALLED)

migrate: install
	$(PYTHON) manage.py migrate --noinput

load: migrate
	$(PYTHON) manage.py load_content

run: load
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

# Production: gunicorn with gunicorn.conf.py; settings from the environment (README).
serve: migrate
	$(PYTHON) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/gunicorn --config gunicorn.conf.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# healthapi/, causes/ and accounts/ against the Django and DRF stubs ([tool.mypy]).
typecheck: install
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The whole suite, a worker per core (pytest-xdist); README, "Development".
test: lint typecheck
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest --numprocesses=auto

# Deeper runs, outside `make test`.
fuzz: install
	SCHEMATHESIS_MAX_EXAMPLES=200 $(VENV)/bin/pytest tests/test_schema_properties.py \
		--hypothesis-show-statistics -p no:cacheprovider

loadtest: install
	$(PYTHON) -m bench.loadtest

# The time to draft and publish a change set of 100 objects (prints it).
bench-publishing: install
	$(PYTHON) -m bench.publishing

# Precision and recall of free-text recognition on the test set, and its speed (prints them).
bench-recognition: install
	$(PYTHON) -m bench.recognition

# Writes bench/results.md. wrk is Debian's package; installing it needs root.
bench: install
	command -v wrk >/dev/null || apt-get install -y wrk
	$(PYTHON) -m bench.run

# Writes docs/swagger-ui.png and docs/explorer.png (the README shows them).
screenshots: install
	SCREENSHOT_DIR=docs $(VENV)/bin/pytest tests/test_browser.py -p no:cacheprovider

schema: install
	$(PYTHON) manage.py spectacular --validate --fail-on-warn --file schema.yaml

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles schema.yaml .cache \
		clients/typescript/node_modules clients/typescript/src/schema.d.ts
