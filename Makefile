# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	sh scripts/system-deps.sh
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/wakewatch --db demo.duckdb demo

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	# nomenklatura (the screening anchor, benchmarks only) declares duckdb<2 but its matchers
	# do not use DuckDB: install it, then put wakewatch's pinned duckdb back
	$(BIN)/python -m pip install --quiet nomenklatura==4.17.4
	$(BIN)/python -m pip install --quiet duckdb==2.0.0
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/detect.py
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/screening.py
	$(BIN)/python benchmarks/screening_lists.py
	$(BIN)/python benchmarks/alerts_quality.py

clean:
	rm -rf $(VENV) demo.duckdb .mypy_cache .pytest_cache .ruff_cache
