# The two commands of the README's Quickstart, and the steps they are made of.
#   make run    installs everything, generates the sample, scores it end to end and prints a summary
#   make test   installs everything and runs every test (dbt unit + data tests, lint, pytest)
# Every variable below can be overridden: make run ACCOUNTS=100000 SCORING_DATE=2026-01-31

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

# Where a run reads and writes: the ICP_* environment variables, with their defaults written once in
# scripts/icp_scoring/settings.py (raw files in data/raw, the warehouse in data/warehouse, the published marts
# in data/published, ...). Set them in the environment or on the command line: make run ICP_RAW_DIR=...
export DBT_PROFILES_DIR := $(CURDIR)

ACCOUNTS ?= 5000
SEED ?= 42
SCORING_DATE ?= $(shell date -u +%F)

# The benchmark (icp benchmark): sizes in accounts, runs per size, where its files go, and the engines each size
# is built on (duckdb, postgres, spark: PostgreSQL and Spark are installed when asked for; e.g.
# BENCHMARK_ENGINES="duckdb postgres spark" BENCHMARK_ACCOUNTS=100000, about 15 more minutes at 100k).
BENCHMARK_ACCOUNTS ?= 100000 1000000
BENCHMARK_RUNS ?= 3
BENCHMARK_ENGINES ?= duckdb
BENCHMARK_DIR ?= data/benchmark
BENCHMARK_SCORING_DATE ?= 2026-06-30

# The test build scores its own sample, pinned in size, seed and date so its figures never move.
TEST_DIR ?= data/test
TEST_ACCOUNTS ?= 3000
TEST_SCORING_DATE ?= 2026-06-30

# Extra options of icp build, e.g. BUILD_ARGS=--unit-tests (the models' unit tests too: make test runs them).
BUILD_ARGS ?=
# Extra options of icp export, e.g. EXPORT_ARGS=--full or EXPORT_ARGS="--crm hubspot --icp default".
EXPORT_ARGS ?=
# Extra options of icp learn-grid, e.g. LEARN_ARGS="--min-won-customers 100 --compare-planted".
LEARN_ARGS ?=

.PHONY: help install sample build rescore validate publish export backtest learn-grid whatif docs summary report run score test \
	test-dbt lint pytest test-engines browser postgres java benchmark clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt constraints.txt pyproject.toml
	@echo "==> Installing the pinned toolchain and the icp command into $(VENV) (first run only, about a minute)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $@

install: $(BIN)/.installed  ## Create .venv: the pinned dbt, DuckDB, sqlfluff, Great Expectations, pytest, and icp

sample: install  ## Generate the raw sample files into $ICP_SAMPLE_DIR/raw (never over files it did not write)
	$(BIN)/icp sample --accounts $(ACCOUNTS) --seed $(SEED) --as-of $(SCORING_DATE)

build: install  ## Check, land (Parquet) and validate the raw files, then dbt build (seeds, models, data tests)
	$(BIN)/icp build --scoring-date $(SCORING_DATE) $(BUILD_ARGS)

rescore: install  ## After editing the grid's CSVs: rebuild and retest only what changed since the last green build
	$(BIN)/icp rescore

validate: install  ## Great Expectations on the marts (scores, grades, tiers, keys, grade mix) before publishing
	$(BIN)/icp validate marts

publish: install  ## Publish the marts for BI tools (only after a green build), swapped in atomically
	$(BIN)/icp publish

export: install  ## Write HubSpot and Salesforce import files of the accounts whose values changed (EXPORT_ARGS=--full: all)
	$(BIN)/icp export $(EXPORT_ARGS)

backtest: install  ## Backtest the grid (GRID=folder: a proposed one) on $ICP_RAW_DIR: grades then vs deals since
	$(BIN)/icp backtest --as-of $(SCORING_DATE) $${GRID:+--grid "$$GRID"}

learn-grid: install  ## Learn a grid from the won deals of data/backtest (make backtest first) into data/proposals/
	$(BIN)/icp learn-grid $(LEARN_ARGS)

whatif: install  ## Score every account with GRID=folder next to the live grid, without publishing: what would change
	@test -n "$$GRID" || { echo "make whatif needs GRID=<folder of a proposed grid>, e.g. GRID=data/proposals/default_$(SCORING_DATE)" >&2; exit 2; }
	$(BIN)/icp whatif --grid "$$GRID" --scoring-date $(SCORING_DATE)

summary: install  ## Print accounts per grade, tier and unscored reason, from the published marts
	$(BIN)/icp summary

report: install  ## Write the run's one-page HTML report (opens offline) from the published marts into $ICP_REPORT_DIR
	$(BIN)/icp report

run: install  ## Quickstart: generate the sample and score it all the way, everything in $ICP_SAMPLE_DIR (data/sample)
	$(BIN)/icp run --sample $(ACCOUNTS) --seed $(SEED) --scoring-date $(SCORING_DATE)

