# The two commands of the README: `make run` and `make test`. Both create the virtual
# environment on first use from the pinned requirements (PyPI only; nothing else downloads).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint venv clean generate

run: $(STAMP)
	$(BIN)/aibarometer run

# A DuckDB 1.x client, as BI tools bundle, to test that the public database opens in one.
COMPAT := .venv-compat/.installed

test: $(STAMP) $(COMPAT)
	$(BIN)/pytest
	$(MAKE) lint

lint: $(STAMP)
	$(BIN)/sqlfluff lint models macros analyses tests

venv: $(STAMP)

$(STAMP): requirements.txt requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(COMPAT): requirements-compat.txt
	test -x .venv-compat/bin/python || $(PYTHON) -m venv .venv-compat
	.venv-compat/bin/pip install --quiet --disable-pip-version-check -r requirements-compat.txt
	touch $(COMPAT)

clean:
	rm -rf target logs warehouse/build

generate: $(STAMP)
	$(BIN)/aibarometer generate
