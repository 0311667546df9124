# quizapp — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= $(or $(QUIZAPP_HOST),127.0.0.1)
PORT   ?= $(or $(QUIZAPP_PORT),5000)
WORKERS ?= 2
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install run test test-fast test-postgres test-scale e2e lint typecheck bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "quizapp needs Python >= 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/quizapp init-db
	$(BIN)/quizapp import questions/
	QUIZAPP_HOST=$(HOST) QUIZAPP_PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/honcho start --no-prefix -f Procfile

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not e2e and not slow"

test-postgres: $(STAMP)
	QUIZAPP_TEST_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q tests/integration tests/web

# Many boxes on this machine: two app servers and two workers on PostgreSQL and Redis
# behind HAProxy (Debian's haproxy package), killed and restarted mid-load.
test-scale: $(STAMP)
	QUIZAPP_SCALE=1 $(BIN)/python -m pytest -q -p no:randomly tests/scale

lint: $(STAMP)
	$(BIN)/ruff check quizapp tests bench
	$(BIN)/mypy --follow-imports=silent quizapp/core

bench: $(STAMP)
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
