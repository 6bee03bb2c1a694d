# The two set-up commands: `make site` and `make test`. Each installs what it needs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core (accessibility checks in tests/browser) from the npm registry, pinned in package-lock.json;
# installed when npm is present (the browser tests say so and skip the checks otherwise, fail under CI=true).
AXE := $(if $(shell command -v npm 2>/dev/null),node_modules/axe-core/axe.min.js)
export NO_MKDOCS_2_WARNING := 1

# The PDF is dated by the last commit that changed content/ (reproducible: same content, same bytes).
CONTENT_DATE := $(shell git log -1 --format=%ct -- content 2>/dev/null)

.PHONY: site pdf test check serve schema lint bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q briefing build_charts.py  # bytecode now: PYTHONDONTWRITEBYTECODE may be set
	touch $(STAMP)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

site: $(STAMP)  ## build site/ (with the PDF and data/facts.json)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$(CONTENT_DATE)} $(BIN)/mkdocs build --strict

pdf: $(STAMP)  ## build site/briefing.pdf alone
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$(CONTENT_DATE)} $(BIN)/briefing pdf

check: $(STAMP)  ## validate and verify the content only
	$(BIN)/briefing check

serve: $(STAMP)  ## editors' live preview on http://127.0.0.1:8000 (refreshes the schemas' id suggestions first)
	$(BIN)/briefing schema >/dev/null
	$(BIN)/mkdocs serve --livereload

schema: $(STAMP)  ## rewrite content/schema/*.json from the models
	$(BIN)/briefing schema

lint: $(STAMP)
	$(BIN)/ruff check briefing tests build_charts.py benchmarks
	$(BIN)/mypy

test: $(STAMP) $(AXE)  ## the whole test suite (the browser tests drive /usr/bin/chromium)
	$(BIN)/python -m pytest -q

# MyST (npm mystmd) is an anchor for the benchmark when npm can install it; the benchmark says when it cannot run.
MYST := $(VENV)/node/node_modules/.bin/myst
$(MYST):  # in a package of its own: npm would otherwise add it to the project's package.json above
	mkdir -p $(VENV)/node && echo '{"private": true}' > $(VENV)/node/package.json
	npm install --prefix $(VENV)/node --no-audit --no-fund --silent mystmd

bench: $(STAMP)  ## the benchmark (README, "Benchmark"): 1x, 10x and 100x; writes benchmarks/results.json
	-$(MAKE) --no-print-directory $(MYST)
	$(BIN)/python benchmarks/bench.py

bench-quick: $(STAMP)  ## the benchmark at 1x and 10x only, fewer runs
	-$(MAKE) --no-print-directory $(MYST)
	$(BIN)/python benchmarks/bench.py --quick

clean:
	rm -rf site $(VENV) .pytest_cache node_modules
