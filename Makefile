# The two set-up commands: `make site` and `make test`. Each installs what it needs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve schema lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## build site/ (with the PDF and data/facts.json)
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## validate and verify the content only
	$(BIN)/briefing check

serve: $(STAMP)  ## editors' live preview on http://127.0.0.1:8000 (refreshes the schemas' id suggestions first)
	$(BIN)/briefing schema >/dev/null
	$(BIN)/mkdocs serve --livereload

schema: $(STAMP)  ## rewrite content/schema/*.json from the models
	$(BIN)/briefing schema

lint: $(STAMP)
	$(BIN)/ruff check briefing tests build_charts.py
	$(BIN)/mypy

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest -q

clean:
	rm -rf site $(VENV) .pytest_cache
