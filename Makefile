# Two commands on a fresh machine: `make demo` and `make test`. Each builds .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m infoview_kit.demo

test: $(STAMP)
	$(BIN)/ruff check infoview_kit tests benchmarks tools notebooks
	MPLBACKEND=Agg $(BIN)/python -m pytest tests notebooks --nbval-lax \
		--nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check infoview_kit tests benchmarks tools notebooks
	$(BIN)/ruff format --check infoview_kit tests benchmarks tools

format: $(STAMP)
	$(BIN)/ruff format infoview_kit tests benchmarks tools
	$(BIN)/ruff check --fix infoview_kit tests benchmarks tools

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports build *.egg-info
