# Two commands: `make run` and `make test`. Both create .venv when missing and are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WORKSPACE ?= workspace
HOST ?= 127.0.0.1
PORT ?= 8866
# The demo is a mastermind group, so every app (the group one too) has something to show.
DEMO_FIRMS ?= 4

.PHONY: run test test-fast test-postgres typecheck lint format clean

$(BIN)/python:
	@echo ">> creating virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

# `install,<what>`: uv installs (about 20 s where pip takes a minute); where uv cannot (it
# does not read pip's configuration, such as a company's package index), pip does.
install = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e "$(1)" \
	|| $(BIN)/python -m pip install --quiet -e "$(1)"

#: The toolkit with the extras `make test` needs (a variable: make splits call arguments at commas).
TEST_INSTALL := .[test,models,postgres]

# Stamp files make installs happen only when pyproject.toml changed.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	@echo ">> installing the toolkit into $(VENV)"
	$(call install,.)
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo ">> installing the toolkit with its test, models and postgres extras into $(VENV)"
	$(call install,$(TEST_INSTALL))
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@if [ -e "$(WORKSPACE)/workspace.db" ]; then \
		echo ">> using the existing workspace in $(WORKSPACE)"; \
	else \
		echo ">> creating the demo workspace in $(WORKSPACE)"; \
		$(BIN)/retention --workspace "$(WORKSPACE)" demo --participants $(DEMO_FIRMS); \
	fi
	@echo ">> serving the apps on http://$(HOST):$(PORT) (Ctrl+C stops)"
	$(BIN)/retention --workspace "$(WORKSPACE)" serve --host $(HOST) --port $(PORT)

# The full suite on three pytest-xdist workers, a test file (tests/load: the folder) per
# worker at a time, so a module's server or notebook run stays with its tests, the heaviest
# first (tests/conftest.py). Three on two cores: the browser, server and hub tests spend
# much of their time waiting for other processes, and with two workers the cores stood idle
# for a tenth of the run (in one checkout, back to back: 423 s with three, 439 s with two).
# mypy runs as one of the tests (tests/test_types.py). The toolkit is compiled first: the
# suite starts some 250 Python processes (kernels, servers, commands) that import it, and
# each would compile it again where PYTHONDONTWRITEBYTECODE keeps them from saving it.
test: $(VENV)/.installed-test
	@echo ">> ruff (lint and format check)"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo ">> pytest, mypy included"
	$(BIN)/python -m compileall -q toolkit
	$(BIN)/python -m pytest -n 3 --dist loadfile

# The inner loop: lint, mypy and every test that needs no browser, no server, no notebook
# kernel and nothing marked slow, on both cores (under a minute here). `make test` stays the
# full suite.
test-fast: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q -n 2 -m "not browser and not notebooks and not slow"

# The store, import, view, app and serve tests on PostgreSQL only (tests/postgres.py). Uses the server
# in TOOLKIT_TEST_POSTGRES when set; else, as root, starts Debian's cluster (.ci/start-postgres).
# Otherwise: apt-get install postgresql, create a role with CREATEDB and set
# TOOLKIT_TEST_POSTGRES=postgresql+psycopg://role:password@127.0.0.1:5432/postgres.
POSTGRES_TESTS := tests/store tests/analytics/test_on_demo.py tests/test_cli.py tests/month_page \
	tests/apps/test_on_postgresql.py tests/test_serve.py
test-postgres: $(VENV)/.installed-test
	@url="$${TOOLKIT_TEST_POSTGRES:-$$(.ci/start-postgres)}" || exit 1; \
	echo ">> PostgreSQL at $${url%%@*}@...: the PostgreSQL runs of the store tests"; \
	TOOLKIT_TEST_POSTGRES="$$url" $(BIN)/python -m pytest -q -k postgresql $(POSTGRES_TESTS)

# mypy over toolkit/, configured in pyproject.toml ([tool.mypy]).
typecheck: $(VENV)/.installed-test
	$(BIN)/python -m mypy

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
