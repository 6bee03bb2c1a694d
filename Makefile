# The two set-up commands: `make site` and `make test`. Each installs what it needs into .venv, at the
# exact versions in constraints.txt (`make constraints` refreshes them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core (accessibility checks in tests/browser) from the npm registry, pinned in package-lock.json;
# installed when npm is present (the browser tests say so and skip the checks otherwise, fail under CI=true).
AXE := node_modules/axe-core/axe.min.js
export NO_MKDOCS_2_WARNING := 1

# CONTENT=DIR: check, build, preview or print another content folder; its site goes beside it (DIR/../site),
# never over this briefing's. mkdocs.yml reads the three folders from the environment (!ENV).
CONTENT ?= content
SITE := $(if $(filter content,$(CONTENT)),site,$(abspath $(CONTENT)/..)/site)
FOLDERS := BRIEFING_CONTENT=$(abspath $(CONTENT)) BRIEFING_PAGES=$(abspath $(CONTENT))/pages BRIEFING_SITE=$(abspath $(SITE))

# The PDF is dated by the last commit that changed the content folder (reproducible: same content, same
# bytes); outside git, by the content's newest source (briefing/mkdocs/events.py).
CONTENT_DATE := $(shell git log -1 --format=%ct -- $(CONTENT) 2>/dev/null)
DATED := $(if $(CONTENT_DATE),SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$(CONTENT_DATE)},)

.PHONY: site pdf test check serve schema lint mutate bench bench-quick constraints compat clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/python -m compileall -q briefing  # bytecode now: PYTHONDONTWRITEBYTECODE may be set
	touch $(STAMP)

$(AXE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

site: $(STAMP)  ## build site/ (with the PDF and data/facts.json); CONTENT=DIR for another content folder
	$(FOLDERS) $(DATED) $(BIN)/mkdocs build --strict

pdf: $(STAMP)  ## build site/briefing.pdf alone
	$(DATED) $(BIN)/briefing pdf --content $(CONTENT)

check: $(STAMP)  ## validate and verify the content only
	$(BIN)/briefing check --content $(CONTENT)

serve: $(STAMP)  ## editors' live preview on http://127.0.0.1:8000 (refreshes the schemas' id suggestions first)
	$(BIN)/briefing schema --content $(CONTENT) >/dev/null
	$(FOLDERS) $(BIN)/mkdocs serve --livereload

schema: $(STAMP)  ## rewrite content/schema/*.json from the models
	$(BIN)/briefing schema

lint: $(STAMP)
	$(BIN)/ruff check briefing tests benchmarks
	$(BIN)/mypy

# The browser tests need Debian's chromium and npm: scripts/system-packages installs them when it runs as
# root with apt-get; otherwise the browser tests skip and say what to run (they fail under CI=true).
test: $(STAMP)  ## the whole test suite (the browser tests drive /usr/bin/chromium)
	scripts/system-packages
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(AXE); fi
	$(BIN)/python -m pytest -q

# Mutation testing (README, "Mutation testing"): mutmut, pinned in constraints.txt, installed into .venv only
# here. Configured in pyproject.toml ([tool.mutmut]); one worker, niced (the machine is shared); every run starts
# afresh (mutants/ removed), then prints the score of each module.
MUTMUT := $(VENV)/.mutmut
$(MUTMUT): $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,mutation]'
	touch $@

mutate: $(MUTMUT)  ## mutation testing of load, normalise, verify, derive, hardening and lines (hours)
	rm -rf mutants
	nice -n 10 $(BIN)/mutmut run --max-children 1
	$(BIN)/mutmut results --all true | $(BIN)/python scripts/mutation-score

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

# constraints.txt: every package of .venv at its exact version, resolved afresh (the newest releases
# pyproject.toml allows, never a pre-release) in a throwaway venv. Commit the result once `make test` passes.
constraints:  ## refresh constraints.txt (and constraints-compat.txt) from the newest allowed releases
	rm -rf .venv-refresh && $(PYTHON) -m venv .venv-refresh
	.venv-refresh/bin/pip install --quiet --upgrade pip
	.venv-refresh/bin/pip install --quiet -e '.[test,mutation]'
	{ sed -n '/^#/p' constraints.txt; .venv-refresh/bin/pip freeze --all --exclude-editable | grep -v '^setuptools=='; } > constraints.txt.new
	rm -rf .venv-refresh && $(PYTHON) -m venv .venv-refresh
	.venv-refresh/bin/pip install --quiet --upgrade pip
	.venv-refresh/bin/pip install --quiet $$($(PYTHON) scripts/compat-requirements)
	{ sed -n '/^#/p' constraints-compat.txt; .venv-refresh/bin/pip freeze --all | grep -v '^setuptools=='; } > constraints-compat.txt.new
	rm -rf .venv-refresh
	mv constraints.txt.new constraints.txt && mv constraints-compat.txt.new constraints-compat.txt

# The fallback stack (README, "Pinned versions and the fallback stack"): ProperDocs, the MkDocs 1.6 fork,
# with mkdocs-materialx (theme `materialx`). It ships a `material` package of its own, so it lives in a venv
# apart, installed package by package from constraints-compat.txt (--no-deps: nothing pulls mkdocs-material in).
COMPAT := .venv-compat
$(COMPAT)/.installed: pyproject.toml constraints-compat.txt
	$(PYTHON) -m venv $(COMPAT)
	$(COMPAT)/bin/pip install --quiet -c constraints-compat.txt --upgrade pip
	$(COMPAT)/bin/pip install --quiet --no-deps -r constraints-compat.txt
	$(COMPAT)/bin/pip install --quiet --no-deps -e .
	$(COMPAT)/bin/python -m compileall -q briefing
	touch $@

compat: $(STAMP) $(COMPAT)/.installed  ## build the site with the fallback stack into site-compat/ and compare it with site/
	$(DATED) $(BIN)/mkdocs build --strict --quiet
	printf '# Generated by make compat: mkdocs.yml with the fallback theme.\nINHERIT: mkdocs.yml\nsite_dir: site-compat\ntheme:\n  name: materialx\n' > .compat.yml
	$(DATED) $(COMPAT)/bin/properdocs build --strict --quiet --config-file .compat.yml
	$(BIN)/python benchmarks/compare_compat.py site site-compat

clean:
	rm -rf site site-compat .compat.yml mutants $(VENV) $(COMPAT) .venv-refresh .pytest_cache node_modules