score: install  ## Score your extracts in $ICP_RAW_DIR all the way: land, validate, build, validate, publish, export, summary, report
	$(BIN)/icp run --scoring-date $(SCORING_DATE)

# test-dbt keeps about one core busy (dbt runs a node's Python on one), so lint runs beside it on the other,
# each one's output printed whole when it ends; then pytest, which keeps both busy.
test: install  ## Run every test: dbt build on a pinned sample, sqlfluff, ruff, pytest (the report opened in chromium too)
	$(MAKE) --no-print-directory --jobs=2 --output-sync=target test-dbt lint
	$(MAKE) --no-print-directory pytest

test-dbt:
	$(MAKE) --no-print-directory --jobs=1 sample build validate docs ACCOUNTS=$(TEST_ACCOUNTS) SCORING_DATE=$(TEST_SCORING_DATE) BUILD_ARGS=--unit-tests \
		ICP_SAMPLE_DIR=$(TEST_DIR) ICP_RAW_DIR=$(TEST_DIR)/raw ICP_LANDED_DIR=$(TEST_DIR)/landed \
		ICP_DUCKDB_PATH=$(TEST_DIR)/warehouse/icp_scoring.duckdb

docs: install  ## dbt docs generate (into target/docs), then check the hygiene rules on manifest and catalog
	ICP_SCORING_DATE=$(SCORING_DATE) $(BIN)/dbt docs generate --target-path target/docs
	$(BIN)/icp check-project --target-dir target/docs

lint: install  ## sqlfluff (models and tests; the benchmark's reference query), ruff, dbt-score (thresholds in pyproject.toml)
	$(BIN)/sqlfluff lint --processes 2 models tests
	$(BIN)/sqlfluff lint --templater placeholder scripts/icp_scoring/benchmark
	$(BIN)/ruff check scripts
	$(BIN)/ruff format --check scripts
	@# dbt-score reads a manifest: parsed on the in-memory target, so it never waits for the warehouse's lock.
	$(BIN)/dbt parse --quiet --target lint --target-path target/lint
	$(BIN)/dbt-score lint --manifest target/lint/manifest.json  # thresholds: [tool.dbt-score] in pyproject.toml

# The engine parity test starts a PostgreSQL server and a Spark session; the report's test opens chromium.
pytest: install browser postgres java
	$(BIN)/pytest

test-engines: install postgres java  ## The engine tests alone: the parity test (DuckDB, PostgreSQL, Spark) and the loaders' tests
	$(BIN)/pytest scripts/tests/engines

# The report's browser test opens it in Debian's headless chromium through chromedriver: installed when missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:  ## Install Debian's chromium and chromium-driver (the report's browser test) when missing
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		echo "==> Installing Debian's chromium and chromium-driver for the report's browser test"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; }

# The engine parity test starts its own PostgreSQL server (Debian's, run as the postgres user when root) with
# PL/Python and the idna package for the domain keys (docs/engines.md): installed when missing, server and
# PL/Python of the same version (Debian's major version 15).
PG_MAJOR := 15
postgres:  ## Install Debian's PostgreSQL server, its PL/Python and python3-idna when missing (the parity test)
	@test -x /usr/lib/postgresql/$(PG_MAJOR)/bin/pg_ctl && test -f /usr/lib/postgresql/$(PG_MAJOR)/lib/plpython3.so \
		&& /usr/bin/python3 -c 'import idna' 2>/dev/null || { \
		echo "==> Installing Debian's PostgreSQL $(PG_MAJOR) with PL/Python for the engine parity test"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql-$(PG_MAJOR) \
			postgresql-plpython3-$(PG_MAJOR) python3-idna; }

# Spark runs in a local session inside dbt's process (pyspark), on Debian's Java runtime: installed when missing.
java:  ## Install Debian's Java runtime when missing (Spark's local session in the engine parity test)
	@command -v java >/dev/null || { \
		echo "==> Installing Debian's Java runtime for Spark's local session"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq openjdk-17-jre-headless; }

benchmark: install $(if $(filter postgres,$(BENCHMARK_ENGINES)),postgres) $(if $(filter spark,$(BENCHMARK_ENGINES)),java)  ## Time build, tests and publish per stage against a reference query, on $BENCHMARK_ENGINES (duckdb); results to BENCHMARKS.md
	$(BIN)/icp benchmark --accounts $(BENCHMARK_ACCOUNTS) --runs $(BENCHMARK_RUNS) --engines $(BENCHMARK_ENGINES) \
		--work-dir $(BENCHMARK_DIR) --scoring-date $(BENCHMARK_SCORING_DATE) --keep-data --markdown BENCHMARKS.md

# What clean removes can be made again; it keeps your extracts (data/raw), the score history (the working
# warehouse), the last-export state and exports (data/exports), the published marts and learned grids.
clean:  ## Remove what can be made again: build artefacts, the venv, samples, scratch (keeps history, exports, published)
	rm -rf target logs dbt_packages $(VENV) data/sample data/test data/benchmark data/backtest data/whatif \
		data/landed data/great_expectations_docs
