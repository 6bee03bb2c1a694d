# The two set-up commands: `make site` and `make test`. Each installs what it needs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve schema lint bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## build site/ (with the PDF and data/facts.json)
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## validate and verify the content only
	$(BIN)/briefing check

serve: $(STAMP)  ## editors' live preview on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --livereload

schema: $(STAMP)  ## rewrite content/schema/*.json from the models
	$(BIN)/briefing schema

lint: $(STAMP)
	$(BIN)/ruff check briefing tests build_charts.py benchmarks
	$(BIN)/mypy

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest -q

# MyST (npm mystmd) is an anchor for the benchmark when npm can install it; the benchmark says when it cannot run.
MYST := $(VENV)/node/node_modules/.bin/myst
$(MYST):
	mkdir -p $(VENV)/node && cd $(VENV)/node && npm install --no-audit --no-fund --silent mystmd

bench: $(STAMP)  ## the benchmark (README, "Benchmark"): 1x, 10x and 100x; writes benchmarks/results.json
	-$(MAKE) --no-print-directory $(MYST)
	$(BIN)/python benchmarks/bench.py

bench-quick: $(STAMP)  ## the benchmark at 1x and 10x only, fewer runs
	-$(MAKE) --no-print-directory $(MYST)
	$(BIN)/python benchmarks/bench.py --quick

clean:
	rm -rf site $(VENV) .pytest_cache
