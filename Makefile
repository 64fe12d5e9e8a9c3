# litreview: Hugging Face Daily Papers dumps -> a themed, searchable, citable Sphinx site.
# `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# what building needs, and the test tools on top of it; both pinned by constraints.txt
SITE_STAMP := $(VENV)/.site-stamp
TEST_STAMP := $(VENV)/.test-stamp
PIP    := $(BIN)/pip install --quiet --constraint constraints.txt
PORT   ?= 8000
# pytest-xdist workers: one per core, at most 4 (each builds the shared fixtures once;
# JOBS=0 runs in this process, for a debugger)
JOBS   ?= auto
PYTEST := $(BIN)/pytest -q -n $(JOBS) --maxprocesses=4 --dist worksteal

.DEFAULT_GOAL := help
.PHONY: help install install-test site resolve serve test test-fast lint goldens fuzz eval \
        bench bench-weekly bench-weekly-quick bench-growth lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(SITE_STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(PIP) -e .
	@touch $@

$(TEST_STAMP): $(SITE_STAMP)
	$(PIP) -e '.[test]'
	@touch $@

install: $(SITE_STAMP) ## create .venv with what building the site needs (pinned)

install-test: $(TEST_STAMP) ## add the test tools to .venv (pinned)

site: $(SITE_STAMP) ## build the missing editions from dumps/ into site/ (newest also in site/latest/)
	$(BIN)/litreview build

resolve: $(SITE_STAMP) ## look up authors, arXiv ids and dates of new papers (network) into bib/identities.toml
	$(BIN)/litreview resolve

serve: site ## build what is missing, then serve site/ on http://localhost:8000/ (PORT=... to change)
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory site

test: $(TEST_STAMP) ## run the whole test suite: lint, types, unit, property and Sphinx builds
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy
	$(PYTEST)

test-fast: $(TEST_STAMP) ## the tests without real Sphinx builds
	$(PYTEST) -m 'not slow'

lint: $(TEST_STAMP) ## ruff and mypy only
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

goldens: $(TEST_STAMP) ## rewrite the golden files in tests/goldens/ from the current output
	$(BIN)/pytest -q tests/test_goldens.py --update-goldens

fuzz: $(TEST_STAMP) ## property tests at full budget: 30,000 strings per context (about an hour)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q --hypothesis-show-statistics \
	  tests/test_safety.py tests/test_safety_build.py tests/test_bibtex_clients.py

eval: $(TEST_STAMP) ## measure themes and related papers: labelled pairs, coherence per theme, arXiv corpus, representations
	PYTHONPATH=generator $(BIN)/python -m litreview_dev.eval

bench: $(TEST_STAMP) ## scaling benchmarks, 2,500-50,000 papers (~25 min): benchmarks/results/
	PYTHONPATH=generator $(BIN)/python -m benchmarks.bench

bench-weekly: $(TEST_STAMP) ## a year of weekly dumps on 6,000 papers: site size, files, build time (~40 min)
	PYTHONPATH=generator $(BIN)/python -m benchmarks.weekly

bench-weekly-quick: $(TEST_STAMP) ## the same, 8 weekly dumps (~5 min)
	PYTHONPATH=generator $(BIN)/python -m benchmarks.weekly --quick

bench-growth: $(TEST_STAMP) ## themes over 40 weekly dumps of arXiv papers vs one first edition (~2 min)
	PYTHONPATH=generator $(BIN)/python -m benchmarks.growth

lock: ## upgrade constraints.txt: the newest releases pyproject.toml allows, tested together
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[test]'
	( echo "# Pinned versions of everything \`make\` installs (build and test). Regenerate with"; \
	  echo "# \`make lock\`, then run \`make test\` and commit; see README, \"Dependencies\"."; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^pip==' ) > constraints.txt
	rm -rf .lock-venv

clean: ## remove build output and caches (keeps .venv)
	rm -rf site .cache
