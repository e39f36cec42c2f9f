# The two commands of the README: `make run` and `make test`. Both create the virtual
# environment on first use from the pinned requirements (PyPI only; nothing else downloads).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-spark lint venv clean generate docs report shell status

run: $(STAMP)
	$(BIN)/aibarometer run $(ARGS)

# A DuckDB 1.x client, as BI tools bundle, to test that the public database opens in one.
COMPAT := .venv-compat/.installed

test: $(STAMP) $(COMPAT)
	$(BIN)/pytest
	$(MAKE) lint

# The same models on a local Apache Spark through dbt-spark, every mart compared with the DuckDB build
# (docs/spark.md). Needs Java 17; .ci/run installs it where missing.
SPARK := .venv-spark/.installed

test-spark: $(STAMP) $(SPARK)
	$(BIN)/pytest -m spark -n 0 pytests/test_spark.py

$(SPARK): requirements-spark.txt requirements.lock pyproject.toml
	@echo "Installing dbt-spark and pyspark into .venv-spark (first run or changed pins only; about 2 minutes)..."
	test -x .venv-spark/bin/python || $(PYTHON) -m venv .venv-spark
	.venv-spark/bin/pip install --quiet --disable-pip-version-check -r requirements-spark.txt -c requirements.lock
	.venv-spark/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(SPARK)

# ruff on every Python file (the package, tests, benchmarks, dbt's Python models: pyproject.toml [tool.ruff]),
# then sqlfluff on the SQL.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/sqlfluff lint models macros analyses tests

venv: $(STAMP)

$(STAMP): requirements.txt requirements.lock pyproject.toml
	@echo "Installing the pinned packages into $(VENV) (first run or changed pins only; about 3 minutes)..."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(COMPAT): requirements-compat.txt
	@echo "Installing the DuckDB 1.x client and CLI the tests open the files with into .venv-compat..."
	test -x .venv-compat/bin/python || $(PYTHON) -m venv .venv-compat
	.venv-compat/bin/pip install --quiet --disable-pip-version-check -r requirements-compat.txt
	touch $(COMPAT)

clean:
	rm -rf target logs warehouse/build warehouse/build-spark warehouse/spark warehouse/spark-export

# The dbt docs as one self-contained page: target/static_index.html (builds a scratch database first,
# so the catalog has every table and column).
docs: $(STAMP)
	$(BIN)/aibarometer intake
	AIB_DUCKDB_PATH=warehouse/build/docs.duckdb $(BIN)/dbt build --quiet
	AIB_DUCKDB_PATH=warehouse/build/docs.duckdb $(BIN)/dbt docs generate --static
	@echo "docs: $(CURDIR)/target/static_index.html"

# The report per wave, Dutch and English, HTML and PDF, from the public database: warehouse/report/index.html.
# `aibarometer run` first, so the report reads what the project now publishes (a no-op when nothing changed).
report: $(STAMP)
	$(BIN)/aibarometer run
	$(BIN)/aibarometer report

# The DuckDB CLI, read-only, on the public database; and what the warehouse holds.
shell: $(STAMP)
	$(BIN)/aibarometer shell

status: $(STAMP)
	$(BIN)/aibarometer status

generate: $(STAMP)
	$(BIN)/aibarometer generate
