# Two commands on a fresh machine: `make demo` and `make test`. Each builds .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The browser tests drive Debian's Chromium; nothing downloads a browser at run time.
CHROMIUM_PACKAGES := chromium fonts-dejavu-core

.PHONY: demo test lint format bench clean chromium

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Reports go to ./reports in this folder (infoview-kit demo writes where it is run).
demo: $(STAMP)
	$(BIN)/infoview-kit demo

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && \
	    apt-get install -y -qq --no-install-recommends $(CHROMIUM_PACKAGES) >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium: run 'sudo apt-get install -y --no-install-recommends $(CHROMIUM_PACKAGES)', then make test again."; \
	    exit 1; \
	  fi; }

test: $(STAMP) chromium
	$(BIN)/ruff check infoview_kit tests benchmarks notebooks setup.py
	MPLBACKEND=Agg $(BIN)/python -m pytest tests notebooks --nbval-lax \
		--nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check infoview_kit tests benchmarks notebooks setup.py
	$(BIN)/ruff format --check infoview_kit tests benchmarks setup.py

format: $(STAMP)
	$(BIN)/ruff format infoview_kit tests benchmarks setup.py
	$(BIN)/ruff check --fix infoview_kit tests benchmarks setup.py

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports build dist *.egg-info
